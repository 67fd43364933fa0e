using Coco.Memory;
using Coco.Platform;
using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;

namespace UefiApp
{
    /// <summary>The unaccepted-memory part of the report: the published table, the counters,
    /// and whether every unaccepted byte is accounted for.</summary>
    internal static unsafe class AcceptanceReport
    {
        private const int LineChars = 200;

        /// <summary>Larger bitmaps are left out of the report ("bitmapOmitted": true): 16 KiB
        /// covers 256 GiB in 2 MiB units and already makes a 32 KiB line.</summary>
        public const ulong MaxReportedBitmapBytes = 16384;

        /// <summary>Characters the bitmap takes in the COCO-REPORT line: two per byte.</summary>
        public static int JsonChars(Acceptance* acceptance)
        {
            UnacceptedMemoryTable* table = acceptance->Publish.Table;
            int bitmap = table == null || table->Size > MaxReportedBitmapBytes ? 0 : (int)table->Size * 2;
            return bitmap + Measurements.JsonChars(&acceptance->Measured);
        }

        public static void PrintSummary(Acceptance* acceptance)
        {
            UnacceptedMemoryTable* table = acceptance->Publish.Table;
            UnacceptedTableCounters counters = acceptance->Publish.Counters;
            // A successful publish leaves no table only when there was nothing to publish.
            if (table == null)
            {
                EfiConsole.WriteLine("Unaccepted memory: none in the memory map and no table installed; nothing published.");
                return;
            }
            char* buffer = stackalloc char[LineChars];
            var line = new TextBuilder(buffer, LineChars);
            line.Append("Unaccepted memory: ");
            line.AppendSize(counters.UnacceptedBytes);
            line.Append(" in ");
            line.AppendDecimal(counters.UnacceptedDescriptors);
            line.Append(" ranges; accepted up front ");
            line.AppendSize(counters.AcceptedUpfrontBytes);
            line.Append(", pending ");
            line.AppendDecimal(acceptance->PendingUnits);
            line.Append(" units; acceptor ");
            line.Append(acceptance->Platform.Acceptor.Name);
            EfiConsole.WriteLine(line.AsSpan());
            if (acceptance->ParallelRan)
            {
                PrintParallel(acceptance, ref line);
            }
            line.Clear();
            line.Append(acceptance->Publish.ReusedInstalledTable ? "Table (reused) at " : "Table installed at ");
            line.AppendHex((ulong)table);
            line.Append(": base ");
            line.AppendHex(table->PhysBase);
            line.Append(", unit ");
            line.AppendSize(table->UnitSize);
            line.Append(", bitmap ");
            line.AppendDecimal(table->Size);
            line.Append(" bytes");
            EfiConsole.WriteLine(line.AsSpan());
        }

        /// <summary>"Eager acceptance: 508 MiB by 2 CPUs (mp-services, 32 MiB chunks) in 1234567 µs".</summary>
        private static void PrintParallel(Acceptance* acceptance, ref TextBuilder line)
        {
            ParallelAcceptanceReport* run = &acceptance->Parallel;
            line.Clear();
            line.Append(acceptance->EagerAll ? "Eager acceptance: " : "Up-front acceptance: ");
            line.AppendSize(run->TotalBytes);
            line.Append(" by ");
            line.AppendDecimal((ulong)run->CpusThatAccepted);
            line.Append(run->CpusThatAccepted == 1 ? " CPU (" : " CPUs (");
            line.Append(run->PoolName);
            if (run->PoolCpus <= 1)
            {
                line.Append(": ");
                line.Append(run->AcceptorNotMpSafe ? "the acceptor is not safe on several CPUs" : "no other CPU, ");
                if (!run->AcceptorNotMpSafe)
                {
                    line.Append(run->FallbackReason.Name);
                }
            }
            line.Append(", ");
            line.AppendSize(run->ChunkBytes);
            line.Append(" chunks) in ");
            line.AppendDecimal(run->Microseconds);
            line.Append(" us (pool back after ");
            line.AppendDecimal(run->PoolMicroseconds);
            line.Append(" us)");
            EfiConsole.WriteLine(line.AsSpan());
        }

        /// <summary>The "acceptance" member: how --eager or --accept-upfront ran, or null.</summary>
        private static void WriteParallel(ref JsonWriter json, Acceptance* acceptance, in Options options)
        {
            json.Name("acceptance");
            if (!acceptance->ParallelRan)
            {
                json.Null();
                return;
            }
            ParallelAcceptanceReport* run = &acceptance->Parallel;
            json.BeginObject();
            json.Name("mode");
            json.String(options.Eager ? "eager" : "upfront");
            json.Name("requestedBytes");
            json.Number(options.Eager ? 0UL : options.AcceptUpfrontMiB << 20);
            json.Name("cpus");
            json.Number((ulong)run->CpusThatAccepted);
            json.Name("pool");
            json.String(run->PoolName);
            json.Name("poolCpus");
            json.Number((ulong)run->PoolCpus);
            json.Name("fallback");
            if (run->PoolCpus > 1)
            {
                json.Null();
            }
            else
            {
                json.String(run->AcceptorNotMpSafe ? "acceptor-not-mp-safe" : run->FallbackReason.Name);
            }
            json.Name("chunkBytes");
            json.Number(run->ChunkBytes);
            json.Name("microseconds");
            json.Number(run->Microseconds);
            json.Name("poolMicroseconds");
            json.Number(run->PoolMicroseconds);
            json.Name("bytes");
            json.Number(run->TotalBytes);
            if (options.MeasureStoreLoop)
            {
                json.Name("storeLoop");
                json.BeginObject();
                json.Name("bytes");
                json.Number(acceptance->StoreLoopBytes);
                json.Name("microseconds");
                json.Number(acceptance->StoreLoopMicroseconds);
                json.EndObject();
            }
            json.Name("perCpu");
            json.BeginArray();
            for (int cpu = 0; cpu < ParallelAcceptance.MaxReportedCpus; cpu++)
            {
                if (run->BytesOf(cpu) != 0)
                {
                    json.BeginObject();
                    json.Name("cpu");
                    json.Number((ulong)cpu);
                    json.Name("bytes");
                    json.Number(run->BytesOf(cpu));
                    json.EndObject();
                }
            }
            json.EndArray();
            json.EndObject();
        }

        public static void WriteJson(ref JsonWriter json, Acceptance* acceptance, in Options options)
        {
            UnacceptedTableCounters counters = acceptance->Publish.Counters;
            UnacceptedMemoryTable* table = acceptance->Publish.Table;
            json.Name("table");
            if (table == null)
            {
                json.BeginObject();
                json.Name("installed");
                json.Boolean(false);
                json.EndObject();
            }
            else
            {
                WriteTable(ref json, table, acceptance->Publish.ReusedInstalledTable);
            }
            json.Name("acceptor");
            json.String(acceptance->Platform.Acceptor.Name);
            json.Name("simulated");
            json.Boolean(acceptance->Platform.IsSimulated);
            json.Name("eager");
            json.Boolean(options.Eager);
            json.Name("unacceptedRanges");
            json.Number(counters.UnacceptedDescriptors);
            json.Name("unacceptedBytes");
            json.Number(counters.UnacceptedBytes);
            json.Name("acceptedUpfrontBytes");
            json.Number(counters.AcceptedUpfrontBytes);
            json.Name("markedUnits");
            json.Number(counters.PendingUnits);
            json.Name("eagerAcceptedUnits");
            json.Number((ulong)acceptance->EagerUnits);
            WriteParallel(ref json, acceptance, options);
            Measurements.WriteJson(ref json, &acceptance->Measured);
            json.Name("pendingUnits");
            json.Number(acceptance->PendingUnits);
            json.Name("alreadyAcceptedBytes");
            json.Number(counters.AlreadyAcceptedBytes);
            AcceptCounters* calls = acceptance->Platform.Acceptor.Counters;
            AcceptCounters none = default;
            if (calls == null)
            {
                calls = &none;
            }
            // Platform calls by page size (TDCALLs, PVALIDATEs), and the acceptor's calls.
            json.Name("acceptCalls");
            json.BeginObject();
            json.Name("4k");
            json.Number(calls->Calls4K);
            json.Name("2m");
            json.Number(calls->Calls2M);
            json.Name("1g");
            json.Number(calls->Calls1G);
            json.Name("refusedProbes");
            json.Number(calls->RefusedProbes);
            json.Name("fallbacks");
            json.Number(calls->Fallbacks);
            json.Name("busyRetries");
            json.Number(calls->BusyRetries);
            json.Name("total");
            json.Number(counters.AcceptCalls);
            json.EndObject();
            json.Name("handoff");
            if (acceptance->HandoffTried)
            {
                json.BeginObject();
                json.Name("needed");
                json.Boolean(acceptance->Handoff.Needed);
                json.Name("done");
                json.Boolean(acceptance->Handoff.Done);
                json.Name("status");
                json.String(acceptance->Handoff.Status.Name);
                json.EndObject();
            }
            else
            {
                json.Null();
            }
            fixed (JsonWriter* writer = &json)
            {
                ConfidentialPlatform.WriteDetails(&acceptance->Platform, writer);
            }
            json.Name("everyByteAccounted");
            json.Boolean(EveryByteAccounted(acceptance));
        }

        private static void WriteTable(ref JsonWriter json, UnacceptedMemoryTable* table, bool reused)
        {
            json.BeginObject();
            json.Name("installed");
            json.Boolean(true);
            json.Name("reused");
            json.Boolean(reused);
            json.Name("address");
            json.HexString((ulong)table);
            char* scratch = stackalloc char[40];
            var guid = new TextBuilder(scratch, 40);
            UnacceptedMemoryTable.TableGuid.AppendTo(ref guid);
            json.Name("guid");
            json.String(guid.AsSpan());
            json.Name("version");
            json.Number((ulong)table->Version);
            json.Name("unitSize");
            json.Number((ulong)table->UnitSize);
            json.Name("physBase");
            json.HexString(table->PhysBase);
            json.Name("bitmapBytes");
            json.Number(table->Size);
            // As it stands now, after marking (and --eager): bit n is byte n / 8, bit n % 8.
            if (table->Size > MaxReportedBitmapBytes)
            {
                json.Name("bitmapOmitted");
                json.Boolean(true);
            }
            else
            {
                json.Name("bitmap");
                json.LowerHexString((byte*)table->Bitmap, table->Size);
            }
            json.EndObject();
        }

        /// <summary>
        /// True when every unaccepted byte was accepted up front or lies in a unit still marked
        /// (or accepted by --eager). With the simulated module this is checked against the
        /// simulated platform's own page state, unit by unit, not just against the publisher's counters.
        /// </summary>
        private static bool EveryByteAccounted(Acceptance* acceptance)
        {
            UnacceptedTableCounters counters = acceptance->Publish.Counters;
            UnacceptedMemoryTable* table = acceptance->Publish.Table;
            if (table == null)
            {
                // Nothing published: accounted when there was nothing to publish, never after
                // a refused map or a failed acceptance.
                return !acceptance->Publish.IsError && counters.UnacceptedBytes == 0
                    && (!acceptance->Platform.IsSimulated || acceptance->Simulation.TotalBytes == 0);
            }
            ulong unit = table->UnitSize;
            bool countersAgree = counters.UnacceptedBytes == counters.AcceptedUpfrontBytes + counters.PendingUnits * unit;
            if (!acceptance->Platform.IsSimulated || !countersAgree)
            {
                return countersAgree;
            }
            for (int r = 0; r < UnacceptedSimulation.RangeCount; r++)
            {
                ulong start = acceptance->Simulation.Starts[r];
                ulong end = acceptance->Simulation.Ends[r];
                for (ulong unitStart = start & ~(unit - 1); unitStart < end; unitStart += unit)
                {
                    ulong from = unitStart > start ? unitStart : start;
                    ulong to = unitStart + unit < end ? unitStart + unit : end;
                    ulong pages = (to - from) / PageSize.Size4K;
                    ConfidentialPlatform.TryCountAcceptedPages(&acceptance->Platform, from, to, out ulong accepted);
                    bool marked = unitStart >= table->PhysBase && table->Bits.Test((unitStart - table->PhysBase) / unit);
                    // A marked unit must be untouched; any other part must be wholly accepted.
                    if (marked ? accepted != 0 : accepted != pages)
                    {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
