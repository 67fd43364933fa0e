using System.Threading;
using Coco.Memory;
using Coco.SevSnp.Abi;
using Coco.Threading;

namespace Coco.SevSnp.Guest.Simulation
{
    /// <summary>What a guest's access to a private page of the simulated platform comes to.</summary>
    public enum SnpGuestAccess
    {
        /// <summary>The page is assigned to the guest and validated.</summary>
        Ok = 0,

        /// <summary>#VC with error code 0x404 (PAGE_NOT_VALIDATED): the page is the guest's but
        /// not validated, e.g. because the hypervisor took it back and gave it again.</summary>
        PageNotValidated = 0x404,

        /// <summary>The access exits to the hypervisor (#NPF), which does not resolve it: the
        /// guest would hang there.</summary>
        Stalled = -1,
    }

    /// <summary>One vCPU's GHCB MSR and the GHCB page it registered (in the state memory).</summary>
    public struct SimulatedVcpu
    {
        public ulong Id;
        public ulong Msr;
        public ulong RegisteredGhcb;
        public int InUse;
        public int Index;
    }

    /// <summary>
    /// An SEV-SNP machine for one GPA window, enough to run acceptance where there is no SNP (host
    /// tests, QEMU): the Reverse Map Table with one entry per 4 KiB page, PVALIDATE as the
    /// processor executes it against that table, and a hypervisor that answers page-state changes
    /// over the GHCB MSR protocol and the GHCB page (<see cref="SimulatedSnpHypervisor"/>),
    /// honestly or, when told, like a malicious one. Every rule cites its source beside it;
    /// docs/conformance/sev-snp.md lists them with their tests.
    /// <para>
    /// The RMP model (AMD APM vol. 2 §15.36, Table 15-34, through a secondary source; KVM
    /// arch/x86/kvm/svm/sev.c): per page Assigned (the guest's, else the hypervisor's: shared),
    /// Validated, and whether it belongs to a 2 MiB entry, whose 512 pages then share one state.
    /// GPA = SPA, one guest, no VMPLs, nothing immutable. The window's pages start shared and not
    /// validated (APM §15.36.4/5: only launch-measured pages start validated;
    /// <see cref="MarkValidated"/> models those). Where PVALIDATE does not answer but exits to the
    /// hypervisor (#NPF: the page is not the guest's, or a 4 KiB request meets a 2 MiB entry), the
    /// simulated hypervisor resolves it as KVM does and the instruction runs again: the guest sees
    /// only the final answer (<see cref="NpfExits"/> counts them).
    /// </para>
    /// <para>
    /// Bookkeeping beyond the RMP, for tests: whether a page was ever validated (so that a second
    /// validation, which the RMP alone cannot tell from a first, is counted in
    /// <see cref="Revalidations"/>) and whether the hypervisor took it back.
    /// </para>
    /// Thread-safe: the RMP changes under one lock, as RMPUPDATE/PVALIDATE are atomic per entry;
    /// each thread (.NET) or APIC ID (firmware) is one vCPU with its own GHCB MSR.
    /// </summary>
    public unsafe struct SimulatedSnpPlatform
    {
        public const int VcpuCapacity = 32;

        /// <summary>What a page reads as right after the hypervisor assigns it to the guest: its
        /// bytes decrypted with the guest's key, neither zero nor what was there (the model's
        /// stand-in; PVALIDATE itself writes nothing).</summary>
        public const byte ScrambledByte = 0xC5;

        // RMP entry bits, one byte per 4 KiB page.
        internal const byte Assigned = 1;
        internal const byte Validated = 2;
        internal const byte Large = 4;
        // Bookkeeping, not RMP fields.
        internal const byte EverValidated = 8;
        internal const byte Flipped = 16;

        private SimulatedSnpOptions _options;
        private ulong _windowBase;
        private ulong _pageCount;
        private byte* _rmp;
        private SimulatedVcpu* _vcpus;
        private byte* _ghcbPages;
        private byte* _backing;
        private int _lock;
        private long _pscSequence;
        private ulong _flipCursor;

        /// <summary>PVALIDATEs answered per size (what the guest saw, after any #NPF resolved).</summary>
        public long Pvalidates4K;
        public long Pvalidates2M;

        /// <summary>Answers with EAX 0 and CF 1 (the page already had the requested state).</summary>
        public long UnchangedAnswers;
        public long FailInputAnswers;
        public long SizeMismatchAnswers;

        /// <summary>Pages validated now.</summary>
        public long ValidatedPages;

        /// <summary>Validations of a page that had been validated before (and since lost its
        /// Validated bit): double validations. The RMP cannot tell them from first ones; the
        /// simulation can.</summary>
        public long Revalidations;

        /// <summary>PVALIDATEs or accesses that exited to the hypervisor (#NPF), which resolved
        /// them: PSMASH of a 2 MiB entry under a 4 KiB request, or making a shared page private.</summary>
        public long NpfExits;
        public long Psmashes;
        public long RmpUpdates;

        /// <summary>Page-state change requests: MSR protocol, GHCB exits, entries completed, errors answered.</summary>
        public long MsrPscRequests;
        public long GhcbPscExits;
        public long PscEntriesDone;
        public long PscErrors;

        /// <summary>GHCB MSR protocol requests answered (page-state changes included).</summary>
        public long MsrProtocolRequests;

        /// <summary>Validated pages the malicious hypervisor took back.</summary>
        public long FlippedPages;

        public ulong WindowBase => _windowBase;
        public ulong WindowEnd => _windowBase + (_pageCount << PageSize.Shift4K);
        public ulong PageCount => _pageCount;
        public SimulatedSnpOptions Options => _options;

        /// <summary>The hypervisor's behaviour; tests switch it between steps.</summary>
        public SnpHypervisorBehavior Behavior
        {
            get => _options.Behavior;
            set => _options.Behavior = value;
        }

        /// <summary>Bytes of state a window of <paramref name="pageCount"/> pages needs: the RMP,
        /// the vCPUs, and a GHCB page per vCPU (4 KiB aligned inside).</summary>
        public static ulong StateBytesFor(ulong pageCount) =>
            Align.Up(pageCount, 8) + (ulong)(VcpuCapacity * sizeof(SimulatedVcpu)) + (ulong)(VcpuCapacity + 1) * PageSize.Size4K;

        /// <summary>
        /// Sets up [<paramref name="windowBase"/>, + <paramref name="pageCount"/> pages) with every
        /// page shared. <paramref name="state"/> holds <see cref="StateBytesFor"/> bytes, 8-byte
        /// aligned; <paramref name="backing"/> is the window's memory or null.
        /// </summary>
        public static void Initialize(SimulatedSnpPlatform* platform, ulong windowBase, ulong pageCount, byte* state, byte* backing, in SimulatedSnpOptions options)
        {
            *platform = default;
            platform->_options = options;
            platform->_windowBase = windowBase;
            platform->_pageCount = pageCount;
            platform->_backing = backing;
            platform->_rmp = state;
            platform->_vcpus = (SimulatedVcpu*)(state + Align.Up(pageCount, 8));
            platform->_ghcbPages = (byte*)Align.Up((ulong)(platform->_vcpus + VcpuCapacity), PageSize.Size4K);
            new System.Span<byte>(state, (int)(Align.Up(pageCount, 8) + (ulong)(VcpuCapacity * sizeof(SimulatedVcpu)))).Clear();
        }

        /// <summary>Routes the SNP gate to <paramref name="platform"/>.</summary>
        public static void Install(SimulatedSnpPlatform* platform) => SnpGate.Install(new SnpGateHandlers
        {
            Pvalidate = &HandlePvalidate,
            Vmgexit = &HandleVmgexit,
            ReadGhcbMsr = &HandleReadMsr,
            WriteGhcbMsr = &HandleWriteMsr,
        }, platform);

        public bool IsValidated(ulong gpa) => InWindow(gpa) && (Entry(gpa) & Validated) != 0;

        public bool IsAssigned(ulong gpa) => InWindow(gpa) && (Entry(gpa) & Assigned) != 0;

        /// <summary>True when the page belongs to a 2 MiB RMP entry.</summary>
        public bool IsLargeEntry(ulong gpa) => InWindow(gpa) && (Entry(gpa) & Large) != 0;

        /// <summary>True when the malicious hypervisor took the page back after it was validated.</summary>
        public bool WasFlipped(ulong gpa) => InWindow(gpa) && (Entry(gpa) & Flipped) != 0;

        /// <summary>Validated pages in [start, end) (clamped to the window).</summary>
        public ulong ValidatedPagesIn(ulong start, ulong end)
        {
            start = start < _windowBase ? _windowBase : start;
            end = end > WindowEnd ? WindowEnd : end;
            ulong count = 0;
            for (ulong gpa = Align.Down(start, PageSize.Size4K); gpa < end; gpa += PageSize.Size4K)
            {
                if ((Entry(gpa) & Validated) != 0)
                {
                    count++;
                }
            }
            return count;
        }

        /// <summary>This thread's (vCPU's) GHCB MSR and registered GHCB page.</summary>
        public ulong CurrentVcpuMsr => CurrentVcpu()->Msr;

        public ulong CurrentVcpuGhcb => CurrentVcpu()->RegisteredGhcb;

        /// <summary>
        /// Marks [start, end) (4 KiB aligned, inside the window) assigned and validated as 4 KiB
        /// entries without the guest doing it: pages the firmware validated before (OVMF validates
        /// memory below 4 GiB in PEI, and launch-measured pages start validated). A memory map that
        /// still calls them unaccepted makes the next PVALIDATE answer CF = 1.
        /// </summary>
        public void MarkValidated(ulong start, ulong end)
        {
            if (start < _windowBase || end > WindowEnd || start >= end)
            {
                return;
            }
            Lock();
            for (ulong gpa = start; gpa < end; gpa += PageSize.Size4K)
            {
                if ((Entry(gpa) & Large) != 0)
                {
                    Psmash(gpa);
                }
                if ((Entry(gpa) & Validated) == 0)
                {
                    Interlocked.Increment(ref ValidatedPages);
                }
                SetEntry(gpa, (byte)(Entry(gpa) & Flipped | Assigned | Validated | EverValidated));
            }
            Unlock();
        }

        /// <summary>
        /// The guest reads or writes the private page at <paramref name="gpa"/> (C-bit set). A page
        /// that is not the guest's exits to the hypervisor (#NPF), which makes it private (the
        /// implicit conversion KVM does for a shared page the guest touches privately;
        /// sev_handle_rmp_fault); a page that is the guest's but not validated raises #VC with
        /// error code 0x404 (APM vol. 2 §15.36.10), which edk2, Linux and coconut-svsm all treat
        /// as fatal rather than validating it.
        /// </summary>
        public SnpGuestAccess Access(ulong gpa)
        {
            if (!InWindow(gpa))
            {
                FailFast.Halt("simulated SNP: a guest access outside the simulated window");
            }
            Lock();
            if ((Entry(gpa) & Assigned) == 0)
            {
                if (_options.Behavior == SnpHypervisorBehavior.IgnorePsc)
                {
                    Unlock();
                    return SnpGuestAccess.Stalled;
                }
                Interlocked.Increment(ref NpfExits);
                AssignPrivate(Align.Down(gpa, PageSize.Size4K), false);
            }
            SnpGuestAccess access = (Entry(gpa) & Validated) != 0 ? SnpGuestAccess.Ok : SnpGuestAccess.PageNotValidated;
            Unlock();
            return access;
        }

        /// <summary>
        /// PVALIDATE with RAX = <paramref name="rax"/>, RCX = <paramref name="rcx"/>,
        /// RDX = <paramref name="validate"/>. The checks, in the order the model applies them
        /// (APM vol. 2 Tables 15-39/15-40 through a secondary source; the order of FAIL_INPUT
        /// against the RMP checks is not settled by a public primary text):
        /// RCX above 1 or RAX not aligned to the page size: FAIL_INPUT (1); a page of the request
        /// not the guest's: #NPF to the hypervisor; a 4 KiB request inside a 2 MiB entry: #NPF with
        /// SIZEM, the hypervisor PSMASHes; a 2 MiB request over 4 KiB entries: FAIL_SIZEMISMATCH
        /// (6); Validated already as requested: EAX 0, CF 1, nothing changed; else the Validated
        /// bit of the entry (all 512 pages of a 2 MiB one) set or cleared, EAX 0, CF 0. The page's
        /// contents are not touched.
        /// </summary>
        public PvalidateResult Pvalidate(ulong rax, uint rcx, bool validate)
        {
            if (rcx > 1)
            {
                return Answer(new PvalidateResult(PvalidateResult.FailInput, false), PageSize.Size4K);
            }
            bool large = rcx == (uint)RmpPageSize.Size2M;
            ulong size = large ? PageSize.Size2M : PageSize.Size4K;
            if (!Align.IsAligned(rax, size))
            {
                return Answer(new PvalidateResult(PvalidateResult.FailInput, false), size);
            }
            if (!InWindow(rax, size >> PageSize.Shift4K))
            {
                // The RMP check would exit to the hypervisor, which has no memory there to give.
                FailFast.Halt("simulated SNP: PVALIDATE of an address outside the simulated window; the hypervisor has no memory there");
            }
            for (int exits = 0; ; exits++)
            {
                Lock();
                int fault = Check(rax, large, validate, out PvalidateResult result);
                if (fault == NoFault)
                {
                    Unlock();
                    return Answer(result, size);
                }
                if (fault == FaultNotAssigned && _options.Behavior == SnpHypervisorBehavior.IgnorePsc)
                {
                    Unlock();
                    FailFast.Halt("simulated SNP: PVALIDATE of a page the hypervisor never made private exits to it (#NPF), and it does not fix that: the guest hangs here");
                }
                if (fault == FaultNotAssigned)
                {
                    // KVM: an RMP fault on a GPA it holds shared is an implicit conversion to
                    // private (sev_handle_rmp_fault, KVM_EXIT_MEMORY_FAULT to the VMM).
                    AssignPrivate(rax, large);
                }
                else
                {
                    // KVM sev_handle_rmp_fault: PFERR_GUEST_SIZEM -> snp_rmptable_psmash.
                    Psmash(rax);
                }
                Unlock();
                Interlocked.Increment(ref NpfExits);
                if (exits == 3)
                {
                    FailFast.Halt("simulated SNP: the hypervisor could not resolve a #NPF on PVALIDATE");
                }
            }
        }

        private const int NoFault = 0;
        private const int FaultNotAssigned = 1;
        private const int FaultSizeMismatch = 2;

        /// <summary>PVALIDATE's RMP checks and update, under the lock.</summary>
        private int Check(ulong gpa, bool large, bool validate, out PvalidateResult result)
        {
            result = default;
            ulong pages = large ? PageSize.EntriesPerLevel : 1;
            for (ulong i = 0; i < pages; i++)
            {
                if ((Entry(gpa + (i << PageSize.Shift4K)) & Assigned) == 0)
                {
                    return FaultNotAssigned;
                }
            }
            byte entry = Entry(gpa);
            if (!large && (entry & Large) != 0)
            {
                return FaultSizeMismatch;
            }
            if (large && (entry & Large) == 0)
            {
                result = new PvalidateResult(PvalidateResult.FailSizeMismatch, false);
                return NoFault;
            }
            if (((entry & Validated) != 0) == validate)
            {
                result = new PvalidateResult(PvalidateResult.Success, true);
                return NoFault;
            }
            for (ulong i = 0; i < pages; i++)
            {
                ulong page = gpa + (i << PageSize.Shift4K);
                byte e = Entry(page);
                if (validate)
                {
                    if ((e & EverValidated) != 0)
                    {
                        Interlocked.Increment(ref Revalidations);
                    }
                    SetEntry(page, (byte)(e | Validated | EverValidated));
                }
                else
                {
                    SetEntry(page, (byte)(e & ~Validated));
                }
            }
            Interlocked.Add(ref ValidatedPages, validate ? (long)pages : -(long)pages);
            result = new PvalidateResult(PvalidateResult.Success, false);
            return NoFault;
        }

        private PvalidateResult Answer(PvalidateResult result, ulong size)
        {
            Interlocked.Increment(ref size == PageSize.Size2M ? ref Pvalidates2M : ref Pvalidates4K);
            if (result.IsUnchanged)
            {
                Interlocked.Increment(ref UnchangedAnswers);
            }
            else if (result.Code == PvalidateResult.FailInput)
            {
                Interlocked.Increment(ref FailInputAnswers);
            }
            else if (result.Code == PvalidateResult.FailSizeMismatch)
            {
                Interlocked.Increment(ref SizeMismatchAnswers);
            }
            return result;
        }

        /// <summary>
        /// RMPUPDATE to private, as the hypervisor does for a page-state change to private, under
        /// the lock: a 2 MiB request on a wholly shared 2 MiB range inside the window becomes one
        /// 2 MiB entry when the hypervisor has 2 MiB backing (KVM sev_gmem_prepare,
        /// is_large_rmp_possible); otherwise each shared page becomes a 4 KiB entry. A page already
        /// the guest's is left as it is, Validated included (KVM sev_gmem_prepare: "already
        /// assigned"). Every RMPUPDATE clears Validated (APM vol. 2 §15.36.6).
        /// </summary>
        internal void AssignPrivate(ulong gpa, bool large)
        {
            if (large && _options.LargeRmpEntries && AllShared(gpa))
            {
                for (ulong i = 0; i < PageSize.EntriesPerLevel; i++)
                {
                    ulong page = gpa + (i << PageSize.Shift4K);
                    SetEntry(page, (byte)(Entry(page) & (EverValidated | Flipped) | Assigned | Large));
                }
                Interlocked.Increment(ref RmpUpdates);
                Scramble(gpa, PageSize.Size2M);
                return;
            }
            ulong pages = large ? PageSize.EntriesPerLevel : 1;
            for (ulong i = 0; i < pages; i++)
            {
                ulong page = gpa + (i << PageSize.Shift4K);
                byte entry = Entry(page);
                if ((entry & Assigned) != 0)
                {
                    continue;
                }
                if ((entry & Large) != 0)
                {
                    Psmash(page);
                    entry = Entry(page);
                }
                SetEntry(page, (byte)(entry & (EverValidated | Flipped) | Assigned));
                Interlocked.Increment(ref RmpUpdates);
                Scramble(page, PageSize.Size4K);
            }
        }

        /// <summary>
        /// RMPUPDATE to shared (hypervisor-owned), under the lock: a 4 KiB request inside a 2 MiB
        /// entry PSMASHes it first (KVM sev_gmem_invalidate). Validated is cleared with the
        /// ownership (APM vol. 2 §15.36.6). Shared pages are kept as 4 KiB entries.
        /// </summary>
        internal void AssignShared(ulong gpa, bool large)
        {
            if (!large && (Entry(gpa) & Large) != 0)
            {
                Psmash(gpa);
            }
            ulong pages = large ? PageSize.EntriesPerLevel : 1;
            for (ulong i = 0; i < pages; i++)
            {
                ulong page = gpa + (i << PageSize.Shift4K);
                byte entry = Entry(page);
                if ((entry & Assigned) == 0)
                {
                    continue;
                }
                if ((entry & Validated) != 0)
                {
                    Interlocked.Decrement(ref ValidatedPages);
                }
                SetEntry(page, (byte)(entry & (EverValidated | Flipped)));
                Interlocked.Increment(ref RmpUpdates);
            }
        }

        /// <summary>PSMASH: the 2 MiB entry holding <paramref name="gpa"/> becomes 512 4 KiB
        /// entries with the same fields, Validated included (APM vol. 2 §15.36.11; KVM
        /// snp_rmptable_psmash).</summary>
        internal void Psmash(ulong gpa)
        {
            ulong region = Align.Down(gpa, PageSize.Size2M);
            for (ulong i = 0; i < PageSize.EntriesPerLevel; i++)
            {
                ulong page = region + (i << PageSize.Shift4K);
                SetEntry(page, (byte)(Entry(page) & ~Large));
            }
            Interlocked.Increment(ref Psmashes);
        }

        /// <summary>The malicious hypervisor's move (under the lock): the next validated page from
        /// where it stopped last time goes back to shared.</summary>
        internal void FlipOneValidatedPage()
        {
            for (ulong n = 0; n < _pageCount; n++)
            {
                ulong index = (_flipCursor + n) % _pageCount;
                ulong gpa = _windowBase + (index << PageSize.Shift4K);
                byte entry = Entry(gpa);
                if ((entry & Validated) != 0)
                {
                    AssignShared(gpa, false);
                    SetEntry(gpa, (byte)(Entry(gpa) | Flipped));
                    Interlocked.Increment(ref FlippedPages);
                    _flipCursor = index + 1;
                    return;
                }
            }
        }

        /// <summary>True when [gpa, +2 MiB) lies in the window and every page of it is shared.</summary>
        private bool AllShared(ulong gpa)
        {
            if (!Align.IsAligned(gpa, PageSize.Size2M) || gpa < _windowBase || gpa + PageSize.Size2M > WindowEnd)
            {
                return false;
            }
            for (ulong i = 0; i < PageSize.EntriesPerLevel; i++)
            {
                if ((Entry(gpa + (i << PageSize.Shift4K)) & Assigned) != 0)
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>True when [gpa, + pages) lies in the window.</summary>
        internal bool InWindow(ulong gpa, ulong pages)
        {
            ulong first = gpa - _windowBase;
            return gpa >= _windowBase && (first >> PageSize.Shift4K) < _pageCount && pages <= _pageCount - (first >> PageSize.Shift4K);
        }

        private bool InWindow(ulong gpa) => gpa >= _windowBase && ((gpa - _windowBase) >> PageSize.Shift4K) < _pageCount;

        internal byte Entry(ulong gpa) => _rmp[(gpa - _windowBase) >> PageSize.Shift4K];

        private void SetEntry(ulong gpa, byte value) => _rmp[(gpa - _windowBase) >> PageSize.Shift4K] = value;

        private void Scramble(ulong gpa, ulong size)
        {
            if (_backing != null)
            {
                new System.Span<byte>(_backing + (gpa - _windowBase), (int)size).Fill(ScrambledByte);
            }
        }

        /// <summary>The calling vCPU, claimed on first use: its GHCB MSR starts with its own
        /// registered GHCB page when the firmware has one (<see cref="SimulatedSnpOptions.FirmwareGhcb"/>), else 0.</summary>
        internal SimulatedVcpu* CurrentVcpu()
        {
            ulong id = SnpHardware.CurrentVcpuId();
            for (int i = 0; i < VcpuCapacity; i++)
            {
                SimulatedVcpu* vcpu = _vcpus + i;
                if (Volatile.Read(ref vcpu->InUse) == 1 && vcpu->Id == id)
                {
                    return vcpu;
                }
            }
            for (int i = 0; i < VcpuCapacity; i++)
            {
                SimulatedVcpu* vcpu = _vcpus + i;
                if (Interlocked.CompareExchange(ref vcpu->InUse, 2, 0) == 0)
                {
                    vcpu->Id = id;
                    vcpu->Index = i;
                    byte* ghcb = GhcbPage(i);
                    new System.Span<byte>(ghcb, GhcbLayout.PageBytes).Clear();
                    *(ushort*)(ghcb + GhcbLayout.ProtocolVersion) = GhcbLayout.SnpProtocolVersion;
                    vcpu->RegisteredGhcb = _options.FirmwareGhcb ? (ulong)ghcb : 0;
                    vcpu->Msr = vcpu->RegisteredGhcb;
                    Interlocked.Exchange(ref vcpu->InUse, 1);
                    return vcpu;
                }
            }
            FailFast.Halt("simulated SNP: more vCPUs than the simulation has room for (32)");
            return null;
        }

        /// <summary>The GHCB page vCPU <paramref name="index"/> may register (the firmware's, in
        /// the state memory).</summary>
        public byte* GhcbPage(int index) => _ghcbPages + (ulong)index * PageSize.Size4K;

        internal void Lock()
        {
            fixed (int* word = &_lock)
            {
                InterlockedSpinLock.Acquire(word);
            }
        }

        internal void Unlock()
        {
            fixed (int* word = &_lock)
            {
                InterlockedSpinLock.Release(word);
            }
        }

        internal long NextPscRequest() => Interlocked.Increment(ref _pscSequence);

        private static PvalidateResult HandlePvalidate(void* context, ulong address, RmpPageSize size, bool validate) =>
            ((SimulatedSnpPlatform*)context)->Pvalidate(address, (uint)size, validate);

        private static void HandleVmgexit(void* context) =>
            SimulatedSnpHypervisor.Vmgexit((SimulatedSnpPlatform*)context);

        private static ulong HandleReadMsr(void* context) => ((SimulatedSnpPlatform*)context)->CurrentVcpu()->Msr;

        private static void HandleWriteMsr(void* context, ulong value) => ((SimulatedSnpPlatform*)context)->CurrentVcpu()->Msr = value;
    }
}
