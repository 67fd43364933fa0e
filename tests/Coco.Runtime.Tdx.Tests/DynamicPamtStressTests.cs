using System;
using System.Collections.Generic;
using System.Threading;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host.Pamt;
using Coco.Tdx.Host;

namespace Coco.Runtime.Tdx.Tests
{
    /// <summary>
    /// Several threads get and put references on a few shared 2 MiB regions, AUG and remove
    /// pages of one live TD while holding them, and use the fault-path pool part of the time, while the
    /// module answers BUSY to 10% of the calls that reach a PAMT lock. Afterwards every count is zero and
    /// every page is back where it came from.
    /// </summary>
    public unsafe class DynamicPamtStressTests
    {
        private const int Threads = 4;
        private const int OperationsPerThread = 26_000; // gets + puts; 10^5+ in total
        private const int Regions = 12;
        private const int MaxHeld = 3;

        [Fact]
        public void Concurrent_get_put_with_busy_injected_ends_in_the_exact_initial_state()
        {
            using var rig = new DynamicPamtRig(busyPerMille: 100, maxBusyRetries: 64, poolCapacity: 32, allocatorPages: 1024, seed: 11);
            rig.Pamt->RefillPool(16);
            long operations = 0;
            var failures = new List<string>();
            var threads = new Thread[Threads];
            for (int t = 0; t < Threads; t++)
            {
                int thread = t;
                threads[t] = new Thread(() =>
                {
                    try
                    {
                        Interlocked.Add(ref operations, Worker(rig, thread));
                    }
                    catch (Exception e)
                    {
                        lock (failures)
                        {
                            failures.Add(e.Message);
                        }
                    }
                });
                threads[t].Start();
            }
            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            Assert.Empty(failures);
            Assert.True(operations >= 100_000, $"{operations} operations");
            Assert.True(rig.Module->BusyInjected > 1000, $"{rig.Module->BusyInjected} BUSY injected");
            Assert.True(rig.Pamt->BusyRetries > 0);
            Assert.True(rig.Module->PairsAdded > 1000, $"only {rig.Module->PairsAdded} 0->1 transitions");

            // Exact final state: no references, no pairs, no PAMT or TD pages in the module
            // beyond the rig's own TDR region.
            Assert.Equal(0L, rig.Pamt->RegionsInUse);
            Assert.Equal(0L, rig.Pamt->PairsInstalled);
            Assert.Equal(0L, rig.ManagedPairs);
            Assert.Equal(2 * DynamicPamtRig.TdPairs, rig.Module->CountPamtPages());
            Assert.Equal(0L, rig.Module->TdPageCount);
            Assert.Equal(0L, rig.Td->ChildCount);
            // Pages are either in the pool or back in the allocator; nothing leaked.
            Assert.Equal(2L * rig.Pool->Count, rig.Allocator.Outstanding);
            rig.Pamt->DrainPool();
            Assert.Equal(0L, rig.Allocator.Outstanding);
            Assert.Equal(rig.Allocator.Capacity, rig.Allocator.FreePages);
        }

        private static long Worker(DynamicPamtRig rig, int thread)
        {
            DynamicPamt* pamt = rig.Pamt;
            var random = new Random(1000 + thread);
            var held = new Queue<ulong>();
            long operations = 0;
            while (operations < OperationsPerThread || held.Count > 0)
            {
                bool acquire = operations < OperationsPerThread && (held.Count == 0 || (held.Count < MaxHeld && random.Next(2) == 0));
                if (acquire)
                {
                    // Each thread owns page slots thread*8..thread*8+7 of every region and cycles
                    // through them (it holds at most 3), so AUGs never collide.
                    ulong page = DynamicPamtRig.Page(random.Next(Regions), thread * 8 + (int)(operations % 8));
                    bool faultPath = random.Next(4) == 0;
                    DynamicPamtStatus status = faultPath ? pamt->GetFromPool(page) : pamt->Get(page);
                    if (status.Result == DynamicPamtResult.PoolEmpty)
                    {
                        pamt->RefillPool(16);
                        status = pamt->Get(page);
                    }
                    Expect(status.IsSuccess, "get", status);
                    Expect(pamt->CountOf(page) != 0, "count after get", status);
                    Expect(Retry(() => DynamicPamtRig.Aug(page)).IsSuccess, "AUG", status);
                    held.Enqueue(page);
                }
                else
                {
                    ulong page = held.Dequeue();
                    // The TD stays live: its page goes back as TDH.MEM.PAGE.REMOVE gives it back.
                    Expect(Retry(() => rig.Module->RemoveTdPage(rig.Td, page)).IsSuccess, "remove", default);
                    DynamicPamtStatus status = pamt->Put(page);
                    Expect(status.IsSuccess, "put", status);
                }
                operations++;
            }
            return operations;
        }

        private static TdxStatus Retry(Func<TdxStatus> call)
        {
            TdxStatus status = call();
            for (int i = 0; i < 64 && status.Is(TdxStatusCode.OperandBusy); i++)
            {
                status = call();
            }
            return status;
        }

        private static void Expect(bool condition, string what, DynamicPamtStatus status)
        {
            if (!condition)
            {
                throw new InvalidOperationException($"{what} failed: {status.Result} {status.ModuleStatus.Name} at 0x{status.Hpa:x}");
            }
        }
    }
}
