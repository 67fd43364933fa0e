using Coco.Tdx.Host.Tdmr;
using Coco.Text;
using Coco.Uefi;

namespace TdxHostApp
{
    /// <summary>
    /// Prints a built TDMR list so a test can compare it with the .NET build's, field by field
    /// and byte by byte:
    /// <code>
    /// Layout NAME: N TDMRs, TDMR_INFO at 0x…, B bytes, fnv1a64 0x…
    /// TDMR NAME #i: base 0x… size 0x… pamt4k 0x…+0x… pamt2m 0x…+0x… pamt1g 0x…+0x… reserved R
    ///   area NAME #i.j: offset 0x… size 0x…
    /// </code>
    /// The digest is FNV-1a (64-bit) over the N records' bytes, padding and unused areas included.
    /// </summary>
    public static unsafe class TdmrLayoutReport
    {
        private const int LineChars = 256;

        public static void Print(string name, TdmrInfo* tdmrs, int count)
        {
            PrintHeader(name, tdmrs, count);
            for (int i = 0; i < count; i++)
            {
                PrintTdmr(name, i, tdmrs + i);
                int areas = tdmrs[i].ReservedAreaCount;
                for (int j = 0; j < areas; j++)
                {
                    PrintArea(name, i, j, tdmrs[i].ReservedAreasAt(j));
                }
            }
        }

        /// <summary>FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3).</summary>
        private static ulong Fnv1a64(byte* bytes, ulong length)
        {
            ulong hash = 0xCBF29CE484222325;
            for (ulong i = 0; i < length; i++)
            {
                hash ^= bytes[i];
                hash *= 0x100000001B3;
            }
            return hash;
        }

        private static void PrintHeader(string name, TdmrInfo* tdmrs, int count)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            ulong bytes = (ulong)count * TdmrInfo.LayoutSize;
            text.Append("Layout ");
            text.Append(name);
            text.Append(": ");
            text.AppendDecimal((long)count);
            text.Append(" TDMRs, TDMR_INFO at ");
            text.AppendHex((ulong)tdmrs);
            text.Append(", ");
            text.AppendDecimal(bytes);
            text.Append(" bytes, fnv1a64 ");
            text.AppendHex(Fnv1a64((byte*)tdmrs, bytes), 16);
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintTdmr(string name, int index, TdmrInfo* tdmr)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("TDMR ");
            text.Append(name);
            text.Append(" #");
            text.AppendDecimal((long)index);
            text.Append(": base ");
            text.AppendHex(tdmr->Base);
            text.Append(" size ");
            text.AppendHex(tdmr->Size);
            AppendPamt(ref text, " pamt4k ", tdmr->Pamt4KBase, tdmr->Pamt4KSize);
            AppendPamt(ref text, " pamt2m ", tdmr->Pamt2MBase, tdmr->Pamt2MSize);
            AppendPamt(ref text, " pamt1g ", tdmr->Pamt1GBase, tdmr->Pamt1GSize);
            text.Append(" reserved ");
            text.AppendDecimal((long)tdmr->ReservedAreaCount);
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void AppendPamt(ref TextBuilder text, string label, ulong pamtBase, ulong size)
        {
            text.Append(label);
            text.AppendHex(pamtBase);
            text.Append('+');
            text.AppendHex(size);
        }

        private static void PrintArea(string name, int tdmrIndex, int areaIndex, TdmrReservedArea area)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("  area ");
            text.Append(name);
            text.Append(" #");
            text.AppendDecimal((long)tdmrIndex);
            text.Append('.');
            text.AppendDecimal((long)areaIndex);
            text.Append(": offset ");
            text.AppendHex(area.Offset);
            text.Append(" size ");
            text.AppendHex(area.Size);
            EfiConsole.WriteLine(text.AsSpan());
        }
    }
}
