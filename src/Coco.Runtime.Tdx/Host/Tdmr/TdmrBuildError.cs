using Coco.Memory;
using Coco.Text;

namespace Coco.Tdx.Host.Tdmr
{
    public enum TdmrBuildErrorKind
    {
        None,
        InvalidLimits,
        NoMemory,
        BlockEmpty,
        BlockNotPageAligned,
        BlocksOutOfOrder,
        BlocksOverlap,
        CmrEmpty,
        CmrNotPageAligned,
        CmrsOutOfOrder,
        CmrsOverlap,
        BlockOutsideCmrs,
        TdmrsExhausted,
        OutputTooSmall,
        ReservedAreasExhausted,
        NoRoomForPamt,
        BlockAboveAddressLimit,
        CmrAboveAddressLimit,
        AddressWraps,
    }

    /// <summary>
    /// Why a TDMR build failed and where: the index and range of the offending memory block,
    /// CMR or TDMR, and for overlaps the range it collides with. Formats itself into a
    /// <see cref="TextBuilder"/>, e.g. "TDMR [0x0, 0x80000000): reserved areas exhausted (limit 16)".
    /// </summary>
    public readonly struct TdmrBuildError
    {
        public TdmrBuildError(TdmrBuildErrorKind kind, int index, PhysicalRange range, PhysicalRange other, ulong value)
        {
            Kind = kind;
            Index = index;
            Range = range;
            Other = other;
            Value = value;
        }

        public TdmrBuildErrorKind Kind { get; }

        /// <summary>Index of the memory block, CMR or TDMR concerned.</summary>
        public int Index { get; }

        public PhysicalRange Range { get; }

        /// <summary>The range <see cref="Range"/> collides with, for ordering and overlap errors.</summary>
        public PhysicalRange Other { get; }

        /// <summary>A limit or a size, depending on <see cref="Kind"/>.</summary>
        public ulong Value { get; }

        public bool IsSuccess => Kind == TdmrBuildErrorKind.None;

        public static TdmrBuildError None => default;

        public static TdmrBuildError At(TdmrBuildErrorKind kind, int index, PhysicalRange range) =>
            new TdmrBuildError(kind, index, range, default, 0);

        public static TdmrBuildError At(TdmrBuildErrorKind kind, int index, PhysicalRange range, PhysicalRange other) =>
            new TdmrBuildError(kind, index, range, other, 0);

        public static TdmrBuildError At(TdmrBuildErrorKind kind, int index, PhysicalRange range, ulong value) =>
            new TdmrBuildError(kind, index, range, default, value);

        public void AppendTo(ref TextBuilder text)
        {
            switch (Kind)
            {
                case TdmrBuildErrorKind.None:
                    text.Append("no error");
                    break;
                case TdmrBuildErrorKind.InvalidLimits:
                    text.Append("invalid TDX module limits (need at least 1 TDMR, 1..");
                    text.AppendDecimal((ulong)TdmrInfo.ReservedAreasCapacity);
                    text.Append(" reserved areas per TDMR and a physical address width of ");
                    text.AppendDecimal((ulong)TdxModuleLimits.MinPhysicalAddressBits);
                    text.Append("..");
                    text.AppendDecimal((ulong)TdxModuleLimits.MaxPhysicalAddressBits);
                    text.Append(" bits)");
                    break;
                case TdmrBuildErrorKind.NoMemory:
                    text.Append("no TDX memory above 1 MiB");
                    break;
                case TdmrBuildErrorKind.BlockEmpty:
                    AppendItem(ref text, "memory block");
                    text.Append(" is empty");
                    break;
                case TdmrBuildErrorKind.BlockNotPageAligned:
                    AppendItem(ref text, "memory block");
                    text.Append(" is not 4 KiB aligned");
                    break;
                case TdmrBuildErrorKind.BlocksOutOfOrder:
                    AppendItem(ref text, "memory block");
                    text.Append(" comes after ");
                    Other.AppendTo(ref text);
                    text.Append(" in the list but starts below it; blocks must be sorted");
                    break;
                case TdmrBuildErrorKind.BlocksOverlap:
                    AppendItem(ref text, "memory block");
                    text.Append(" overlaps memory block ");
                    Other.AppendTo(ref text);
                    break;
                case TdmrBuildErrorKind.CmrEmpty:
                    AppendItem(ref text, "CMR");
                    text.Append(" has zero size");
                    break;
                case TdmrBuildErrorKind.CmrNotPageAligned:
                    AppendItem(ref text, "CMR");
                    text.Append(" is not 4 KiB aligned");
                    break;
                case TdmrBuildErrorKind.CmrsOutOfOrder:
                    AppendItem(ref text, "CMR");
                    text.Append(" comes after ");
                    Other.AppendTo(ref text);
                    text.Append(" in the list but starts below it; CMRs must be sorted");
                    break;
                case TdmrBuildErrorKind.CmrsOverlap:
                    AppendItem(ref text, "CMR");
                    text.Append(" overlaps CMR ");
                    Other.AppendTo(ref text);
                    break;
                case TdmrBuildErrorKind.BlockOutsideCmrs:
                    AppendItem(ref text, "memory block");
                    text.Append(" is not inside any one CMR (not TDX convertible memory)");
                    break;
                case TdmrBuildErrorKind.TdmrsExhausted:
                    text.Append("TDMRs exhausted: memory block ");
                    Range.AppendTo(ref text);
                    text.Append(" needs TDMR #");
                    text.AppendDecimal((long)Index);
                    text.Append(" but the module allows ");
                    text.AppendDecimal(Value);
                    break;
                case TdmrBuildErrorKind.OutputTooSmall:
                    text.Append("TDMR output holds only ");
                    text.AppendDecimal(Value);
                    text.Append(" entries; memory block ");
                    Range.AppendTo(ref text);
                    text.Append(" needs more");
                    break;
                case TdmrBuildErrorKind.ReservedAreasExhausted:
                    text.Append("TDMR ");
                    Range.AppendTo(ref text);
                    text.Append(": reserved areas exhausted (limit ");
                    text.AppendDecimal(Value);
                    text.Append(')');
                    break;
                case TdmrBuildErrorKind.BlockAboveAddressLimit:
                    AppendItem(ref text, "memory block");
                    AppendAboveLimit(ref text);
                    break;
                case TdmrBuildErrorKind.CmrAboveAddressLimit:
                    AppendItem(ref text, "CMR");
                    AppendAboveLimit(ref text);
                    break;
                case TdmrBuildErrorKind.AddressWraps:
                    AppendItem(ref text, "memory block");
                    text.Append(": the 1 GiB-aligned TDMR around it would end past 2^64");
                    break;
                case TdmrBuildErrorKind.NoRoomForPamt:
                    text.Append("TDMR ");
                    Range.AppendTo(ref text);
                    text.Append(": no memory block has ");
                    text.AppendSize(Value);
                    text.Append(" free for its PAMT");
                    break;
            }
        }

        // Value holds the address width in bits.
        private void AppendAboveLimit(ref TextBuilder text)
        {
            text.Append(" reaches above the ");
            text.AppendDecimal(Value);
            text.Append("-bit physical address limit (");
            text.AppendHex(Value < 64 ? 1UL << (int)Value : 0);
            text.Append(") TDMRs must stay below");
        }

        private void AppendItem(ref TextBuilder text, string what)
        {
            text.Append(what);
            text.Append(" #");
            text.AppendDecimal((long)Index);
            text.Append(' ');
            Range.AppendTo(ref text);
        }
    }
}
