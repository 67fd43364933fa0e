using System.Runtime.InteropServices;
using Coco.Uefi.Raw;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Benchmarks
{
    /// <summary>Memory maps and publisher services for the acceptance benchmarks, in native memory.</summary>
    internal static unsafe class AcceptanceSupport
    {
        public const ulong Unit = 2UL << 20;

        /// <summary>A 48-byte-stride map of <paramref name="ranges"/> type-15 ranges spread over
        /// [0, span), each with unaligned ends, separated by conventional memory.</summary>
        public static EfiMemoryMap SpreadMap(ulong span, int ranges, int seed)
        {
            const int stride = 48;
            var random = new Random(seed);
            byte* buffer = (byte*)NativeMemory.AllocZeroed((nuint)(stride * ranges * 2));
            ulong slot = span / (ulong)ranges;
            int count = 0;
            for (int i = 0; i < ranges; i++)
            {
                ulong slotStart = (ulong)i * slot;
                ulong head = (ulong)random.Next(1, 256) * 4096;
                ulong length = Math.Max(slot / 2 + (ulong)random.Next(0, 512) * 4096, 3 * Unit);
                length = Math.Min(length, slot - head - 4096);
                var gap = (EfiMemoryDescriptor*)(buffer + count++ * stride);
                *gap = new EfiMemoryDescriptor { Type = 7, PhysicalStart = slotStart, NumberOfPages = head / 4096 };
                var d = (EfiMemoryDescriptor*)(buffer + count++ * stride);
                *d = new EfiMemoryDescriptor { Type = 15, PhysicalStart = slotStart + head, NumberOfPages = length / 4096 };
            }
            return new EfiMemoryMap(buffer, (nuint)(count * stride), stride, 1, 0);
        }

        /// <summary>Services that hand out one preallocated buffer (so a 256 MiB bitmap is not
        /// allocated per run) and install nothing.</summary>
        public static UnacceptedTableServices PreallocatedServices(void* buffer) => new UnacceptedTableServices
        {
            Context = buffer,
            FindInstalled = &FindNone,
            Allocate = &HandOut,
            Install = &InstallNowhere,
            Free = &FreeNothing,
        };

        private static UnacceptedMemoryTable* FindNone(void* context) => null;

        private static EfiStatus HandOut(void* context, ulong bytes, UnacceptedMemoryTable** table)
        {
            *table = (UnacceptedMemoryTable*)context;
            return EfiStatus.Success;
        }

        private static EfiStatus InstallNowhere(void* context, UnacceptedMemoryTable* table) => EfiStatus.Success;

        private static void FreeNothing(void* context, UnacceptedMemoryTable* table, ulong bytes) { }

        /// <summary>An acceptor that only counts bytes.</summary>
        public static MemoryAcceptor CountingAcceptor(ulong* bytes) => new MemoryAcceptor(&Count, bytes, null, null);

        private static AcceptResult Count(void* context, ulong start, ulong end)
        {
            *(ulong*)context += end - start;
            return AcceptResult.Accepted(end);
        }
    }
}
