using System;
using System.Runtime.InteropServices;

namespace Coco.Runtime.Tdx.Tests.Support
{
    /// <summary>Aligned unmanaged storage, as firmware code expects caller memory to be.</summary>
    public sealed unsafe class NativeArray<T> : IDisposable where T : unmanaged
    {
        public NativeArray(int length, int alignment = 512)
        {
            Length = length;
            Pointer = (T*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, length) * (nuint)sizeof(T), (nuint)alignment);
            NativeMemory.Clear(Pointer, (nuint)Math.Max(1, length) * (nuint)sizeof(T));
        }

        public T* Pointer { get; private set; }

        public int Length { get; }

        public Span<T> Span => new Span<T>(Pointer, Length);

        public ref T this[int index] => ref Span[index];

        public void Dispose()
        {
            if (Pointer != null)
            {
                NativeMemory.AlignedFree(Pointer);
                Pointer = null;
            }
        }
    }
}
