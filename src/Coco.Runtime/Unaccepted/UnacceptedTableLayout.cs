using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// The size and placement of a new table, as the Linux stub derives them from the map:
    /// phys_base = lowest unaccepted base rounded down to the unit, end = highest unaccepted
    /// end rounded up, bitmap = DIV_ROUND_UP(end - phys_base, unit * 8) bytes exactly. The
    /// allocation rounds the bitmap up to whole 64-bit words so word-wise bit operations stay
    /// inside it; the header's size field keeps the exact byte count Linux computes.
    /// </summary>
    public struct UnacceptedTableLayout
    {
        public ulong UnitSize;
        public ulong PhysBase;
        public ulong End;

        /// <summary>The header's size field: bitmap bytes.</summary>
        public ulong BitmapBytes;

        /// <summary>Type-15 descriptors in the map; zero means no table is needed.</summary>
        public ulong UnacceptedDescriptors;

        public bool NeedsTable => UnacceptedDescriptors != 0;

        /// <summary>64-bit words the allocation holds after the header.</summary>
        public ulong BitmapWords => (BitmapBytes + 7) / 8;

        /// <summary>Bytes to allocate: header + whole words.</summary>
        public ulong AllocationBytes => UnacceptedMemoryTable.SizeWithTrailing(BitmapWords);

        /// <summary>The header to write at the start of the allocation.</summary>
        public UnacceptedMemoryTable Header
        {
            get
            {
                UnacceptedMemoryTable header = default;
                header.Version = UnacceptedMemoryTable.CurrentVersion;
                header.UnitSize = (uint)UnitSize;
                header.PhysBase = PhysBase;
                header.Size = BitmapBytes;
                return header;
            }
        }

        /// <summary>The layout for a map that <see cref="MemoryMapValidator"/> accepted (so no
        /// end overflows, even rounded up to the 2 MiB unit).</summary>
        public static unsafe UnacceptedTableLayout For(in EfiMemoryMap map)
        {
            UnacceptedTableLayout layout = default;
            ulong unit = UnacceptedMemoryTable.DefaultUnitSize;
            layout.UnitSize = unit;
            ulong lowest = ulong.MaxValue;
            ulong highest = 0;
            int cursor = 0;
            while (map.NextOfType(ref cursor, EfiMemoryType.UnacceptedMemory, out ulong start, out ulong end))
            {
                lowest = start < lowest ? start : lowest;
                highest = end > highest ? end : highest;
                layout.UnacceptedDescriptors++;
            }
            if (layout.UnacceptedDescriptors == 0)
            {
                return layout;
            }
            layout.PhysBase = lowest & ~(unit - 1);
            layout.End = (highest + unit - 1) & ~(unit - 1);
            ulong bitsPerByteSpan = unit * 8;
            ulong span = layout.End - layout.PhysBase;
            layout.BitmapBytes = span / bitsPerByteSpan + (span % bitsPerByteSpan == 0 ? 0UL : 1UL);
            return layout;
        }
    }
}
