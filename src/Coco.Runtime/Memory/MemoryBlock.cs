using System;

namespace Coco.Memory
{
    /// <summary>Zeroing and filling of blocks larger than a span can address: 1 GiB spans in
    /// turn, each at memory speed (the .NET library's vectorised Clear and Fill; `rep stosq` in
    /// firmware).</summary>
    public static unsafe class MemoryBlock
    {
        private const ulong MaxChunk = 1UL << 30;

        public static void Zero(void* start, ulong bytes) => Fill(start, bytes, 0);

        public static void Fill(void* start, ulong bytes, byte value)
        {
            byte* cursor = (byte*)start;
            while (bytes > 0)
            {
                int chunk = bytes > MaxChunk ? (int)MaxChunk : (int)bytes;
                if (value == 0)
                {
                    new Span<byte>(cursor, chunk).Clear();
                }
                else
                {
                    new Span<byte>(cursor, chunk).Fill(value);
                }
                cursor += chunk;
                bytes -= (ulong)chunk;
            }
        }
    }
}
