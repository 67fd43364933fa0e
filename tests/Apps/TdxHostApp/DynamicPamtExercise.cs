using System;
using Coco.Tdx.Abi;
using Coco.Memory;
using Coco.Tdx.Host.Pamt;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Simulation;
using Coco.Tdx.Host.Tdmr;
using Coco.Text;
using Coco.Uefi;

namespace TdxHostApp
{
    /// <summary>
    /// Dynamic PAMT bookkeeping in firmware, against the simulated TDX module configured with
    /// Dynamic PAMT: reference counts per 2 MiB region over pool memory, page pairs from
    /// AllocatePages, the pre-filled pool, and the error paths (an address in a hole, a put
    /// without a get, an ADD the module refuses). Each step prints the manager's answer and the
    /// state after it:
    /// <code>Dynamic PAMT for 0x…: ok; count C, pairs installed P, pool N</code>
    /// </summary>
    public static unsafe class DynamicPamtExercise
    {
        private const int LineChars = 256;
        private const int PoolCapacity = 8;
        private const int PoolFill = 4;

        /// <summary>Two pages of one 2 MiB region of socket 0, a page of socket 1, and a page
        /// of socket 1 whose region someone else gives a pair first.</summary>
        public const ulong Socket0Page = 0x100003000;
        public const ulong Socket0SameRegionPage = 0x1001FF000;
        public const ulong Socket1Page = 0x240400000;
        public const ulong ContestedPage = 0x2C0000000;

        /// <summary>Inside the 4 MiB the firmware reserves at 0x6F800000: inside TDMR 0, but
        /// no TDX memory and no 2 MiB region of any block.</summary>
        public const ulong ReservedHolePage = 0x6F900000;

        /// <summary>TDX memory whose region nobody holds.</summary>
        public const ulong UnheldPage = 0x1C0000000;

        /// <summary>Runs the steps; false if the manager's storage cannot be set up or it does
        /// not end idle (no counts, no pairs in the module, every page given back).</summary>
        /// <param name="staticPamtBytes">PAMT bytes of the same map laid out with static PAMT.</param>
        /// <param name="dynamicLayout">The TDMRs the module was configured with (Dynamic PAMT).</param>
        public static bool Run(ReadOnlySpan<PhysicalRange> tdxMemory, SimulatedTdxModule* module, ulong staticPamtBytes, ReadOnlySpan<TdmrInfo> dynamicLayout)
        {
            PamtRefcountTable.Measure(tdxMemory, out int segments, out long counters);
            ulong storageBytes = (ulong)segments * (ulong)sizeof(PamtRefcountSegment) + (ulong)counters * sizeof(int);
            if (Efi.AllocatePool(EfiMemoryType.LoaderData, (nuint)storageBytes, out void* storage).IsError)
            {
                EfiConsole.WriteLine("Dynamic PAMT: no pool memory for the reference counts");
                return false;
            }
            PrintTable(tdxMemory.Length, segments, counters, storageBytes);

            PagePairSlot* slots = stackalloc PagePairSlot[PoolCapacity];
            PagePairPool pool = default;
            pool.Initialize(slots, PoolCapacity);
            EfiPageSource pages = default;
            DynamicPamt pamt = default;
            var segmentStorage = (PamtRefcountSegment*)storage;
            var counterStorage = (int*)(segmentStorage + segments);
            if (!pamt.Initialize(tdxMemory, segmentStorage, segments, counterStorage, counters, &pool,
                    EfiPageSource.Over(&pages), DynamicPamt.DefaultMaxBusyRetries, waitHint: null))
            {
                EfiConsole.WriteLine("Dynamic PAMT: the reference-count storage is too small");
                Efi.FreePool(storage);
                return false;
            }

            PrintPool(pamt.RefillPool(PoolFill), &pages);
            Report(&pamt, &pool, pamt.Get(Socket0Page));
            Report(&pamt, &pool, pamt.Get(Socket0SameRegionPage));
            Report(&pamt, &pool, pamt.GetFromPool(Socket1Page));
            PrintFootprint(staticPamtBytes, dynamicLayout, &pamt);
            Report(&pamt, &pool, pamt.Get(ReservedHolePage));
            Report(&pamt, &pool, pamt.Put(UnheldPage));
            ContestRegion(&pamt, &pool, EfiPageSource.Over(&pages));
            Report(&pamt, &pool, pamt.Put(Socket0SameRegionPage));
            Report(&pamt, &pool, pamt.Put(Socket0Page));
            Report(&pamt, &pool, pamt.Put(Socket1Page));
            pamt.DrainPool();

            bool idle = pamt.RegionsInUse == 0 && pamt.PairsInstalled == 0 && module->PagePairCount == 0 && pages.Outstanding == 0;
            PrintEnd(&pamt, module, &pages);
            Efi.FreePool(storage);
            return idle;
        }

        /// <summary>Another agent adds the contested region's pair behind the manager's back:
        /// the manager's ADD is refused, its count stays 0 and its pages go back.</summary>
        private static void ContestRegion(DynamicPamt* pamt, PagePairPool* pool, PamtPageSource pages)
        {
            ulong operand = PamtRegion.Operand(PamtRegion.Of(ContestedPage));
            ulong page0 = pages.Allocate();
            ulong page1 = pages.Allocate();
            PrintSeamcall("TDH.PHYMEM.PAMT.ADD ", operand, " outside the manager: ", HostSeamcalls.TdhPhymemPamtAdd(operand, page0, page1));
            Report(pamt, pool, pamt->Get(ContestedPage));
            PrintSeamcall("TDH.PHYMEM.PAMT.REMOVE ", operand, " outside the manager: ", HostSeamcalls.TdhPhymemPamtRemove(operand, out ulong removed0, out ulong removed1));
            if (removed0 != 0)
            {
                pages.Free(removed0);
            }
            if (removed1 != 0)
            {
                pages.Free(removed1);
            }
        }

        private static void Report(DynamicPamt* pamt, PagePairPool* pool, DynamicPamtStatus status)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            status.AppendTo(ref text);
            text.Append("; count ");
            text.AppendDecimal((long)pamt->CountOf(status.Hpa));
            text.Append(", pairs installed ");
            text.AppendDecimal(pamt->PairsInstalled);
            text.Append(", pool ");
            text.AppendDecimal((long)pool->Count);
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintTable(int blocks, int segments, long counters, ulong bytes)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("Dynamic PAMT: ");
            text.AppendDecimal((long)blocks);
            text.Append(" TDX memory blocks, reference counts in ");
            text.AppendDecimal((long)segments);
            text.Append(" segments, ");
            text.AppendDecimal(counters);
            text.Append(" counters, ");
            text.AppendDecimal(bytes);
            text.Append(" bytes of pool memory");
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintPool(int pairs, EfiPageSource* pages)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("Dynamic PAMT: pool filled with ");
            text.AppendDecimal((long)pairs);
            text.Append(" of ");
            text.AppendDecimal((long)PoolCapacity);
            text.Append(" pairs, ");
            text.AppendDecimal(pages->Outstanding);
            text.Append(" pages from AllocatePages");
            EfiConsole.WriteLine(text.AsSpan());
        }

        /// <summary>What the map's PAMT costs with static PAMT and with Dynamic PAMT now.</summary>
        private static void PrintFootprint(ulong staticPamtBytes, ReadOnlySpan<TdmrInfo> dynamicLayout, DynamicPamt* pamt)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("PAMT bytes: static PAMT ");
            text.AppendDecimal(staticPamtBytes);
            text.Append(", Dynamic PAMT ");
            text.AppendDecimal(PamtAccounting.StaticBytes(dynamicLayout));
            text.Append(" + ");
            text.AppendDecimal(pamt->DynamicPamtBytes);
            text.Append(" in ");
            text.AppendDecimal(pamt->PairsInstalled);
            text.Append(" pairs = ");
            text.AppendDecimal(PamtAccounting.TotalBytes(dynamicLayout, pamt->PairsInstalled));
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintSeamcall(string leaf, ulong operand, string what, TdxStatus status)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append(leaf);
            text.AppendHex(operand);
            text.Append(what);
            status.AppendTo(ref text);
            EfiConsole.WriteLine(text.AsSpan());
        }

        private static void PrintEnd(DynamicPamt* pamt, SimulatedTdxModule* module, EfiPageSource* pages)
        {
            char* buffer = stackalloc char[LineChars];
            var text = new TextBuilder(buffer, LineChars);
            text.Append("Dynamic PAMT end: regions in use ");
            text.AppendDecimal(pamt->RegionsInUse);
            text.Append(", pairs installed ");
            text.AppendDecimal(pamt->PairsInstalled);
            text.Append(", module pairs ");
            text.AppendDecimal(module->PagePairCount);
            text.Append(", PAMT.ADD calls ");
            text.AppendDecimal(module->CallsTo(SeamcallLeaf.TdhPhymemPamtAdd));
            text.Append(", PAMT.REMOVE calls ");
            text.AppendDecimal(module->CallsTo(SeamcallLeaf.TdhPhymemPamtRemove));
            text.Append(", pages allocated ");
            text.AppendDecimal(pages->Allocated);
            text.Append(", outstanding ");
            text.AppendDecimal(pages->Outstanding);
            EfiConsole.WriteLine(text.AsSpan());
        }
    }
}
