using System;
using System.Collections.Generic;
using Coco.Tdx.Abi;
using Coco.Tdx.Host.Simulation;
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

        /// <summary>Copies the TDMRs to aligned memory and runs TDH.SYS.CONFIG and
        /// TDH.SYS.TDMR.INIT through the gate.</summary>
        public static TdxStatus Configure(IReadOnlyList<TdmrInfo> tdmrs, bool dynamicPamt, ulong hkid = 32)
        {
            using var entries = new NativeArray<TdmrInfo>(tdmrs.Count);
            using var addresses = new NativeArray<ulong>(tdmrs.Count);
            for (int i = 0; i < tdmrs.Count; i++)
            {
                entries[i] = tdmrs[i];
            }
            return TdxMemoryConfigurator.Configure(entries.Pointer, tdmrs.Count, addresses.Pointer, hkid, dynamicPamt, out _);
        }
    }
}
