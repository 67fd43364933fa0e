using Coco.Text;
using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// The first defect found in a memory map: which descriptor, which range, and which
    /// descriptor it collides with. Formats itself without allocating, e.g.
    /// "memory map descriptor 7 [0x100000, 0x200000) overlaps descriptor 6 [0x0, 0x180000)".
    /// </summary>
    public struct MemoryMapError
    {
        public MemoryMapErrorKind Kind;

        /// <summary>The offending descriptor's index; -1 for map-wide defects.</summary>
        public int Index;

        /// <summary>Its PhysicalStart and computed end (end saturates at ulong.MaxValue on overflow).</summary>
        public ulong Start;
        public ulong End;

        /// <summary>Its NumberOfPages (zero-page and overflow errors).</summary>
        public ulong Pages;

        /// <summary>The earlier descriptor it overlaps (Overlap), else -1.</summary>
        public int OtherIndex;
        public ulong OtherStart;
        public ulong OtherEnd;

        /// <summary>The map's DescriptorSize and MapSize (map-wide defects).</summary>
        public ulong DescriptorSize;
        public ulong MapSize;

        public bool IsError => Kind != MemoryMapErrorKind.None;

        /// <summary>EFI_INVALID_PARAMETER for every defect: the map, not the firmware, is wrong.</summary>
        public EfiStatus Status => IsError ? EfiStatus.InvalidParameter : EfiStatus.Success;

        public static MemoryMapError None => new MemoryMapError { Kind = MemoryMapErrorKind.None, Index = -1, OtherIndex = -1 };

        internal static MemoryMapError MapWide(MemoryMapErrorKind kind, ulong descriptorSize, ulong mapSize) =>
            new MemoryMapError { Kind = kind, Index = -1, OtherIndex = -1, DescriptorSize = descriptorSize, MapSize = mapSize };

        internal static MemoryMapError AtDescriptor(MemoryMapErrorKind kind, int index, ulong start, ulong end, ulong pages) =>
            new MemoryMapError { Kind = kind, Index = index, Start = start, End = end, Pages = pages, OtherIndex = -1 };

        internal static MemoryMapError Between(MemoryMapErrorKind kind, int index, ulong start, ulong end, int other, ulong otherStart, ulong otherEnd) =>
            new MemoryMapError { Kind = kind, Index = index, Start = start, End = end, OtherIndex = other, OtherStart = otherStart, OtherEnd = otherEnd };

        public void AppendTo(ref TextBuilder text)
        {
            switch (Kind)
            {
                case MemoryMapErrorKind.None:
                    text.Append("memory map is valid");
                    return;
                case MemoryMapErrorKind.MissingBuffer:
                    text.Append("memory map has ");
                    text.AppendDecimal(MapSize);
                    text.Append(" bytes of descriptors but no buffer");
                    return;
                case MemoryMapErrorKind.DescriptorSizeTooSmall:
                    text.Append("memory map descriptor size ");
                    text.AppendDecimal(DescriptorSize);
                    text.Append(" is smaller than EFI_MEMORY_DESCRIPTOR (40 bytes)");
                    return;
                case MemoryMapErrorKind.MapSizeNotMultipleOfDescriptorSize:
                    text.Append("memory map size ");
                    text.AppendDecimal(MapSize);
                    text.Append(" is not a multiple of the descriptor size ");
                    text.AppendDecimal(DescriptorSize);
                    return;
            }
            text.Append("memory map descriptor ");
            text.AppendDecimal((long)Index);
            text.Append(' ');
            AppendRange(ref text, Start, End);
            switch (Kind)
            {
                case MemoryMapErrorKind.ZeroPages:
                    text.Append(" has zero pages");
                    break;
                case MemoryMapErrorKind.UnalignedAddress:
                    text.Append(" starts at an address that is not 4 KiB aligned");
                    break;
                case MemoryMapErrorKind.EndOverflows:
                    text.Append(" (");
                    text.AppendDecimal(Pages);
                    text.Append(" pages) ends beyond 64 bits");
                    break;
                case MemoryMapErrorKind.Overlap:
                    text.Append(" overlaps descriptor ");
                    text.AppendDecimal((long)OtherIndex);
                    text.Append(' ');
                    AppendRange(ref text, OtherStart, OtherEnd);
                    break;
            }
        }

        private static void AppendRange(ref TextBuilder text, ulong start, ulong end)
        {
            text.Append('[');
            text.AppendHex(start);
            text.Append(", ");
            text.AppendHex(end);
            text.Append(')');
        }
    }
}
