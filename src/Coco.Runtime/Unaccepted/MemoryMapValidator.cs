using Coco.Memory;
using Coco.Uefi.Raw;
using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Checks a memory map before anything is derived from it: a map that overlaps itself, has
    /// empty or unaligned descriptors or ranges past 64 bits would make the bitmap lie about which
    /// memory is accepted, so such a map publishes nothing. Order is not required: the UEFI
    /// specification promises none, and edk2's CoreGetMemoryMap (MdeModulePkg/Core/Dxe/Mem/Page.c)
    /// lists its memory descriptors first and the GCD's MMIO and reserved ranges after them, so
    /// a guest with memory above 4 GiB gets an unsorted map; Linux's stub takes any order.
    /// </summary>
    public static unsafe class MemoryMapValidator
    {
        /// <summary>sizeof(EFI_MEMORY_DESCRIPTOR) as declared in the UEFI specification.</summary>
        public const ulong MinimumDescriptorSize = 40;

        /// <summary>The first defect in <paramref name="map"/>, or <see cref="MemoryMapError.None"/>.</summary>
        public static MemoryMapError Validate(in EfiMemoryMap map)
        {
            ulong descriptorSize = map.DescriptorSize;
            ulong mapSize = map.MapSize;
            if (descriptorSize < MinimumDescriptorSize)
            {
                return MemoryMapError.MapWide(MemoryMapErrorKind.DescriptorSizeTooSmall, descriptorSize, mapSize);
            }
            if (mapSize % descriptorSize != 0)
            {
                return MemoryMapError.MapWide(MemoryMapErrorKind.MapSizeNotMultipleOfDescriptorSize, descriptorSize, mapSize);
            }
            if (mapSize != 0 && map.Buffer == null)
            {
                return MemoryMapError.MapWide(MemoryMapErrorKind.MissingBuffer, descriptorSize, mapSize);
            }

            ulong count = mapSize / descriptorSize;
            for (ulong i = 0; i < count; i++)
            {
                EfiMemoryDescriptor* descriptor = (EfiMemoryDescriptor*)(map.Buffer + i * descriptorSize);
                ulong start = descriptor->PhysicalStart;
                ulong pages = descriptor->NumberOfPages;
                ulong end = EndOf(start, pages, out bool overflows);
                int index = (int)i;
                if (pages == 0)
                {
                    return MemoryMapError.AtDescriptor(MemoryMapErrorKind.ZeroPages, index, start, start, pages);
                }
                if ((start & (PageSize.Size4K - 1)) != 0)
                {
                    return MemoryMapError.AtDescriptor(MemoryMapErrorKind.UnalignedAddress, index, start, end, pages);
                }
                if (overflows || (descriptor->Type == (uint)EfiMemoryType.UnacceptedMemory && RoundUpOverflows(end, UnacceptedMemoryTable.DefaultUnitSize)))
                {
                    return MemoryMapError.AtDescriptor(MemoryMapErrorKind.EndOverflows, index, start, end, pages);
                }
                // Every earlier descriptor, in any order (maps hold a few hundred at most).
                for (ulong j = 0; j < i; j++)
                {
                    EfiMemoryDescriptor* earlier = (EfiMemoryDescriptor*)(map.Buffer + j * descriptorSize);
                    ulong earlierEnd = EndOf(earlier->PhysicalStart, earlier->NumberOfPages, out _);
                    if (start < earlierEnd && earlier->PhysicalStart < end)
                    {
                        return MemoryMapError.Between(MemoryMapErrorKind.Overlap, index, start, end, (int)j, earlier->PhysicalStart, earlierEnd);
                    }
                }
            }
            return MemoryMapError.None;
        }

        /// <summary>start + pages * 4 KiB; saturates at ulong.MaxValue and reports overflow
        /// when the end is not representable.</summary>
        internal static ulong EndOf(ulong start, ulong pages, out bool overflows)
        {
            ulong room = ulong.MaxValue - start;
            if (pages > room >> 12 || (pages << 12) > room)
            {
                overflows = true;
                return ulong.MaxValue;
            }
            overflows = false;
            return start + (pages << 12);
        }

        private static bool RoundUpOverflows(ulong end, ulong unit) => end > ulong.MaxValue - (unit - 1);
    }
}
