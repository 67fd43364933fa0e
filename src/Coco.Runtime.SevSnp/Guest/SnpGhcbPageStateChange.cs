using System.Threading;
using Coco.SevSnp.Abi;

namespace Coco.SevSnp.Guest
{
    /// <summary>Why a GHCB page-state change failed.</summary>
    public enum GhcbPscFailure
    {
        None = 0,

        /// <summary>SW_EXITINFO1 was not 0: the hypervisor refused the exit (bad input, or an
        /// exception to inject).</summary>
        ExitRefused = 1,

        /// <summary>SW_EXITINFO2 was not 0: the hypervisor's page-state change status.</summary>
        StatusError = 2,

        /// <summary>The hypervisor set the header's reserved word.</summary>
        ReservedSet = 3,

        /// <summary>The hypervisor changed EndEntry.</summary>
        EndEntryChanged = 4,

        /// <summary>CurrentEntry went backwards.</summary>
        WentBackwards = 5,

        /// <summary><see cref="SnpAcceptorState.StalledExitLimit"/> exits in a row made no progress.</summary>
        Stalled = 6,
    }

    /// <summary>What one page-state change through the GHCB did.</summary>
    public struct GhcbPscOutcome
    {
        public GhcbPscFailure Failure;

        /// <summary>SW_EXITINFO1 and SW_EXITINFO2 after the last VMGEXIT.</summary>
        public ulong ExitInfo1;
        public ulong ExitInfo2;

        /// <summary>VMGEXITs it took.</summary>
        public int Exits;

        public bool IsError => Failure != GhcbPscFailure.None;
    }

    /// <summary>
    /// A page-state change of up to 253 entries through the firmware's GHCB page, as edk2 does
    /// (OvmfPkg/Library/BaseMemEncryptSevLib/X64/SnpPageStateChangeInternal.c
    /// PageStateChangeVmgExit; CcExitLib.c CcExitVmgInit/CcExitVmgExit): interrupts off, the save
    /// area zeroed, the descriptor in the shared buffer, SW_EXITCODE 0x80000010 with SW_EXITINFO1/2
    /// = 0 and SW_SCRATCH = the shared buffer, each marked valid; VMGEXIT again until CurrentEntry
    /// passes EndEntry. Any SW_EXITINFO1 or SW_EXITINFO2 other than 0 fails (edk2, Linux
    /// vmgexit_psc), and so does a hypervisor that sets the reserved word or moves backwards
    /// (Linux: "Reserved bit is set in the PSC header", "PSC processing going backward") or makes
    /// no progress <see cref="SnpAcceptorState.StalledExitLimit"/> times in a row (edk2 and Linux
    /// would loop forever). The protocol version and usage words are the firmware's, set when it
    /// set the GHCB up (edk2 OvmfPkg/Sec/AmdSev.c), and left alone.
    /// <para>
    /// The entries are copied in from the caller's private memory and never read back: the shared
    /// page is the hypervisor's to write, so what the guest then validates comes from its own copy.
    /// </para>
    /// </summary>
    public static unsafe class SnpGhcbPageStateChange
    {
        public static GhcbPscOutcome Run(SnpAcceptorState* state, byte* ghcb, ulong* entries, int count)
        {
            GhcbPscOutcome outcome = default;
            if (count <= 0)
            {
                return outcome;
            }
            if (count > PageStateChangeEntry.MaxEntries)
            {
                FailFast.Halt("SNP page-state change: more than 253 entries for one GHCB descriptor");
            }
            ulong interrupts = SnpHardware.DisableInterrupts();
            new System.Span<byte>(ghcb, GhcbLayout.SaveAreaBytes).Clear();
            PageStateChangeHeader* header = (PageStateChangeHeader*)(ghcb + GhcbLayout.SharedBuffer);
            ulong* shared = (ulong*)(ghcb + GhcbLayout.SharedBuffer + PageStateChangeHeader.Bytes);
            header->CurrentEntry = 0;
            header->EndEntry = (ushort)(count - 1);
            header->Reserved = 0;
            for (int i = 0; i < count; i++)
            {
                shared[i] = entries[i];
            }
            ushort end = (ushort)(count - 1);
            ushort lastEntry = 0;
            uint lastPage = 0;
            int stalled = 0;
            while (header->CurrentEntry <= end)
            {
                GhcbLayout.WriteQword(ghcb, GhcbLayout.SwExitCode, GhcbLayout.ExitPageStateChange);
                GhcbLayout.WriteQword(ghcb, GhcbLayout.SwExitInfo1, 0);
                GhcbLayout.WriteQword(ghcb, GhcbLayout.SwExitInfo2, 0);
                GhcbLayout.WriteQword(ghcb, GhcbLayout.SwScratch, (ulong)(ghcb + GhcbLayout.SharedBuffer));
                GhcbLayout.SetValid(ghcb, GhcbLayout.SwExitCode);
                GhcbLayout.SetValid(ghcb, GhcbLayout.SwExitInfo1);
                GhcbLayout.SetValid(ghcb, GhcbLayout.SwExitInfo2);
                GhcbLayout.SetValid(ghcb, GhcbLayout.SwScratch);
                Interlocked.Increment(ref state->GhcbPscExits);
                outcome.Exits++;
                SnpGate.Vmgexit();

                outcome.ExitInfo1 = GhcbLayout.ReadQword(ghcb, GhcbLayout.SwExitInfo1);
                outcome.ExitInfo2 = GhcbLayout.ReadQword(ghcb, GhcbLayout.SwExitInfo2);
                ushort current = header->CurrentEntry;
                if ((uint)outcome.ExitInfo1 != 0)
                {
                    outcome.Failure = GhcbPscFailure.ExitRefused;
                }
                else if (outcome.ExitInfo2 != 0)
                {
                    outcome.Failure = GhcbPscFailure.StatusError;
                }
                else if (header->Reserved != 0)
                {
                    outcome.Failure = GhcbPscFailure.ReservedSet;
                }
                else if (header->EndEntry != end)
                {
                    outcome.Failure = GhcbPscFailure.EndEntryChanged;
                }
                else if (current < lastEntry)
                {
                    outcome.Failure = GhcbPscFailure.WentBackwards;
                }
                if (outcome.IsError)
                {
                    break;
                }
                // Progress: a later entry, or more pages of the same (a 2 MiB entry done in part).
                uint page = current <= end ? PageStateChangeEntry.CurrentPageOf(shared[current]) : 0;
                if (current == lastEntry && page <= lastPage)
                {
                    if (++stalled >= state->StalledExitLimit)
                    {
                        outcome.Failure = GhcbPscFailure.Stalled;
                        break;
                    }
                }
                else
                {
                    stalled = 0;
                }
                lastEntry = current;
                lastPage = page;
            }
            SnpHardware.RestoreInterrupts(interrupts);
            return outcome;
        }
    }
}
