using Coco.Uefi.Raw;

namespace Coco.Uefi
{
    /// <summary>
    /// A memory map as GetMemoryMap returns it: a buffer of descriptors <see cref="DescriptorSize"/>
    /// bytes apart (never sizeof(EfiMemoryDescriptor)). .NET tests build the same shape in memory.
    /// </summary>
    public unsafe struct EfiMemoryMap
    {
        public EfiMemoryMap(byte* buffer, nuint mapSize, nuint descriptorSize, uint descriptorVersion, nuint mapKey)
        {
            Buffer = buffer;
            MapSize = mapSize;
            DescriptorSize = descriptorSize;
            DescriptorVersion = descriptorVersion;
            MapKey = mapKey;
        }

        public byte* Buffer { get; }

        public nuint MapSize { get; }

        public nuint DescriptorSize { get; }

        public uint DescriptorVersion { get; }

        public nuint MapKey { get; }

        public int Count => DescriptorSize == 0 ? 0 : (int)(MapSize / DescriptorSize);

        public EfiMemoryDescriptor* this[int index] => (EfiMemoryDescriptor*)(Buffer + (nuint)index * DescriptorSize);

        /// <summary>
        /// Moves <paramref name="cursor"/> (start at 0) past the next descriptor of
        /// <paramref name="type"/> and gives its range; false when there is none left. The end
        /// is computed without an overflow check: walk only maps the validator accepted.
        /// </summary>
        public bool NextOfType(ref int cursor, EfiMemoryType type, out ulong start, out ulong end)
        {
            int count = Count;
            while (cursor < count)
            {
                EfiMemoryDescriptor* descriptor = this[cursor++];
                if (descriptor->Type == (uint)type)
                {
                    start = descriptor->PhysicalStart;
                    end = start + (descriptor->NumberOfPages << 12);
                    return true;
                }
            }
            start = 0;
            end = 0;
            return false;
        }

        /// <summary>
        /// Reads the current map into a pool buffer (EfiLoaderData). The buffer is sized with
        /// room for a few more descriptors, because allocating it can split a free range.
        /// Release it with <see cref="Free"/>.
        /// </summary>
        public static EfiStatus Read(out EfiMemoryMap map)
        {
            map = default;
            nuint size = 0;
            nuint key = 0;
            nuint descriptorSize = 0;
            uint version = 0;
            EfiStatus status = Efi.BootServices->GetMemoryMap(&size, null, &key, &descriptorSize, &version);
            for (int attempt = 0; attempt < 4 && status == EfiStatus.BufferTooSmall; attempt++)
            {
                size += 8 * (descriptorSize == 0 ? 48 : descriptorSize);
                status = Efi.AllocatePool(EfiMemoryType.LoaderData, size, out void* buffer);
                if (status.IsError)
                {
                    return status;
                }
                nuint filled = size;
                status = Efi.BootServices->GetMemoryMap(&filled, (EfiMemoryDescriptor*)buffer, &key, &descriptorSize, &version);
                if (!status.IsError)
                {
                    map = new EfiMemoryMap((byte*)buffer, filled, descriptorSize, version, key);
                    return status;
                }
                Efi.FreePool(buffer);
                size = filled;
            }
            return status.IsError ? status : EfiStatus.BufferTooSmall;
        }

        public void Free()
        {
            if (Buffer != null)
            {
                Efi.FreePool(Buffer);
            }
        }
    }
}
