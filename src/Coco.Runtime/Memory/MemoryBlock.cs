using System;
#if !COCO_EFI
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace Coco.Memory
{
    /// <summary>Zeroing and filling of blocks larger than a span can address: 1 GiB spans in
    /// turn, each at memory speed (`rep stosq` in firmware; on .NET the library's vectorised
    /// Clear and Fill, and streaming stores for large blocks).</summary>
    public static unsafe class MemoryBlock
    {
        private const ulong MaxChunk = 1UL << 30;

        public static void Zero(void* start, ulong bytes) => Fill(start, bytes, 0);

        public static void Fill(void* start, ulong bytes, byte value)
        {
#if !COCO_EFI
            if (bytes >= StreamingBytes && Avx.IsSupported)
            {
                FillStreaming((byte*)start, bytes, value);
                return;
            }
#endif
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

#if !COCO_EFI
        // Blocks this large are not read again soon (a new table's bitmap). .NET's Span.Fill
        // writes through the cache, reading every line it overwrites, where firmware's rep stosq
        // and glibc's large memset do not: a 0xFF fill of 512 KiB pieces ran 1.3-1.5 x their
        // zeroing, streaming stores 0.5 x (2-core VM).
        private const ulong StreamingBytes = 256 * 1024;

        private static void FillStreaming(byte* cursor, ulong bytes, byte value)
        {
            ulong head = (32 - ((ulong)cursor & 31)) & 31;
            new Span<byte>(cursor, (int)head).Fill(value);
            cursor += head;
            bytes -= head;
            Vector256<byte> vector = Vector256.Create(value);
            for (ulong blocks = bytes / 128; blocks > 0; blocks--)
            {
                Avx.StoreAlignedNonTemporal(cursor, vector);
                Avx.StoreAlignedNonTemporal(cursor + 32, vector);
                Avx.StoreAlignedNonTemporal(cursor + 64, vector);
                Avx.StoreAlignedNonTemporal(cursor + 96, vector);
                cursor += 128;
            }
            // Streaming stores are weakly ordered: fence them before anyone reads the block.
            Sse.StoreFence();
            new Span<byte>(cursor, (int)(bytes % 128)).Fill(value);
        }
#endif
    }
}
