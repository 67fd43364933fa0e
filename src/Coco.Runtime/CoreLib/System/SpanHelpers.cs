namespace System
{
    /// <summary>Block copy and fill. The JIT calls these for struct copies, zeroing and
    /// initblk/cpblk whose size it does not know.</summary>
    internal static unsafe class SpanHelpers
    {
        public static void Memmove(ref byte destination, ref byte source, nuint length)
        {
            fixed (byte* d = &destination)
            fixed (byte* s = &source)
            {
                if (d == s || length == 0)
                {
                    return;
                }
                if (d < s || d >= s + length)
                {
                    for (nuint i = 0; i < length; i++)
                    {
                        d[i] = s[i];
                    }
                }
                else
                {
                    // Overlap with the destination above the source: copy from the end.
                    for (nuint i = length; i > 0; i--)
                    {
                        d[i - 1] = s[i - 1];
                    }
                }
            }
        }

        public static void Fill(ref byte destination, byte value, nuint length)
        {
            fixed (byte* d = &destination)
            {
                for (nuint i = 0; i < length; i++)
                {
                    d[i] = value;
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
