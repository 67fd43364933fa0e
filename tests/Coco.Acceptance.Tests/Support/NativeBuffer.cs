using System.Runtime.InteropServices;

namespace Coco.Acceptance.Tests.Support;

/// <summary>Zeroed unmanaged memory that does not move, freed on dispose.</summary>
public sealed unsafe class NativeBuffer : IDisposable
{
    public NativeBuffer(ulong bytes)
    {
        Length = bytes;
        Pointer = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(bytes, 1UL));
    }

    public byte* Pointer { get; private set; }

    public ulong Length { get; }

    public T* As<T>() where T : unmanaged => (T*)Pointer;

    public void Dispose()
    {
        if (Pointer != null)
        {
            NativeMemory.Free(Pointer);
            Pointer = null;
        }
    }
}
