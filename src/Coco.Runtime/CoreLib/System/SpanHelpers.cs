using System.Runtime;
using System.Runtime.CompilerServices;

namespace System
{
    /// <summary>Block copy and fill, for Span and for the JIT, which calls these for struct copies,
    /// zeroing and initblk/cpblk whose size it does not know. They run `rep stosq` / `rep movsq`
    /// (Efi/CocoRuntime.asm): 8 bytes a store at memory speed, where a C# loop would store bytes.</summary>
    internal static unsafe class SpanHelpers
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_memset")]
        private static extern void NativeMemset(byte* destination, int value, nuint length);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_memmove")]
        private static extern void NativeMemmove(byte* destination, byte* source, nuint length);

        public static void Memmove(ref byte destination, ref byte source, nuint length)
        {
            fixed (byte* d = &destination)
            fixed (byte* s = &source)
            {
                if (d != s && length != 0)
                {
                    NativeMemmove(d, s, length);
                }
            }
        }

        public static void Fill(ref byte destination, byte value, nuint length)
        {
            fixed (byte* d = &destination)
            {
                if (length != 0)
                {
                    NativeMemset(d, value, length);
                }
            }
        }

        public static void ClearWithoutReferences(ref byte destination, nuint length) => Fill(ref destination, 0, length);
    }

    internal static class Buffer
    {
        // No object references live in firmware memory, so no write barrier is needed.
        public static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint length)
            => SpanHelpers.Memmove(ref destination, ref source, length);
    }
}
