using Coco.Memory;
using Coco.Uefi.Raw;

namespace Coco.Uefi
{
    /// <summary>Descriptors and pages per memory type, the standard types 0..15 each counted
    /// apart and everything else (OEM, OS, invalid) together.</summary>
    public unsafe struct MemoryMapSummary
    {
        public const int TypeSlots = 16;
        private const int OtherSlot = TypeSlots;

        private fixed ulong _pages[TypeSlots + 1];
        private fixed uint _descriptors[TypeSlots + 1];

        public int DescriptorCount { get; private set; }

        public ulong TotalPages { get; private set; }

        public static MemoryMapSummary Of(in EfiMemoryMap map)
        {
            var summary = default(MemoryMapSummary);
            for (int i = 0; i < map.Count; i++)
            {
                EfiMemoryDescriptor* descriptor = map[i];
                int slot = descriptor->Type < TypeSlots ? (int)descriptor->Type : OtherSlot;
                summary._pages[slot] += descriptor->NumberOfPages;
                summary._descriptors[slot]++;
                summary.DescriptorCount++;
                summary.TotalPages += descriptor->NumberOfPages;
            }
            return summary;
        }

        public ulong PagesOf(EfiMemoryType type) => (uint)type < TypeSlots ? _pages[(int)type] : 0;

        public uint DescriptorsOf(EfiMemoryType type) => (uint)type < TypeSlots ? _descriptors[(int)type] : 0;

        public ulong BytesOf(EfiMemoryType type) => PagesOf(type) * PageSize.Size4K;

        public ulong OtherPages => _pages[OtherSlot];

        public uint OtherDescriptors => _descriptors[OtherSlot];

        public ulong TotalBytes => TotalPages * PageSize.Size4K;
    }
}
