using Coco.Memory;
using Coco.Text;
using Coco.Uefi.Raw;
using Coco.Uefi;

namespace UefiApp
{
    /// <summary>The memory-map part of the report: a table by type for people, and for tools
    /// the counts by type and every descriptor in physical-address order.</summary>
    internal static unsafe class MemoryMapReport
    {
        private const int LineChars = 160;
        private const int NameColumn = 28;

        /// <summary>The most one entry of "ranges" takes: {"type":4294967295,"start":"0x" + 16
        /// digits,"pages":20 digits} and a comma.</summary>
        private const int RangeChars = 80;

        public static int JsonChars(in EfiMemoryMap map) => map.Count * RangeChars;

        public static void PrintTable(in MemoryMapSummary summary)
        {
            char* buffer = stackalloc char[LineChars];
            var line = new TextBuilder(buffer, LineChars);
            EfiConsole.WriteLine("Memory map:");
            for (uint type = 0; type < MemoryMapSummary.TypeSlots; type++)
            {
                uint count = summary.DescriptorsOf((EfiMemoryType)type);
                if (count == 0)
                {
                    continue;
                }
                line.Clear();
                line.Append("  ");
                line.Append(EfiMemoryTypeNames.Of(type));
                Pad(ref line, NameColumn);
                line.AppendDecimal((ulong)count);
                line.Append(count == 1 ? " descriptor, " : " descriptors, ");
                line.AppendSize(summary.BytesOf((EfiMemoryType)type));
                EfiConsole.WriteLine(line.AsSpan());
            }
            if (summary.OtherDescriptors != 0)
            {
                line.Clear();
                line.Append("  other types");
                Pad(ref line, NameColumn);
                line.AppendDecimal((ulong)summary.OtherDescriptors);
                line.Append(" descriptors, ");
                line.AppendSize(summary.OtherPages * PageSize.Size4K);
                EfiConsole.WriteLine(line.AsSpan());
            }
            line.Clear();
            line.Append("  total");
            Pad(ref line, NameColumn);
            line.AppendDecimal((ulong)summary.DescriptorCount);
            line.Append(" descriptors, ");
            line.AppendSize(summary.TotalBytes);
            EfiConsole.WriteLine(line.AsSpan());
        }

        public static void WriteJson(ref JsonWriter json, in EfiMemoryMap map, in MemoryMapSummary summary)
        {
            json.BeginObject();
            json.Name("descriptors");
            json.Number((ulong)summary.DescriptorCount);
            json.Name("conventionalBytes");
            json.Number(summary.BytesOf(EfiMemoryType.ConventionalMemory));
            json.Name("totalBytes");
            json.Number(summary.TotalBytes);
            json.Name("types");
            json.BeginArray();
            for (uint type = 0; type < MemoryMapSummary.TypeSlots; type++)
            {
                uint count = summary.DescriptorsOf((EfiMemoryType)type);
                if (count == 0)
                {
                    continue;
                }
                json.BeginObject();
                json.Name("type");
                json.Number((ulong)type);
                json.Name("name");
                json.String(EfiMemoryTypeNames.Of(type));
                json.Name("descriptors");
                json.Number((ulong)count);
                json.Name("bytes");
                json.Number(summary.BytesOf((EfiMemoryType)type));
                json.EndObject();
            }
            json.EndArray();
            json.Name("ranges");
            json.BeginArray();
            int previous = -1;
            for (int n = 0; n < map.Count; n++)
            {
                int next = NextByAddress(map, previous);
                EfiMemoryDescriptor* descriptor = map[next];
                json.BeginObject();
                json.Name("type");
                json.Number((ulong)descriptor->Type);
                json.Name("start");
                json.HexString(descriptor->PhysicalStart);
                json.Name("pages");
                json.Number(descriptor->NumberOfPages);
                json.EndObject();
                previous = next;
            }
            json.EndArray();
            json.EndObject();
        }

        // The descriptor that follows `previous` in (PhysicalStart, index) order. Firmware maps
        // are sorted in practice, but the report must list the ranges in order even when one
        // is not; the quadratic walk over ~100-200 descriptors costs nothing next to printing.
        private static int NextByAddress(in EfiMemoryMap map, int previous)
        {
            int best = -1;
            for (int i = 0; i < map.Count; i++)
            {
                if (previous >= 0 && !Follows(map, i, previous))
                {
                    continue;
                }
                if (best < 0 || Follows(map, best, i))
                {
                    best = i;
                }
            }
            return best;
        }

        private static bool Follows(in EfiMemoryMap map, int a, int b)
        {
            ulong startA = map[a]->PhysicalStart;
            ulong startB = map[b]->PhysicalStart;
            return startA > startB || (startA == startB && a > b);
        }

        private static void Pad(ref TextBuilder text, int column)
        {
            while (text.Length < column)
            {
                text.Append(' ');
            }
        }
    }
}
