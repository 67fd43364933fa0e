using System;
using Coco.Memory;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Simulation;
using Coco.Tdx.Host.Tdmr;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests.Support
{
    /// <summary>How far a <see cref="HostModuleRig"/> brings the module up.</summary>
    public enum RigStage
    {
        /// <summary>Installed; TDH.SYS.INIT pending.</summary>
        Loaded,

        /// <summary>TDH.SYS.INIT and TDH.SYS.LP.INIT on every LP done.</summary>
        Initialized,

        /// <summary>TDH.SYS.CONFIG done with <see cref="HostModuleRig.GoodTdmrs"/>.</summary>
        Configured,

        /// <summary>TDH.SYS.KEY.CONFIG done on every package (SYS_READY).</summary>
        Keyed,

        /// <summary>Every TDMR initialized.</summary>
        Ready,

        /// <summary>Ready, with a TD whose TDR is <see cref="HostModuleRig.Tdr"/> (Dynamic PAMT:
        /// its region holds a page pair).</summary>
        WithTd,
    }

    /// <summary>
    /// A simulated module over CMRs [1 MiB, 2 GiB) and [4 GiB, 8 GiB), configured with the
    /// TDMRs Coco lays out for them ([0, 2 GiB) and [4 GiB, 8 GiB), PAMT at the top of each),
    /// brought up to a <see cref="RigStage"/>. Addresses used: the TDR at 32 MiB, pair pages
    /// handed out from 36 MiB, test pages from 64 MiB (<see cref="Page"/>).
    /// </summary>
    public sealed unsafe class HostModuleRig : IDisposable
    {
        public static readonly PhysicalRange[] Cmrs = { R(MiB, 2 * GiB), R(4 * GiB, 8 * GiB) };

        public const ulong Tdr = 32 * MiB;
        private const ulong TdrPair = 34 * MiB;
        private const ulong FreePagesStart = 36 * MiB;
        private const ulong WorkBase = 64 * MiB;

        /// <summary>Outside every TDMR and CMR (between the two).</summary>
        public const ulong Hole = 3 * GiB;

        /// <summary>A page in the first 1 MiB, a reserved area of TDMR 0.</summary>
        public const ulong ReservedPage = 0x80000;

        /// <summary>What the rig puts in registers it does not pass, to see which the module clears.</summary>
        public const ulong Poison = 0x5A5A5A5A5A5A5A5A;

        private ulong _nextFreePage = FreePagesStart;

        public HostModuleRig(RigStage stage, bool dynamicPamt = true, SimulatedTdxPlatform? platform = null, PhysicalRange[]? cmrs = null)
        {
            DynamicPamt = dynamicPamt;
            Session = new SimulatedTdxModuleSession(cmrs ?? Cmrs, platform);
            Tdmrs = GoodTdmrs(dynamicPamt);
            if (stage == RigStage.Loaded)
            {
                Session.InstallUninitialized();
                return;
            }
            Session.Install();
            if (stage >= RigStage.Configured)
            {
                Expect(TdxHarness.SysConfig(Tdmrs, Options()), "TDH.SYS.CONFIG");
            }
            if (stage >= RigStage.Keyed)
            {
                Expect(Session.ConfigureKeyOnEveryPackage(), "TDH.SYS.KEY.CONFIG");
            }
            if (stage >= RigStage.Ready)
            {
                InitializeAll();
            }
            if (stage >= RigStage.WithTd)
            {
                if (dynamicPamt)
                {
                    Expect(HostSeamcalls.TdhPhymemPamtAdd(Region(Tdr), TdrPair, TdrPair + 4096), "the TDR region's PAMT.ADD");
                }
                Expect(Module->CreateTd(Tdr, out SimulatedTd* td), "the TD");
                Td = td;
            }
        }

        public SimulatedTdxModuleSession Session { get; }

        public SimulatedTdxModule* Module => Session.Module;

        public SimulatedTd* Td { get; }

        public bool DynamicPamt { get; }

        public TdmrInfo[] Tdmrs { get; }

        /// <summary>The TDMRs TdmrBuilder lays out for <see cref="Cmrs"/>.</summary>
        public static TdmrInfo[] GoodTdmrs(bool dynamicPamt)
        {
            TdmrBuildError error = TdxHarness.Build(Cmrs, Cmrs, TdxModuleLimits.Tdx15.WithDynamicPamt(dynamicPamt), ReservedAreaSource.Cmrs, out TdmrInfo[] tdmrs);
            if (!error.IsSuccess)
            {
                throw new InvalidOperationException(TdxHarness.Format(error));
            }
            return tdmrs;
        }

        /// <summary>R8 of TDH.SYS.CONFIG: HKID 32, Dynamic PAMT as the rig was made.</summary>
        public ulong Options(ulong hkid = 32) => hkid | (DynamicPamt ? SysConfigOptions.DynamicPamt : 0);

        /// <summary>Page <paramref name="page"/> of test region <paramref name="region"/> (2 MiB regions from 64 MiB).</summary>
        public static ulong Page(int region, int page = 0) => WorkBase + (ulong)region * (2 * MiB) + (ulong)page * 4096;

        /// <summary>The RCX operand of PAMT.ADD/REMOVE for <paramref name="pa"/>'s region.</summary>
        public static ulong Region(ulong pa) => (pa & ~(2 * MiB - 1)) | 1;

        /// <summary>A 4 KiB page no one has used, in regions without pairs (36 MiB on).</summary>
        public ulong FreePage()
        {
            ulong page = _nextFreePage;
            _nextFreePage += 4096;
            return page;
        }

        /// <summary>PAMT.ADD for <paramref name="pa"/>'s region with two fresh pages.</summary>
        public TdxStatus AddPair(ulong pa) => HostSeamcalls.TdhPhymemPamtAdd(Region(pa), FreePage(), FreePage());

        /// <summary>TDH.MEM.PAGE.AUG of <paramref name="hpa"/> into the rig's TD at GPA = HPA.</summary>
        public TdxStatus Aug(ulong hpa, PageLevel level = PageLevel.Page4K) => HostSeamcalls.TdhMemPageAug(hpa | (ulong)level, Tdr, hpa);

        /// <summary>One SEAMCALL with the given operands; every other register holds <see cref="Poison"/>.</summary>
        public static TdxRegisters Call(ulong rax, ulong rcx = Poison, ulong rdx = Poison, ulong r8 = Poison)
        {
            TdxRegisters registers;
            registers.Rax = rax;
            registers.Rcx = rcx;
            registers.Rdx = rdx;
            registers.R8 = r8;
            registers.R9 = Poison;
            registers.R10 = Poison;
            registers.R11 = Poison;
            registers.R12 = Poison;
            registers.R13 = Poison;
            registers.R14 = Poison;
            registers.R15 = Poison;
            SeamcallGate.Call(&registers);
            return registers;
        }

        /// <summary>TDH.SYS.TDMR.INIT on every TDMR until done.</summary>
        public void InitializeAll()
        {
            foreach (TdmrInfo tdmr in Tdmrs)
            {
                while (true)
                {
                    TdxStatus status = HostSeamcalls.TdhSysTdmrInit(tdmr.Base, out ulong next);
                    if (status.Is(TdxStatusCode.TdmrAlreadyInitialized) || (status.IsSuccess && next >= tdmr.End))
                    {
                        break;
                    }
                    Expect(status, "TDH.SYS.TDMR.INIT");
                }
            }
        }

        public void Dispose() => Session.Dispose();

        private static void Expect(TdxStatus status, string what)
        {
            if (!status.IsSuccess)
            {
                throw new InvalidOperationException($"{what}: {status.Format()}");
            }
        }
    }
}
