using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Benchmarks
{
    /// <summary>
    /// Publishing the unaccepted-memory table (validate, size, zero, accept heads and tails,
    /// mark) for maps of 256 unaccepted ranges spanning 4 GiB to 4 PiB. Baseline: zeroing a
    /// bitmap of the same size, the least any builder must do.
    /// </summary>
    [MemoryDiagnoser]
    public unsafe class AcceptanceTableBenchmarks
    {
        private EfiMemoryMap _map;
        private byte* _table;
        private ulong _tableBytes;
        private ulong _accepted;

        [Params("4GiB", "64GiB", "1TiB", "4PiB")]
        public string Span { get; set; } = "4GiB";

        [GlobalSetup]
        public void Setup()
        {
            ulong span = Span switch { "4GiB" => 4UL << 30, "64GiB" => 64UL << 30, "1TiB" => 1UL << 40, _ => 4UL << 50 };
            _map = AcceptanceSupport.SpreadMap(span, 256, 1);
            _tableBytes = UnacceptedTableLayout.For(_map).AllocationBytes;
            _table = (byte*)NativeMemory.AllocZeroed((nuint)_tableBytes);
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            NativeMemory.Free(_map.Buffer);
            NativeMemory.Free(_table);
        }

        [Benchmark(Baseline = true)]
        public void ZeroBitmap()
        {
            byte* bytes = _table;
            ulong length = _tableBytes;
            while (length > 0)
            {
                int chunk = (int)Math.Min(length, 1UL << 30);
                new Span<byte>(bytes, chunk).Clear();
                bytes += chunk;
                length -= (ulong)chunk;
            }
        }

        /// <summary>The same bytes zeroed by Coco's MemoryBlock (streaming stores in .NET for
        /// blocks of 256 KiB and more): the fastest zeroing here, beside the baseline.</summary>
        [Benchmark]
        public void ZeroBitmapStreaming() => Coco.Memory.MemoryBlock.Zero(_table, _tableBytes);

        /// <summary>The same bytes zeroed in pieces of the size the spread map's ranges and gaps
        /// give the builder (half a slot each). In .NET the baseline's one large memset may use
        /// non-temporal stores (glibc does above a fraction of the shared cache) where pieces
        /// this size do not: this row says how much of Publish's ratio that is.</summary>
        [Benchmark]
        public void ZeroBitmapInPieces()
        {
            byte* bytes = _table;
            ulong length = _tableBytes;
            ulong piece = Math.Max(_tableBytes / 512, 8);
            while (length > 0)
            {
                int chunk = (int)Math.Min(length, piece);
                new Span<byte>(bytes, chunk).Clear();
                bytes += chunk;
                length -= (ulong)chunk;
            }
        }

        [Benchmark]
        public ulong Publish()
        {
            ulong accepted = 0;
            PublishResult result = UnacceptedTablePublisher.Publish(_map, AcceptanceSupport.CountingAcceptor(&accepted),
                AcceptanceSupport.PreallocatedServices(_table));
            if (result.IsError)
            {
                throw new InvalidOperationException(result.Failure.ToString());
            }
            _accepted = accepted;
            return result.Counters.PendingUnits;
        }
    }
}
