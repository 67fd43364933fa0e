using Coco.Memory;
using Coco.Uefi.Raw;

namespace Coco.Uefi
{
    /// <summary>
    /// Copies a memory map, giving the parts that fall inside chosen ranges a new type and
    /// splitting descriptors at the range edges. Used to simulate unaccepted memory on a
    /// machine that has none: the firmware's own map is never modified.
    /// </summary>
    public static unsafe class MemoryMapRetyper
    {
        /// <summary>
        /// Writes the retyped copy of <paramref name="source"/> into <paramref name="destination"/>
        /// (same descriptor size), in the source's order. <paramref name="rangeStarts"/> and
        /// <paramref name="rangeEnds"/> hold <paramref name="rangeCount"/> page-aligned ranges,
        /// sorted and disjoint. Returns false, writing nothing usable, when the destination is too small.
        /// </summary>
        public static bool Retype(in EfiMemoryMap source, ulong* rangeStarts, ulong* rangeEnds, int rangeCount,
            uint newType, byte* destination, nuint destinationBytes, out EfiMemoryMap result)
        {
            result = default;
            nuint stride = source.DescriptorSize;
            nuint written = 0;
            for (int i = 0; i < source.Count; i++)
            {
                EfiMemoryDescriptor* d = source[i];
                ulong start = d->PhysicalStart;
                ulong end = start + d->NumberOfPages * PageSize.Size4K;
                ulong cursor = start;
                for (int r = 0; r < rangeCount && cursor < end; r++)
                {
                    ulong from = rangeStarts[r] > cursor ? rangeStarts[r] : cursor;
                    ulong to = rangeEnds[r] < end ? rangeEnds[r] : end;
                    if (from >= to)
                    {
                        continue;
                    }
                    if (!Emit(d, cursor, from, d->Type, destination, destinationBytes, stride, ref written)
                        || !Emit(d, from, to, newType, destination, destinationBytes, stride, ref written))
                    {
                        return false;
                    }
                    cursor = to;
                }
                if (!Emit(d, cursor, end, d->Type, destination, destinationBytes, stride, ref written))
                {
                    return false;
                }
            }
            result = new EfiMemoryMap(destination, written, stride, source.DescriptorVersion, source.MapKey);
            return true;
        }

        // Appends [start, end) of template's descriptor with the given type; nothing for an empty piece.
        private static bool Emit(EfiMemoryDescriptor* template, ulong start, ulong end, uint type,
            byte* destination, nuint capacity, nuint stride, ref nuint written)
        {
            if (start >= end)
            {
                return true;
            }
            if (written + stride > capacity)
            {
                return false;
            }
            byte* target = destination + written;
            byte* from = (byte*)template;
            for (nuint b = 0; b < stride; b++)
            {
                target[b] = from[b];
            }
            var piece = (EfiMemoryDescriptor*)target;
            piece->Type = type;
            piece->PhysicalStart = start;
            piece->VirtualStart = template->VirtualStart + (start - template->PhysicalStart);
            piece->NumberOfPages = (end - start) / PageSize.Size4K;
            written += stride;
            return true;
        }
    }
}
