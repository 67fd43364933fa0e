using System.Runtime;
using System;
using Coco.Memory;
using Coco.Tdx.Abi;
using Coco.Tdx.Host.Pamt;
using Coco.Tdx.Host.Simulation;
using Coco.Tdx.Host.Tdmr;
using Coco.Tdx.Host;
using Coco.Text;
using Coco.Uefi.Raw;
using Coco.Uefi;

namespace TdxHostApp
{
    /// <summary>
    /// Runs the TDX host side in firmware for <see cref="HostMemoryMap"/>: (a) lays out TDMRs
    /// with holes from the memory blocks and from the CMRs into page-aligned TDMR_INFO storage
    /// and prints them; (b) shows the reserved-area exhaustion error under a tight limit;
    /// (c) brings the simulated TDX module (Coco.Tdx.Host.Simulation, compiled into this
    /// image) up with a Dynamic PAMT layout through TdxMemoryConfigurator and runs Dynamic
    /// PAMT against it. Ends with "COCO-TDX-HOST OK"
    /// and powers off, or returns EFI_ABORTED after saying what failed.
    /// </summary>
    public static unsafe class Program
    {
        private const int LineChars = 256;
        private const ulong PageSize = 4096;

        /// <summary>The global private HKID TDH.SYS.CONFIG is given.</summary>
        private const ulong Hkid = 32;

        [RuntimeExport("EfiMain")]
        private static EfiStatus EfiMain(EfiHandle imageHandle, EfiSystemTable* systemTable)
        {
            Efi.Initialize(imageHandle, systemTable);
            EfiConsole.WriteLine("COCO-START TdxHostApp");
            PrintGeneratedConstants();

            PhysicalRange* blockStorage = stackalloc PhysicalRange[HostMemoryMap.BlockCount];
            PhysicalRange* cmrStorage = stackalloc PhysicalRange[HostMemoryMap.CmrCount];
            var blocks = new Span<PhysicalRange>(blockStorage, HostMemoryMap.BlockCount);
            var cmrs = new Span<PhysicalRange>(cmrStorage, HostMemoryMap.CmrCount);
            HostMemoryMap.WriteBlocks(blocks);
            HostMemoryMap.WriteCmrs(cmrs);
            PrintMap(blocks.Length, cmrs.Length);

            // Room for as many 512-byte TDMR_INFO records as the module allows, page-aligned
            // (the module wants 512).
            int capacity = HostMemoryMap.Limits.MaxTdmrs;
            nuint pages = (nuint)(((ulong)capacity * TdmrInfo.LayoutSize + PageSize - 1) / PageSize);
            if (Efi.AllocatePages(EfiMemoryType.LoaderData, pages, out ulong storage).IsError)
            {
                EfiConsole.WriteLine("TdxHostApp: no pages for the TDMR_INFO storage");
                return EfiExit.Finish(EfiStatus.OutOfResources, shutdown: true);
            }
            var tdmrs = (TdmrInfo*)storage;

            bool ok = LayOutBothWays(blocks, cmrs, tdmrs, capacity, out ulong staticPamtBytes)
                && ShowReservedAreaExhaustion(blocks, cmrs, tdmrs, capacity)
                && ConfigureAndRunDynamicPamt(blocks, cmrs, tdmrs, capacity, staticPamtBytes);

            Efi.FreePages(storage, pages);
            if (!ok)
            {
                return EfiExit.Finish(EfiStatus.Aborted, shutdown: true);
            }
            EfiConsole.WriteLine("COCO-TDX-HOST OK");
            return EfiExit.Finish(EfiStatus.Success, shutdown: true);
        }

        /// <summary>(a) Static PAMT, TDX 1.5 limits, holes from the memory blocks (mainline)
        /// and from the CMRs. Both fit.</summary>
        private static bool LayOutBothWays(ReadOnlySpan<PhysicalRange> blocks, ReadOnlySpan<PhysicalRange> cmrs, TdmrInfo* tdmrs, int capacity, out ulong staticPamtBytes)
        {
            staticPamtBytes = 0;
            if (!LayOut("blocks-static", blocks, cmrs, HostMemoryMap.Limits, ReservedAreaSource.MemoryBlocks, tdmrs, capacity, out _))
            {
                return false;
            }
            if (!LayOut("cmrs-static", blocks, cmrs, HostMemoryMap.Limits, ReservedAreaSource.Cmrs, tdmrs, capacity, out int count))
            {
                return false;
            }
            staticPamtBytes = PamtAccounting.StaticBytes(new ReadOnlySpan<TdmrInfo>(tdmrs, count));
            return true;
        }

        /// <summary>(b) With few reserved areas per TDMR, the memory-block holes of TDMR 0 do not
        /// fit and nothing is left behind; the CMR holes still do.</summary>
        private static bool ShowReservedAreaExhaustion(ReadOnlySpan<PhysicalRange> blocks, ReadOnlySpan<PhysicalRange> cmrs, TdmrInfo* tdmrs, int capacity)
        {
            ulong bytes = (ulong)capacity * TdmrInfo.LayoutSize;
            new Span<byte>(tdmrs, (int)bytes).Fill(0xA5);
            var storage = new Span<TdmrInfo>(tdmrs, capacity);
            TdxModuleLimits tight = HostMemoryMap.TightLimits;

            TdmrBuildError error = TdmrBuilder.Build(blocks, cmrs, tight, ReservedAreaSource.MemoryBlocks, storage, out int count);
            PrintTightResult("holes from memory blocks: ", error, count, 0);
            bool zeroed = AllZero((byte*)tdmrs, bytes);
            PrintTightAftermath(count, zeroed);
            if (error.Kind != TdmrBuildErrorKind.ReservedAreasExhausted || count != 0 || !zeroed)
            {
                return false;
            }

            error = TdmrBuilder.Build(blocks, cmrs, tight, ReservedAreaSource.Cmrs, storage, out count);
            int mostAreas = 0;
            for (int i = 0; i < count; i++)
            {
                int areas = tdmrs[i].ReservedAreaCount;
                mostAreas = areas > mostAreas ? areas : mostAreas;
            }
            PrintTightResult("holes from CMRs: ", error, count, mostAreas);
            return error.IsSuccess;
        }

        /// <summary>(c) The simulated TDX module in firmware: bring-up in the module's order
        /// (SYS.INIT, LP.INIT, SYS.CONFIG through TdxMemoryConfigurator with a Dynamic PAMT
        /// layout, KEY.CONFIG, TDMR.INIT, showing that TDMR.INIT before KEY.CONFIG is refused),
        /// then Dynamic PAMT get/put against the same module.</summary>
        private static bool ConfigureAndRunDynamicPamt(ReadOnlySpan<PhysicalRange> blocks, ReadOnlySpan<PhysicalRange> cmrs, TdmrInfo* tdmrs, int capacity, ulong staticPamtBytes)
        {
            PrintSeamcallWithoutModule();
            TdxModuleLimits limits = HostMemoryMap.Limits.WithDynamicPamt(true);
            if (!LayOut("cmrs-dynamic", blocks, cmrs, limits, ReservedAreaSource.Cmrs, tdmrs, capacity, out int count))
            {
                return false;
            }

            SimulatedTdxPlatform platform = SimulatedTdxPlatform.Default;
            ulong stateBytes = SimulatedTdxModule.StateBytes(cmrs, platform);
            nuint modulePages = (nuint)((ulong)sizeof(SimulatedTdxModule) + PageSize - 1) / (nuint)PageSize;
            nuint statePages = (nuint)((stateBytes + PageSize - 1) / PageSize);
            if (Efi.AllocatePages(EfiMemoryType.LoaderData, 1, out ulong addressPage).IsError)
            {
                EfiConsole.WriteLine("TdxHostApp: no page for the TDMR_INFO address array");
                return false;
            }
            if (Efi.AllocatePages(EfiMemoryType.LoaderData, modulePages, out ulong moduleStorage).IsError)
            {
                EfiConsole.WriteLine("TdxHostApp: no pages for the simulated TDX module");
                Efi.FreePages(addressPage, 1);
                return false;
            }
            if (Efi.AllocatePages(EfiMemoryType.LoaderData, statePages, out ulong state).IsError)
            {
                EfiConsole.WriteLine("TdxHostApp: no pages for the simulated TDX module's state");
                Efi.FreePages(moduleStorage, modulePages);
                Efi.FreePages(addressPage, 1);
                return false;
            }
            var module = (SimulatedTdxModule*)moduleStorage;
            bool ok = SimulatedTdxModule.Initialize(module, cmrs, platform, (void*)state, stateBytes, stateIsZero: false);
            PrintModuleState(ok, stateBytes, cmrs.Length);
            if (ok)
            {
                SimulatedTdxModule.Install(module);
                ok = BringUp(tdmrs, count, (ulong*)addressPage, module) && DynamicPamtExercise.Run(
                    blocks.Slice(HostMemoryMap.FirstTdxBlock), module, staticPamtBytes, new ReadOnlySpan<TdmrInfo>(tdmrs, count));
                SimulatedTdxModule.Uninstall(module);
            }
            Efi.FreePages(state, statePages);
            Efi.FreePages(moduleStorage, modulePages);
            Efi.FreePages(addressPage, 1);
            return ok;
        }

        /// <summary>The VMM's bring-up sequence against the module (one LP, one package), each
        /// step printed; stops at the first failure.</summary>
        private static bool BringUp(TdmrInfo* tdmrs, int count, ulong* addressArray, SimulatedTdxModule* module)
        {
            TdxStatus status = HostSeamcalls.TdhSysInit();
            PrintStep("TDH.SYS.INIT: ", status);
            if (!status.IsSuccess)
            {
                return false;
            }
            status = HostSeamcalls.TdhSysLpInit();
            PrintStep("TDH.SYS.LP.INIT: ", status);
            if (!status.IsSuccess)
            {
                return false;
            }
            status = TdxMemoryConfigurator.Configure(tdmrs, count, addressArray, Hkid, dynamicPamt: true);
            PrintConfiguration(status, module);
            if (!status.IsSuccess)
            {
                return false;
            }
            TdxStatus early = HostSeamcalls.TdhSysTdmrInit(tdmrs[0].Base, out _);
            PrintStep("TDH.SYS.TDMR.INIT before TDH.SYS.KEY.CONFIG: ", early);
            status = TdxMemoryConfigurator.ConfigureGlobalKey();
            PrintStep("TDH.SYS.KEY.CONFIG: ", status);
            if (!status.IsSuccess || !early.Is(TdxStatusCode.SysNotReady))
            {
                return false;
            }
            status = TdxMemoryConfigurator.InitializeTdmrs(tdmrs, count, out int failedTdmr, out long calls);
            PrintTdmrInit(status, failedTdmr, calls);
            return status.IsSuccess;
        }

        private static bool LayOut(string name, ReadOnlySpan<PhysicalRange> blocks, ReadOnlySpan<PhysicalRange> cmrs, in TdxModuleLimits limits,
            ReservedAreaSource holes, TdmrInfo* tdmrs, int capacity, out int count)
        {
            TdmrBuildError error = TdmrBuilder.Build(blocks, cmrs, limits, holes, new Span<TdmrInfo>(tdmrs, capacity), out count);
            if (!error.IsSuccess)
            {
                char* buffer = stackalloc char[LineChars];
                var text = new TextBuilder(buffer, LineChars);
                text.Append("Layout ");
                text.Append(name);
                text.Append(" failed: ");
                error.AppendTo(ref text);
                EfiConsole.WriteLine(text.AsSpan());
                return false;
            }
            TdmrLayoutReport.Print(name, tdmrs, count);
            return true;
        }

        private static bool AllZero(byte* bytes, ulong length)
        {
            for (ulong i = 0; i < length; i++)
            {
                if (bytes[i] != 0)
                {
                    return false;
                }
            }
            return true;
        }

        private static void PrintGeneratedConstants()
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("TdmrInfo: LayoutSize ");
            text.AppendDecimal((long)TdmrInfo.LayoutSize);
            text.Append(", LayoutAlignment ");
            text.AppendDecimal((long)TdmrInfo.LayoutAlignment);
            text.Append(", sizeof ");
            text.AppendDecimal((long)sizeof(TdmrInfo));
            text.Append(", Pamt4KBaseOffset ");
            text.AppendDecimal((long)TdmrInfo.Pamt4KBaseOffset);
            text.Append(", ReservedAreasOffset ");
            text.AppendDecimal((long)TdmrInfo.ReservedAreasOffset);
            text.Append(", ReservedAreasElementSize ");
            text.AppendDecimal((long)TdmrInfo.ReservedAreasElementSize);
            text.Append(", ReservedAreasCapacity ");
            text.AppendDecimal((long)TdmrInfo.ReservedAreasCapacity);
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintMap(int blocks, int cmrs)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("Map: ");
            text.AppendDecimal((long)blocks);
            text.Append(" memory blocks, ");
            text.AppendDecimal((long)cmrs);
            text.Append(" CMRs");
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintTightResult(string holes, TdmrBuildError error, int count, int mostAreas)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            AppendTightPrefix(ref text);
            text.Append(holes);
            if (!error.IsSuccess)
            {
                text.Append("error: ");
                error.AppendTo(ref text);
            }
            else
            {
                text.AppendDecimal((long)count);
                text.Append(" TDMRs, at most ");
                text.AppendDecimal((long)mostAreas);
                text.Append(" reserved areas per TDMR");
            }
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintTightAftermath(int count, bool zeroed)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            AppendTightPrefix(ref text);
            text.Append("after the error: ");
            text.AppendDecimal((long)count);
            text.Append(" TDMRs, TDMR_INFO storage ");
            text.Append(zeroed ? "all zero" : "NOT cleared");
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void AppendTightPrefix(ref TextBuilder text)
        {
            text.Append("Tight limit ");
            text.AppendDecimal((long)HostMemoryMap.TightReservedAreaLimit);
            text.Append(", ");
        }

        /// <summary>Before any handler is installed the gate answers as SEAMCALL does with no
        /// module loaded.</summary>
        private static void PrintSeamcallWithoutModule()
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("TDH.SYS.CONFIG with no module: ");
            HostSeamcalls.TdhSysConfig(0, 0, 0).AppendTo(ref text);
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintModuleState(bool initialized, ulong stateBytes, int cmrCount)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("Simulated TDX module: ");
            text.AppendDecimal(stateBytes);
            text.Append(" bytes of state for ");
            text.AppendDecimal((long)cmrCount);
            text.Append(initialized ? " CMRs" : " CMRs, NOT initialized");
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintStep(string step, TdxStatus status)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append(step);
            status.AppendTo(ref text);
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintConfiguration(TdxStatus status, SimulatedTdxModule* module)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("TDH.SYS.CONFIG (Dynamic PAMT, HKID ");
            text.AppendDecimal(Hkid);
            text.Append("): ");
            status.AppendTo(ref text);
            text.Append(", module has ");
            text.AppendDecimal((long)module->TdmrCount);
            text.Append(" TDMRs");
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintTdmrInit(TdxStatus status, int failedTdmr, long calls)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("TDH.SYS.TDMR.INIT: ");
            status.AppendTo(ref text);
            if (failedTdmr >= 0)
            {
                text.Append(" at TDMR #");
                text.AppendDecimal((long)failedTdmr);
            }
            text.Append(" in ");
            text.AppendDecimal(calls);
            text.Append(" calls");
            EfiConsole.WriteLine(text.AsSpan());
        }
    }
}
