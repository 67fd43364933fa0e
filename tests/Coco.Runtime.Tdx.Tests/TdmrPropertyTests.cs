using System;
using System.Collections.Generic;
using System.Linq;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Abi;
using Coco.Tdx.Host.Simulation;
using Coco.Memory;
using Coco.Tdx.Host.Tdmr;
using FsCheck;
using FsCheck.Fluent;
using static Coco.Runtime.Tdx.Tests.Support.MemoryMaps;

namespace Coco.Runtime.Tdx.Tests
{
    /// <summary>Random multi-socket memory maps, built both ways, checked against the reference
    /// checker and against the simulated module's TDH.SYS.CONFIG.</summary>
    public class TdmrPropertyTests
    {
        private const ulong Page = 4096;
        private const ulong SocketStride = 16 * GiB;

        public sealed record MemoryMap(PhysicalRange[] Blocks, PhysicalRange[] Cmrs)
        {
            public override string ToString() =>
                $"CMRs {string.Join(" ", Cmrs.Select(c => $"[{c.Start:x},{c.End:x})"))}; {Blocks.Length} blocks {string.Join(" ", Blocks.Select(b => $"[{b.Start:x},{b.End:x})"))}";
        }

        /// <summary>1-3 sockets 16 GiB apart, each a CMR of 1-6 GiB (the first starting at
        /// 1 MiB) holding 1-24 blocks separated by 0-2 MiB gaps; blocks may touch.</summary>
        private static Arbitrary<MemoryMap> Maps()
        {
            Gen<(int Gap, int Length)> piece =
                from gap in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 512)))
                from length in Gen.Frequency((3, Gen.Choose(1, 4096)), (1, Gen.Choose(4096, 131072)))
                select (gap, length);
            Gen<(int CmrGiB, (int Gap, int Length)[] Pieces)> socket =
                from cmrGiB in Gen.Choose(1, 6)
                from count in Gen.Choose(1, 24)
                from pieces in Gen.ArrayOf(piece, count)
                select (cmrGiB, pieces);
            Gen<MemoryMap> map =
                from sockets in Gen.Choose(1, 3)
                from layout in Gen.ArrayOf(socket, sockets)
                select Lay(layout);
            return map.ToArbitrary();
        }

        private static MemoryMap Lay((int CmrGiB, (int Gap, int Length)[] Pieces)[] sockets)
        {
            var blocks = new List<PhysicalRange>();
            var cmrs = new List<PhysicalRange>();
            for (int s = 0; s < sockets.Length; s++)
            {
                ulong start = s == 0 ? MiB : (ulong)s * SocketStride;
                ulong end = (ulong)s * SocketStride + (ulong)sockets[s].CmrGiB * GiB - (s == 1 ? 96 * MiB : 0);
                cmrs.Add(R(start, end));
                ulong cursor = start;
                foreach ((int gap, int length) in sockets[s].Pieces)
                {
                    ulong blockStart = cursor + (ulong)gap * Page;
                    ulong blockEnd = Math.Min(blockStart + (ulong)length * Page, end);
                    if (blockStart >= blockEnd)
                    {
                        break;
                    }
                    blocks.Add(R(blockStart, blockEnd));
                    cursor = blockEnd;
                }
            }
            return new MemoryMap(blocks.ToArray(), cmrs.ToArray());
        }

        private static readonly TdmrBuildErrorKind[] CapacityErrors =
        {
            TdmrBuildErrorKind.ReservedAreasExhausted, TdmrBuildErrorKind.TdmrsExhausted, TdmrBuildErrorKind.NoRoomForPamt,
        };

        private static bool BuildsCorrectlyOrFailsCleanly(MemoryMap map, ReservedAreaSource source, bool dynamicPamt)
        {
            TdxModuleLimits limits = TdxModuleLimits.Tdx15.WithDynamicPamt(dynamicPamt);
            var storage = new TdmrInfo[limits.MaxTdmrs];
            TdmrBuildError error = TdmrBuilder.Build(map.Blocks, map.Cmrs, limits, source, storage, out int count);
            if (!error.IsSuccess)
            {
                bool clean = count == 0 && storage.All(t => t.Size == 0 && t.Pamt4KBase == 0);
                return clean && CapacityErrors.Contains(error.Kind);
            }
            TdmrInfo[] tdmrs = storage[..count];
            List<string> problems = TdmrReferenceChecker.Check(map.Blocks, map.Cmrs, limits, tdmrs);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", problems));
            }
            using (new SimulatedTdxModuleSession(map.Cmrs).Install())
            {
                TdxStatus status = TdxHarness.Configure(tdmrs, dynamicPamt);
                if (!status.IsSuccess)
                {
                    throw new InvalidOperationException($"module refused: {status.Name} 0x{status.Value:x}");
                }
            }
            return true;
        }

        [Fact]
        public void Cmr_way_builds_what_the_module_accepts_or_fails_cleanly() =>
            Prop.ForAll(Maps(), map => BuildsCorrectlyOrFailsCleanly(map, ReservedAreaSource.Cmrs, dynamicPamt: true))
                .Check(Config.QuickThrowOnFailure.WithMaxTest(60));

        [Fact]
        public void Memory_block_way_builds_what_the_module_accepts_or_fails_cleanly() =>
            Prop.ForAll(Maps(), map => BuildsCorrectlyOrFailsCleanly(map, ReservedAreaSource.MemoryBlocks, dynamicPamt: false))
                .Check(Config.QuickThrowOnFailure.WithMaxTest(60));

        [Fact]
        public void Cmr_way_never_needs_more_reserved_areas_than_the_memory_block_way() =>
            Prop.ForAll(Maps(), map =>
            {
                TdxModuleLimits roomy = TdxModuleLimits.Create(64, TdmrInfo.ReservedAreasCapacity, false);
                TdmrBuildError byBlocks = TdxHarness.Build(map.Blocks, map.Cmrs, roomy, ReservedAreaSource.MemoryBlocks, out TdmrInfo[] blockTdmrs);
                TdmrBuildError byCmrs = TdxHarness.Build(map.Blocks, map.Cmrs, roomy, ReservedAreaSource.Cmrs, out TdmrInfo[] cmrTdmrs);
                if (!byBlocks.IsSuccess)
                {
                    return true;
                }
                return byCmrs.IsSuccess &&
                    blockTdmrs.Zip(cmrTdmrs).All(pair => pair.Second.ReservedAreaCount <= pair.First.ReservedAreaCount);
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
