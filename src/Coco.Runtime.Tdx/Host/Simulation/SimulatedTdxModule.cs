using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Coco.Tdx.Abi;
using Coco.Memory;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// The host (VMM) side of a simulated TDX module, behind <see cref="SeamcallGate"/>:
    /// TDH.SYS.CONFIG validates TDMR_INFO the way the module does (<see cref="SysConfigRules"/>),
    /// TDH.SYS.TDMR.INIT initializes TDMRs in chunks, TDH.PHYMEM.PAMT.ADD/REMOVE keep per-2 MiB
    /// page pairs, TDH.MEM.PAGE.AUG needs the pair, and TDH.PHYMEM.PAGE.RECLAIM takes a page
    /// back. Failures use the module's status codes and operand ids. Locks never wait: a
    /// contended 2 MiB region answers TDX_OPERAND_BUSY, and <see cref="BusyInjector"/> adds
    /// more at a chosen rate.
    ///
    /// Simplifications: no TDs (AUG's TDR operand is only checked for alignment, GPAs are not
    /// tracked), 4 KiB AUG only, no key configuration step, RECLAIM takes back any page AUG
    /// gave without a TD teardown.
    /// </summary>
    public sealed unsafe class SimulatedTdxModule : IDisposable
    {
        private const ulong StaticPamtInitBytes = 1024 * PageSize.Size4K;
        private const ulong DynamicPamtInitBytes = 4096 * PageSize.Size4K;

        private static SimulatedTdxModule? s_current;

        private readonly object _configLock = new object();
        private readonly ConcurrentDictionary<ulong, PamtRegionState> _regions = new ConcurrentDictionary<ulong, PamtRegionState>();
        private readonly ConcurrentDictionary<ulong, byte> _pamtPages = new ConcurrentDictionary<ulong, byte>();
        private readonly ConcurrentDictionary<ulong, byte> _tdPages = new ConcurrentDictionary<ulong, byte>();
        private readonly PhysicalRange[] _cmrs;
        private SimulatedTdmr[] _tdmrs = Array.Empty<SimulatedTdmr>();
        private volatile bool _configured;
        private bool _dynamicPamt;
        private delegate*<TdxRegisters*, void> _previousHandler;
        private bool _installed;
        private long _seamcalls;
        private long _pairsAdded;

        public SimulatedTdxModule(IReadOnlyList<PhysicalRange> cmrs, SimulatedModuleOptions? options = null)
        {
            _cmrs = new PhysicalRange[cmrs.Count];
            for (int i = 0; i < cmrs.Count; i++)
            {
                _cmrs[i] = cmrs[i];
            }
            Options = options ?? new SimulatedModuleOptions();
            Busy = new BusyInjector(Options.BusyRate, Options.Seed);
            Memory = Options.Memory ?? IdentityMappedMemory.Instance;
        }

        public SimulatedModuleOptions Options { get; }

        public BusyInjector Busy { get; }

        public ISimulatedPhysicalMemory Memory { get; }

        public IReadOnlyList<PhysicalRange> Cmrs => _cmrs;

        public bool IsConfigured => _configured;

        public bool DynamicPamtEnabled => _dynamicPamt;

        public IReadOnlyList<SimulatedTdmr> Tdmrs => _tdmrs;

        public long SeamcallCount => Interlocked.Read(ref _seamcalls);

        /// <summary>Successful PAMT.ADDs since the module started.</summary>
        public long PairsAdded => Interlocked.Read(ref _pairsAdded);

        /// <summary>2 MiB regions that hold a PAMT page pair now.</summary>
        public int PagePairCount
        {
            get
            {
                int count = 0;
                foreach (PamtRegionState region in _regions.Values)
                {
                    if (region.HasPair)
                    {
                        count++;
                    }
                }
                return count;
            }
        }

        /// <summary>4 KiB pages in use as PAMT pages (the PAMT_PAGE_BITMAP's set bits).</summary>
        public int PamtPageCount => _pamtPages.Count;

        /// <summary>4 KiB pages given to TDs by AUG and not reclaimed.</summary>
        public int TdPageCount => _tdPages.Count;

        /// <summary>Routes every SEAMCALL to this module until disposed.</summary>
        public SimulatedTdxModule Install()
        {
            s_current = this;
            _previousHandler = SeamcallGate.Install(&Dispatch);
            _installed = true;
            return this;
        }

        public void Dispose()
        {
            if (_installed)
            {
                SeamcallGate.Install(_previousHandler);
                if (ReferenceEquals(s_current, this))
                {
                    s_current = null;
                }
                _installed = false;
            }
        }

        private static void Dispatch(TdxRegisters* registers)
        {
            SimulatedTdxModule? module = s_current;
            registers->Rax = module is null ? TdxStatusCode.SeamcallVmFailInvalid : module.Handle(registers).Value;
        }

        /// <summary>Runs one SEAMCALL; outputs go back into <paramref name="registers"/>.</summary>
        public TdxStatus Handle(TdxRegisters* registers)
        {
            Interlocked.Increment(ref _seamcalls);
            ulong leaf = registers->Rax & SeamcallLeaf.LeafMask;
            ulong version = (registers->Rax >> SeamcallLeaf.VersionShift) & 0xFF;
            if (version != 0 || (registers->Rax >> 24) != 0)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rax);
            }
            return leaf switch
            {
                SeamcallLeaf.TdhSysConfig => SysConfig(registers->Rcx, registers->Rdx, registers->R8),
                SeamcallLeaf.TdhSysTdmrInit => SysTdmrInit(registers),
                SeamcallLeaf.TdhPhymemPamtAdd => PamtAdd(registers->Rcx, registers->Rdx, registers->R8),
                SeamcallLeaf.TdhPhymemPamtRemove => PamtRemove(registers),
                SeamcallLeaf.TdhMemPageAug => PageAug(registers->Rcx, registers->Rdx, registers->R8),
                SeamcallLeaf.TdhPhymemPageReclaim => PageReclaim(registers->Rcx),
                _ => TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rax),
            };
        }

        private TdxStatus SysConfig(ulong tdmrAddressArray, ulong count, ulong options)
        {
            lock (_configLock)
            {
                if (_configured)
                {
                    return new TdxStatus(TdxStatusCode.SysConfigNotPending);
                }
                if (!Align.IsAligned(tdmrAddressArray, TdmrInfoAlignment) || tdmrAddressArray == 0)
                {
                    return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
                }
                if (count < 1 || count > (ulong)Options.MaxTdmrs)
                {
                    return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx);
                }
                ulong hkid = options & SysConfigOptions.HkidMask;
                bool dynamicPamt = (options & SysConfigOptions.DynamicPamt) != 0;
                ulong reserved = options & ~(SysConfigOptions.HkidMask | SysConfigOptions.DynamicPamt);
                if (reserved != 0 || hkid < Options.FirstPrivateHkid || hkid > Options.LastPrivateHkid ||
                    (dynamicPamt && !Options.SupportsDynamicPamt))
                {
                    return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.R8);
                }

                var rules = new SysConfigRules(_cmrs, dynamicPamt, Options.PhysicalAddressBits);
                var tdmrs = new List<SimulatedTdmr>((int)count);
                Span<byte> address = stackalloc byte[8];
                byte[] entry = new byte[TdmrInfoReader.EntryBytes(Options.MaxReservedAreasPerTdmr)];
                for (int i = 0; i < (int)count; i++)
                {
                    Memory.Read(tdmrAddressArray + (ulong)i * 8, address);
                    ulong entryAddress = BitConverter.ToUInt64(address);
                    if (!Align.IsAligned(entryAddress, TdmrInfoAlignment) || entryAddress == 0)
                    {
                        return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
                    }
                    Memory.Read(entryAddress, entry);
                    tdmrs.Add(TdmrInfoReader.Read(entry, Options.MaxReservedAreasPerTdmr));
                    TdxStatus status = rules.Check(tdmrs, i);
                    if (!status.IsSuccess)
                    {
                        // Nothing is kept from a failed configuration; the VMM may try again.
                        return status;
                    }
                }
                foreach (SimulatedTdmr tdmr in tdmrs)
                {
                    tdmr.NextToInitialize = tdmr.Base;
                }
                _tdmrs = tdmrs.ToArray();
                _dynamicPamt = dynamicPamt;
                _configured = true;
                return TdxStatus.Success;
            }
        }

        private const ulong TdmrInfoAlignment = 512;

        private TdxStatus SysTdmrInit(TdxRegisters* registers)
        {
            registers->Rdx = 0;
            ulong tdmrBase = registers->Rcx;
            if (!_configured)
            {
                return new TdxStatus(TdxStatusCode.SysNotReady);
            }
            if (!Align.IsAligned(tdmrBase, PageSize.Size1G))
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            SimulatedTdmr? tdmr = Array.Find(_tdmrs, t => t.Base == tdmrBase);
            if (tdmr is null)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            if (Interlocked.CompareExchange(ref tdmr.InitLock, 1, 0) != 0)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            }
            try
            {
                if (tdmr.IsInitialized)
                {
                    return new TdxStatus(TdxStatusCode.TdmrAlreadyInitialized);
                }
                ulong chunk = _dynamicPamt ? DynamicPamtInitBytes : StaticPamtInitBytes;
                tdmr.NextToInitialize = Math.Min(tdmr.NextToInitialize + chunk, tdmr.End);
                // Rounded down to 1 GiB so the VMM never uses a half-initialized 1 GiB block.
                registers->Rdx = tdmr.NextToInitialize == tdmr.End ? tdmr.End : Align.Down(tdmr.NextToInitialize, PageSize.Size1G);
                return TdxStatus.Success;
            }
            finally
            {
                Volatile.Write(ref tdmr.InitLock, 0);
            }
        }

        private TdxStatus PamtAdd(ulong regionOperand, ulong page0, ulong page1)
        {
            TdxStatus status = CheckPamtOperands(regionOperand, out PamtRegionState? region);
            if (!status.IsSuccess)
            {
                return status;
            }
            status = CheckPairPage(page0, TdxOperandId.Rdx);
            if (!status.IsSuccess)
            {
                return status;
            }
            status = CheckPairPage(page1, TdxOperandId.R8);
            if (!status.IsSuccess)
            {
                return status;
            }
            if (Busy.ShouldFail() || !region!.Lock.TryEnterExclusive())
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            }
            try
            {
                if (region.HasPair)
                {
                    return TdxStatus.WithOperand(TdxStatusCode.HpaRangeNotFree, TdxOperandId.Rcx);
                }
                if (_tdPages.ContainsKey(page0))
                {
                    return TdxStatus.WithOperand(TdxStatusCode.PageNotFree, TdxOperandId.Rdx);
                }
                if (_tdPages.ContainsKey(page1))
                {
                    return TdxStatus.WithOperand(TdxStatusCode.PageNotFree, TdxOperandId.R8);
                }
                // Test-and-set the PAMT_PAGE_BITMAP bits, undoing the first if the second is taken.
                if (!_pamtPages.TryAdd(page0, 0))
                {
                    return TdxStatus.WithOperand(TdxStatusCode.PageNotFree, TdxOperandId.Rdx);
                }
                if (!_pamtPages.TryAdd(page1, 0))
                {
                    _pamtPages.TryRemove(page0, out _);
                    return TdxStatus.WithOperand(TdxStatusCode.PageNotFree, TdxOperandId.R8);
                }
                region.Page0 = page0;
                region.Page1 = page1;
                region.HasPair = true;
                Interlocked.Increment(ref _pairsAdded);
                return TdxStatus.Success;
            }
            finally
            {
                region.Lock.ExitExclusive();
            }
        }

        private TdxStatus PamtRemove(TdxRegisters* registers)
        {
            TdxStatus status = CheckPamtOperands(registers->Rcx, out PamtRegionState? region);
            if (!status.IsSuccess)
            {
                return status;
            }
            if (Busy.ShouldFail() || !region!.Lock.TryEnterExclusive())
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            }
            try
            {
                if (!region.HasPair)
                {
                    return TdxStatus.WithOperand(TdxStatusCode.NoPamtPagePair, TdxOperandId.Rcx);
                }
                if (region.PagesInUse != 0)
                {
                    return new TdxStatus(TdxStatusCode.PamtPageNotEmpty);
                }
                _pamtPages.TryRemove(region.Page0, out _);
                _pamtPages.TryRemove(region.Page1, out _);
                registers->Rdx = region.Page0;
                registers->R8 = region.Page1;
                region.HasPair = false;
                region.Page0 = 0;
                region.Page1 = 0;
                return TdxStatus.Success;
            }
            finally
            {
                region.Lock.ExitExclusive();
            }
        }

        private TdxStatus PageAug(ulong gpaAndLevel, ulong tdr, ulong hpa)
        {
            if (!_configured)
            {
                return new TdxStatus(TdxStatusCode.SysNotReady);
            }
            if ((gpaAndLevel & 0x7UL) != (ulong)PageLevel.Page4K || (gpaAndLevel & 0xFF8) != 0)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            if (tdr == 0 || !Align.IsAligned(tdr, PageSize.Size4K))
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rdx);
            }
            if (!Align.IsAligned(hpa, PageSize.Size4K) || !IsUsableTdxMemory(hpa))
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandAddrRangeError, TdxOperandId.R8);
            }
            PamtRegionState region = RegionOf(hpa);
            if (Busy.ShouldFail() || !region.Lock.TryEnterShared())
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandBusy, TdxOperandId.R8);
            }
            try
            {
                if (_dynamicPamt && !region.HasPair)
                {
                    return TdxStatus.WithOperand(TdxStatusCode.MissingPamtPagePair, TdxOperandId.R8);
                }
                if (_pamtPages.ContainsKey(hpa) || !_tdPages.TryAdd(hpa, 0))
                {
                    return TdxStatus.WithOperand(TdxStatusCode.PageMetadataIncorrect, TdxOperandId.R8);
                }
                Interlocked.Increment(ref region.PagesInUse);
                return TdxStatus.Success;
            }
            finally
            {
                region.Lock.ExitShared();
            }
        }

        private TdxStatus PageReclaim(ulong hpa)
        {
            if (!Align.IsAligned(hpa, PageSize.Size4K) || !IsUsableTdxMemory(hpa))
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandAddrRangeError, TdxOperandId.Rcx);
            }
            PamtRegionState region = RegionOf(hpa);
            if (!region.Lock.TryEnterShared())
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandBusy, TdxOperandId.Rcx);
            }
            try
            {
                if (!_tdPages.TryRemove(hpa, out _))
                {
                    return TdxStatus.WithOperand(TdxStatusCode.PageMetadataIncorrect, TdxOperandId.Rcx);
                }
                Interlocked.Decrement(ref region.PagesInUse);
                return TdxStatus.Success;
            }
            finally
            {
                region.Lock.ExitShared();
            }
        }

        private TdxStatus CheckPamtOperands(ulong regionOperand, out PamtRegionState? region)
        {
            region = null;
            if (!_configured || !_dynamicPamt)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rax);
            }
            ulong address = regionOperand & ~0xFFFUL;
            bool reservedBitsClear = (regionOperand & 0xFF8) == 0 && (regionOperand >> Options.PhysicalAddressBits) == 0;
            if ((regionOperand & 0x7UL) != (ulong)PageLevel.Page2M || !reservedBitsClear || !Align.IsAligned(address, PageSize.Size2M))
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, TdxOperandId.Rcx);
            }
            if (FindTdmr(address) is null)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandAddrRangeError, TdxOperandId.Rcx);
            }
            region = RegionOf(address);
            return TdxStatus.Success;
        }

        private TdxStatus CheckPairPage(ulong page, uint operandId)
        {
            if (!Align.IsAligned(page, PageSize.Size4K) || (page >> Options.PhysicalAddressBits) != 0)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandInvalid, operandId);
            }
            if (FindTdmr(page) is null)
            {
                return TdxStatus.WithOperand(TdxStatusCode.OperandAddrRangeError, operandId);
            }
            return TdxStatus.Success;
        }

        private PamtRegionState RegionOf(ulong hpa) => _regions.GetOrAdd(hpa >> 21, _ => new PamtRegionState());

        private SimulatedTdmr? FindTdmr(ulong address)
        {
            foreach (SimulatedTdmr tdmr in _tdmrs)
            {
                if (tdmr.Contains(address))
                {
                    return tdmr;
                }
            }
            return null;
        }

        private bool IsUsableTdxMemory(ulong address)
        {
            SimulatedTdmr? tdmr = FindTdmr(address);
            return tdmr is not null && !tdmr.IsReserved(address);
        }
    }
}
