using Coco.Memory;
using Coco.Uefi.Raw;
using Coco.Uefi;

namespace UefiApp
{
    /// <summary>
    /// Presents part of conventional memory as unaccepted on a machine that has none (QEMU
    /// without TDX). Three ranges are carved from the largest free range and allocated so the
    /// firmware cannot reuse them: one with unaligned head and tail, one shorter than two 2 MiB
    /// units (Linux accepts those whole), and one that starts on a unit. A copy of the memory
    /// map shows them as EfiUnacceptedMemoryType; the firmware's own map is not changed.
    /// </summary>
    internal unsafe struct UnacceptedSimulation
    {
        public const ulong MinimumMiB = 8;
        public const ulong MaximumMiB = 1024 * 1024;
        public const int RangeCount = 3;

        private const ulong MiB = 1024 * 1024;
        private const ulong Unit = 2 * MiB;
        private const ulong Page = PageSize.Size4K;
        private const ulong UnalignedHead = 3 * Page;
        private const ulong SmallRange = MiB + 2 * Page;
        private const ulong Gap = Unit + Page;

        public fixed ulong Starts[RangeCount];
        public fixed ulong Ends[RangeCount];

        public ulong TotalBytes;

        /// <summary>Lowest start and highest end: the window the simulated platform tracks.</summary>
        public ulong WindowStart => Starts[0];

        public ulong WindowEnd => Ends[RangeCount - 1];

        /// <summary>Chooses and allocates the ranges; on error nothing stays allocated.</summary>
        public static EfiStatus Reserve(in EfiMemoryMap map, ulong mebibytes, out UnacceptedSimulation simulation)
        {
            simulation = default;
            ulong total = mebibytes * MiB;
            ulong first = total / 2 + 5 * Page;            // unaligned at both ends
            ulong third = total - first - SmallRange;     // unit-aligned start, unaligned end
            ulong needed = Unit + UnalignedHead + first + Gap + SmallRange + Gap + Unit + third + Unit;

            EfiMemoryDescriptor* largest = LargestConventional(map);
            if (largest == null || largest->NumberOfPages * Page < needed)
            {
                return EfiStatus.OutOfResources;
            }
            ulong cursor = RoundUp(largest->PhysicalStart, Unit) + Unit;
            simulation.Starts[0] = cursor + UnalignedHead;
            simulation.Ends[0] = simulation.Starts[0] + first;
            simulation.Starts[1] = simulation.Ends[0] + Gap;
            simulation.Ends[1] = simulation.Starts[1] + SmallRange;
            simulation.Starts[2] = RoundUp(simulation.Ends[1] + Gap, Unit);
            simulation.Ends[2] = simulation.Starts[2] + third;
            simulation.TotalBytes = total;

            for (int i = 0; i < RangeCount; i++)
            {
                EfiStatus status = Efi.AllocatePagesAt(simulation.Starts[i], (nuint)((simulation.Ends[i] - simulation.Starts[i]) / Page), EfiMemoryType.LoaderData);
                if (status.IsError)
                {
                    for (int j = 0; j < i; j++)
                    {
                        Efi.FreePages(simulation.Starts[j], (nuint)((simulation.Ends[j] - simulation.Starts[j]) / Page));
                    }
                    return status;
                }
            }
            return EfiStatus.Success;
        }

        /// <summary>Writes the map as the pipeline should see it: the ranges as type 15.</summary>
        public bool Apply(in EfiMemoryMap firmwareMap, byte* destination, nuint destinationBytes, out EfiMemoryMap simulatedMap)
        {
            fixed (ulong* starts = Starts)
            fixed (ulong* ends = Ends)
            {
                return MemoryMapRetyper.Retype(firmwareMap, starts, ends, RangeCount, (uint)EfiMemoryType.UnacceptedMemory,
                    destination, destinationBytes, out simulatedMap);
            }
        }

        private static EfiMemoryDescriptor* LargestConventional(in EfiMemoryMap map)
        {
            EfiMemoryDescriptor* best = null;
            for (int i = 0; i < map.Count; i++)
            {
                EfiMemoryDescriptor* d = map[i];
                if (d->Type == (uint)EfiMemoryType.ConventionalMemory && (best == null || d->NumberOfPages > best->NumberOfPages))
                {
                    best = d;
                }
            }
            return best;
        }

        private static ulong RoundUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
    }
}
