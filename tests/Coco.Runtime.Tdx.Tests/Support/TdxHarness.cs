using System;
using System.Collections.Generic;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using Coco.Memory;
using Coco.Tdx.Host.Tdmr;
using Coco.Text;

namespace Coco.Runtime.Tdx.Tests.Support
{
    /// <summary>Builds TDMRs the firmware way and configures a simulated module with them.</summary>
    public static unsafe class TdxHarness
    {
        public static string Format(TdmrBuildError error)
        {
            char* buffer = stackalloc char[512];
            var text = new TextBuilder(buffer, 512);
            error.AppendTo(ref text);
            return new string(text.AsSpan());
        }

        public static TdmrBuildError Build(PhysicalRange[] blocks, PhysicalRange[] cmrs, TdxModuleLimits limits, ReservedAreaSource source, out TdmrInfo[] tdmrs)
        {
            var storage = new TdmrInfo[Math.Max(1, limits.MaxTdmrs)];
            TdmrBuildError error = TdmrBuilder.Build(blocks, cmrs, limits, source, storage, out int count);
            tdmrs = storage[..count];
            return error;
        }

        /// <summary>Copies the TDMRs to aligned memory and runs, through the gate, what a VMM
        /// runs after TDH.SYS.INIT and LP.INIT: TDH.SYS.CONFIG, TDH.SYS.KEY.CONFIG (one package)
        /// and TDH.SYS.TDMR.INIT on every TDMR. The first failure is returned.</summary>
        public static TdxStatus Configure(IReadOnlyList<TdmrInfo> tdmrs, bool dynamicPamt, ulong hkid = 32)
        {
            using var entries = new NativeArray<TdmrInfo>(tdmrs.Count);
            using var addresses = new NativeArray<ulong>(tdmrs.Count);
            for (int i = 0; i < tdmrs.Count; i++)
            {
                entries[i] = tdmrs[i];
            }
            TdxStatus status = TdxMemoryConfigurator.Configure(entries.Pointer, tdmrs.Count, addresses.Pointer, hkid, dynamicPamt);
            if (status.IsSuccess)
            {
                status = TdxMemoryConfigurator.ConfigureGlobalKey();
            }
            if (status.IsSuccess)
            {
                status = TdxMemoryConfigurator.InitializeTdmrs(entries.Pointer, tdmrs.Count, out _, out _);
            }
            return status;
        }

        /// <summary>TDH.SYS.CONFIG alone with <paramref name="tdmrs"/> (copied to aligned memory).</summary>
        public static TdxStatus SysConfig(IReadOnlyList<TdmrInfo> tdmrs, ulong options)
        {
            using var entries = new NativeArray<TdmrInfo>(tdmrs.Count);
            using var addresses = new NativeArray<ulong>(Math.Max(1, tdmrs.Count));
            for (int i = 0; i < tdmrs.Count; i++)
            {
                entries[i] = tdmrs[i];
                addresses[i] = (ulong)(entries.Pointer + i);
            }
            return HostSeamcalls.TdhSysConfig((ulong)addresses.Pointer, (ulong)tdmrs.Count, options);
        }
    }
}
