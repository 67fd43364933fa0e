using Coco.Tdx.Host.Tdmr;

namespace Coco.Cli.Tdmr;

/// <summary>Range checks for limits given in a file or on the command line, so a bad value is
/// named where it was given rather than reported as "invalid limits" by the builder.</summary>
internal static class TdmrLimitChecks
{
    /// <summary>Far above any module (64 in TDX 1.5); keeps the 512-byte-per-entry storage sane.</summary>
    public const int MaxTdmrsAccepted = 1024;

    public static int MaxTdmrs(Int128 value, Func<string, Exception> error) =>
        value >= 1 && value <= MaxTdmrsAccepted
            ? (int)value
            : throw error($"{value}: give 1 to {MaxTdmrsAccepted} TDMRs");

    public static int PhysicalAddressBits(Int128 value, Func<string, Exception> error) =>
        value >= TdxModuleLimits.MinPhysicalAddressBits && value <= TdxModuleLimits.MaxPhysicalAddressBits
            ? (int)value
            : throw error($"{value}: give {TdxModuleLimits.MinPhysicalAddressBits} to {TdxModuleLimits.MaxPhysicalAddressBits} bits (TDX 1.5's MAX_PA is 52; MK-TME KeyID bits take the top of it)");

    public static int MaxReservedAreas(Int128 value, Func<string, Exception> error) =>
        value >= 1 && value <= TdmrInfo.ReservedAreasCapacity
            ? (int)value
            : throw error($"{value}: give 1 to {TdmrInfo.ReservedAreasCapacity} reserved areas (what one 512-byte TDMR_INFO entry holds)");
}
