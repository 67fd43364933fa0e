using System.Threading;
using Coco.Processors;
using Coco.Text;
using Coco.Time;
using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Accepts marked units of a published table on every CPU of a <see cref="ProcessorPool"/>:
    /// the units are cut into chunks (<see cref="DefaultChunkBytes"/>, as td-shim does) that CPUs
    /// take from a shared cursor, each through <see cref="LazyAcceptance.AcceptUnits(LazyAcceptance*, ulong, ulong, out ulong)"/>,
    /// so the bitmap, the accepting list and the resume-where-it-failed bookkeeping are the lazy
    /// path's and nothing is accepted twice. A CPU that fails stops the others (they finish the
    /// chunk in hand and take no more); the first failure is kept with the CPU that met it, and the
    /// acceptor's policy is applied on the calling CPU once all are back. An acceptor that is not
    /// safe on several CPUs (a firmware protocol) runs on the caller alone.
    /// Lives in caller memory while it runs.
    /// </summary>
    public unsafe struct ParallelAcceptance
    {
        /// <summary>td-shim's chunk (32 MiB); chosen here by measurement (docs/unaccepted-memory.md).</summary>
        public const ulong DefaultChunkBytes = 32UL << 20;

        /// <summary>CPUs whose bytes are counted one by one; higher processor numbers share the last slot.</summary>
        public const int MaxReportedCpus = 64;

        private LazyAcceptance* _lazy;
        private ulong _chunkUnits;
        private ulong _endUnit;
        private long _cursor;
        private int _stop;
        private int _errorClaimed;
        private AcceptResult _error;
        private uint _errorCpu;
        private long _lastFinish;
        private fixed ulong _bytes[MaxReportedCpus];

        /// <summary>
        /// Accepts the marked units [0, <paramref name="endUnit"/>) of <paramref name="lazy"/>'s table
        /// on <paramref name="pool"/>, and reports who did what and how long it took.
        /// </summary>
        public static AcceptResult Run(ParallelAcceptance* self, LazyAcceptance* lazy, ulong endUnit, in ProcessorPool pool, ulong chunkBytes, ParallelAcceptanceReport* report)
        {
            *self = default;
            *report = default;
            self->_lazy = lazy;
            self->_endUnit = endUnit < lazy->UnitCount ? endUnit : lazy->UnitCount;
            ulong unit = lazy->UnitSize == 0 ? 1 : lazy->UnitSize;
            self->_chunkUnits = chunkBytes < unit ? 1 : chunkBytes / unit;
            MemoryAcceptor acceptor = lazy->Acceptor;
            ProcessorPool cpus = acceptor.IsMpSafe ? pool : ProcessorPool.CallerOnly;
            report->ChunkBytes = self->_chunkUnits * unit;
            report->PoolNameFunction = cpus.NameFunction;
            report->PoolCpus = cpus.Count;
            report->FallbackReason = acceptor.IsMpSafe ? pool.FallbackReason : EfiStatus.Unsupported;
            report->AcceptorNotMpSafe = !acceptor.IsMpSafe && pool.Count > 1;

            ulong start = Timestamp.Now();
            report->RunStatus = cpus.Run(&Work, self);
            ulong back = Timestamp.Now();
            // The pool can be slower to say it is done than the CPUs are to finish: edk2's MP
            // services notice a non-blocking StartupAllAPs has ended only on a timer (DxeMpLib.c,
            // CheckApsStatus, every PcdCpuApStatusCheckIntervalInMicroSeconds = 100 ms).
            ulong finished = self->_lastFinish == 0 ? back : (ulong)self->_lastFinish;
            report->Microseconds = Timestamp.Microseconds(start, finished);
            report->PoolMicroseconds = Timestamp.Microseconds(start, back);

            for (int cpu = 0; cpu < MaxReportedCpus; cpu++)
            {
                report->SetBytes(cpu, self->_bytes[cpu]);
            }
            if (self->_errorClaimed != 0)
            {
                report->Failed = true;
                report->FailedCpu = self->_errorCpu;
                AcceptResult failure = self->_error;
                report->Failure = failure;
                if (acceptor.FailurePolicy == AcceptFailurePolicy.Halt)
                {
                    HaltNamingCpu(self->_errorCpu, failure);
                }
                return failure;
            }
            return AcceptResult.Accepted(lazy->Table == null ? 0 : lazy->Table->PhysBase + self->_endUnit * unit);
        }

        /// <summary>The end unit that covers the first <paramref name="bytes"/> of memory still
        /// marked unaccepted, lowest addresses first (whole units; all units when there is less).</summary>
        public static ulong EndUnitForFirstBytes(LazyAcceptance* lazy, ulong bytes)
        {
            if (lazy->Table == null || lazy->UnitSize == 0)
            {
                return 0;
            }
            ulong wanted = bytes / lazy->UnitSize + (bytes % lazy->UnitSize == 0 ? 0UL : 1UL);
            var bits = new UnacceptedMemoryTable.BitmapView(lazy->Table->Bitmap, lazy->UnitCount);
            ulong from = 0;
            while (wanted > 0 && bits.TryGetNextSetRun(from, lazy->UnitCount, out ulong runStart, out ulong runEnd))
            {
                if (runEnd - runStart >= wanted)
                {
                    return runStart + wanted;
                }
                wanted -= runEnd - runStart;
                from = runEnd;
            }
            return lazy->UnitCount;
        }

        private static void Work(void* argument, uint cpu)
        {
            ParallelAcceptance* self = (ParallelAcceptance*)argument;
            TakeChunks(self, cpu);
            RecordFinish(self);
        }

        // The latest time a CPU came back from its chunks: the end of the acceptance proper.
        private static void RecordFinish(ParallelAcceptance* self)
        {
            long now = (long)Timestamp.Now();
            long seen = Volatile.Read(ref self->_lastFinish);
            while ((ulong)now > (ulong)seen)
            {
                long found = Interlocked.CompareExchange(ref self->_lastFinish, now, seen);
                if (found == seen)
                {
                    return;
                }
                seen = found;
            }
        }

        private static void TakeChunks(ParallelAcceptance* self, uint cpu)
        {
            int slot = cpu < MaxReportedCpus ? (int)cpu : MaxReportedCpus - 1;
            long chunk = (long)self->_chunkUnits;
            while (Volatile.Read(ref self->_stop) == 0)
            {
                long first = Interlocked.Add(ref self->_cursor, chunk) - chunk;
                if ((ulong)first >= self->_endUnit)
                {
                    return;
                }
                ulong end = (ulong)first + (ulong)chunk;
                if (end > self->_endUnit)
                {
                    end = self->_endUnit;
                }
                AcceptResult result = LazyAcceptance.AcceptUnits(self->_lazy, (ulong)first, end, out ulong units);
                Interlocked.Add(ref *(long*)&self->_bytes[slot], (long)(units * self->_lazy->UnitSize));
                if (result.IsError)
                {
                    if (Interlocked.CompareExchange(ref self->_errorClaimed, 1, 0) == 0)
                    {
                        self->_error = result;
                        self->_errorCpu = cpu;
                    }
                    Interlocked.Exchange(ref self->_stop, 1);
                    return;
                }
            }
        }

        private static void HaltNamingCpu(uint cpu, in AcceptResult failure)
        {
            char* buffer = stackalloc char[AcceptanceHalt.MessageCapacity + 16];
            var text = new TextBuilder(buffer, AcceptanceHalt.MessageCapacity + 16);
            text.Append("CPU ");
            text.AppendDecimal((ulong)cpu);
            text.Append(": ");
            failure.AppendTo(ref text);
            FailFast.Halt(text.AsSpan());
        }
    }

    /// <summary>What a <see cref="ParallelAcceptance"/> run did: CPUs, chunk, time, bytes per CPU.</summary>
    public unsafe struct ParallelAcceptanceReport
    {
        public ulong ChunkBytes;

        /// <summary>Wall time from the start of the run until the last CPU had finished its
        /// chunks (µs): how long the memory took to accept.</summary>
        public ulong Microseconds;

        /// <summary>Wall time from the start of the run until the pool returned (µs): also how
        /// long the pool took to notice its CPUs were done (up to 100 ms with edk2's MP services).</summary>
        public ulong PoolMicroseconds;

        /// <summary>The pool the work ran on ("mp-services", "threads", "caller-only") and its CPUs.</summary>
        public delegate*<string> PoolNameFunction;
        public uint PoolCpus;

        public string PoolName => PoolNameFunction == null ? "caller-only" : PoolNameFunction();

        /// <summary>Why only the calling CPU ran: the firmware's answer, or EFI_UNSUPPORTED for an
        /// acceptor that is not safe on several CPUs; EFI_SUCCESS when the pool had more.</summary>
        public EfiStatus FallbackReason;
        public bool AcceptorNotMpSafe;

        /// <summary>The pool's own status (an MP services error).</summary>
        public EfiStatus RunStatus;

        public bool Failed;
        public uint FailedCpu;
        public AcceptResult Failure;

        private fixed ulong _bytes[ParallelAcceptance.MaxReportedCpus];

        /// <summary>Bytes CPU <paramref name="cpu"/> accepted (the last slot also holds higher CPUs').</summary>
        public ulong BytesOf(int cpu) => cpu >= 0 && cpu < ParallelAcceptance.MaxReportedCpus ? _bytes[cpu] : 0;

        internal void SetBytes(int cpu, ulong bytes) => _bytes[cpu] = bytes;

        /// <summary>CPUs that accepted anything.</summary>
        public int CpusThatAccepted
        {
            get
            {
                int count = 0;
                for (int cpu = 0; cpu < ParallelAcceptance.MaxReportedCpus; cpu++)
                {
                    if (_bytes[cpu] != 0)
                    {
                        count++;
                    }
                }
                return count;
            }
        }

        public ulong TotalBytes
        {
            get
            {
                ulong total = 0;
                for (int cpu = 0; cpu < ParallelAcceptance.MaxReportedCpus; cpu++)
                {
                    total += _bytes[cpu];
                }
                return total;
            }
        }
    }
}
