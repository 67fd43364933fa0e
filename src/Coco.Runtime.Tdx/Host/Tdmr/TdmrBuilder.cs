using System;
using Coco.Memory;

namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>
    /// Builds the TDMR_INFO list the TDX module is configured with: TDMRs covering the TDX
    /// memory blocks, a PAMT per TDMR sized per level and placed in TDX memory, and reserved
    /// areas for memory holes and PAMTs. Either every entry is complete, or the output is
    /// cleared and the error says what is wrong and where.
    /// </summary>
    public static class TdmrBuilder
    {
        /// <param name="memoryBlocks">The TDX memory blocks (usable RAM), sorted, 4 KiB aligned.</param>
        /// <param name="cmrs">The module's convertible memory regions, sorted, non-empty.</param>
        /// <param name="limits">What the module reports; see <see cref="TdxModuleLimits"/>.</param>
        /// <param name="holeSource">Whether holes come from the memory blocks or from the CMRs.</param>
        /// <param name="tdmrs">Caller-provided storage, one 512-byte entry per TDMR.</param>
        /// <param name="tdmrCount">How many entries of <paramref name="tdmrs"/> were filled.</param>
        public static TdmrBuildError Build(
            ReadOnlySpan<PhysicalRange> memoryBlocks,
            ReadOnlySpan<PhysicalRange> cmrs,
            in TdxModuleLimits limits,
            ReservedAreaSource holeSource,
            Span<TdmrInfo> tdmrs,
            out int tdmrCount)
        {
            tdmrs.Clear();
            TdmrBuildError error = BuildInto(memoryBlocks, cmrs, limits, holeSource, tdmrs, out tdmrCount);
            if (!error.IsSuccess)
            {
                // Nothing half-written: a failed build leaves no TDMR behind to configure.
                tdmrs.Clear();
                tdmrCount = 0;
            }
            return error;
        }

        private static TdmrBuildError BuildInto(
            ReadOnlySpan<PhysicalRange> memoryBlocks,
            ReadOnlySpan<PhysicalRange> cmrs,
            in TdxModuleLimits limits,
            ReservedAreaSource holeSource,
            Span<TdmrInfo> tdmrs,
            out int tdmrCount)
        {
            tdmrCount = 0;
            if (!limits.IsValid)
            {
                return TdmrBuildError.At(TdmrBuildErrorKind.InvalidLimits, 0, default(PhysicalRange));
            }
            TdmrBuildError error = TdmrInputValidation.CheckMemoryBlocks(memoryBlocks, limits.PhysicalAddressBits);
            if (error.IsSuccess)
            {
                error = TdmrInputValidation.CheckCmrs(cmrs, limits.PhysicalAddressBits);
            }
            if (error.IsSuccess && holeSource == ReservedAreaSource.Cmrs)
            {
                error = TdmrInputValidation.CheckBlocksInsideCmrs(memoryBlocks, cmrs);
            }
            if (error.IsSuccess)
            {
                error = TdmrCoverage.Fill(memoryBlocks, limits.MaxTdmrs, tdmrs, out tdmrCount);
            }
            if (!error.IsSuccess)
            {
                return error;
            }

            Span<TdmrInfo> built = tdmrs.Slice(0, tdmrCount);
            error = PamtPlacement.PlaceAll(memoryBlocks, limits, built);
            if (!error.IsSuccess)
            {
                return error;
            }

            ReadOnlySpan<PhysicalRange> coveringRanges = holeSource == ReservedAreaSource.Cmrs ? cmrs : memoryBlocks;
            for (int i = 0; i < built.Length; i++)
            {
                error = ReservedAreaFiller.Fill(ref built[i], i, coveringRanges, built, limits.MaxReservedAreasPerTdmr);
                if (!error.IsSuccess)
                {
                    return error;
                }
            }
            return TdmrBuildError.None;
        }
    }
}
