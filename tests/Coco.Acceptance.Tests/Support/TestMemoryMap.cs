using Coco.Uefi.Raw;
using Coco.Uefi;

namespace Coco.Acceptance.Tests.Support;

/// <summary>A memory map in unmanaged memory with edk2's 48-byte stride (or another), the
/// padding filled with 0xCC so a reader that steps by 40 bytes reads garbage.</summary>
public sealed unsafe class TestMemoryMap : IDisposable
{
    private readonly NativeBuffer _buffer;

    public TestMemoryMap(IReadOnlyList<MapDescriptor> descriptors, int stride = 48, int? mapSizeOverride = null)
    {
        int capacity = Math.Max(stride, 48) * Math.Max(descriptors.Count, 1) + 64;
        _buffer = new NativeBuffer((ulong)capacity);
        new Span<byte>(_buffer.Pointer, capacity).Fill(0xCC);
        for (int i = 0; i < descriptors.Count; i++)
        {
            var d = (EfiMemoryDescriptor*)(_buffer.Pointer + i * Math.Max(stride, 40));
            *d = new EfiMemoryDescriptor { Type = descriptors[i].Type, PhysicalStart = descriptors[i].Start, NumberOfPages = descriptors[i].Pages };
        }
        Map = new EfiMemoryMap(_buffer.Pointer, (nuint)(mapSizeOverride ?? descriptors.Count * stride), (nuint)stride, 1, 0);
    }

    public EfiMemoryMap Map { get; }

    public void Dispose() => _buffer.Dispose();
}
