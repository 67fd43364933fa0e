using System;
using System.Runtime.InteropServices;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Tdx.Host.Simulation;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Runtime.Tdx.Tests
{
    /// <summary>TDMR_INFO as the layout generator declares it: struct tdmr_info's offsets, a
    /// 512-byte record, and reserved areas that stay inside it.</summary>
    public class TdmrInfoLayoutTests
    {
        [Fact]
        public unsafe void Record_is_512_bytes_with_the_module_offsets()
        {
            Assert.Equal(512, sizeof(TdmrInfo));
            Assert.Equal(512, TdmrInfo.LayoutSize);
            Assert.Equal(512, TdmrInfo.LayoutAlignment);
            (string Field, int Generated, int Module)[] offsets =
            {
                (nameof(TdmrInfo.Base), TdmrInfo.BaseOffset, 0),
                (nameof(TdmrInfo.Size), TdmrInfo.SizeOffset, 8),
                (nameof(TdmrInfo.Pamt1GBase), TdmrInfo.Pamt1GBaseOffset, 16),
                (nameof(TdmrInfo.Pamt1GSize), TdmrInfo.Pamt1GSizeOffset, 24),
                (nameof(TdmrInfo.Pamt2MBase), TdmrInfo.Pamt2MBaseOffset, 32),
                (nameof(TdmrInfo.Pamt2MSize), TdmrInfo.Pamt2MSizeOffset, 40),
                (nameof(TdmrInfo.Pamt4KBase), TdmrInfo.Pamt4KBaseOffset, 48),
                (nameof(TdmrInfo.Pamt4KSize), TdmrInfo.Pamt4KSizeOffset, 56),
            };
            foreach ((string field, int generated, int module) in offsets)
            {
                Assert.Equal(module, generated);
                Assert.Equal(module, (int)Marshal.OffsetOf<TdmrInfo>(field));
            }
            Assert.Equal(64, TdmrInfo.ReservedAreasOffset); // tdmr_info_entry_t: rsvd_areas after eight u64s
            Assert.Equal(16, TdmrInfo.ReservedAreasElementSize); // {offset, size}
            Assert.Equal(28, TdmrInfo.ReservedAreasCapacity);
        }

        [Fact]
        public unsafe void Written_bytes_parse_back_through_the_module_reader()
        {
            TdmrInfo info = default;
            info.Base = 0x40000000;
            info.Size = 0x80000000;
            info.Pamt1GBase = 0x1000;
            info.Pamt1GSize = 0x2000;
            info.Pamt2MBase = 0x3000;
            info.Pamt2MSize = 0x4000;
            info.Pamt4KBase = 0x5000;
            info.Pamt4KSize = 0x6000;
            info.SetReservedAreasAt(0, new TdmrReservedArea(0x0, 0x100000));
            info.SetReservedAreasAt(15, new TdmrReservedArea(0x7000, 0x8000));

            byte[] bytes = new byte[TdmrInfo.LayoutSize];
            Assert.True(TdmrInfo.TryWrite(info, bytes));
            SimulatedTdmr parsed;
            fixed (byte* entry = bytes)
            {
                SimulatedTdmr.ReadFrom(entry, &parsed);
            }

            Assert.Equal(0x40000000UL, parsed.Base);
            Assert.Equal(0x80000000UL, parsed.Size);
            Assert.Equal((0x1000UL, 0x2000UL, 0x3000UL, 0x4000UL, 0x5000UL, 0x6000UL),
                (parsed.Pamt1GBase, parsed.Pamt1GSize, parsed.Pamt2MBase, parsed.Pamt2MSize, parsed.Pamt4KBase, parsed.Pamt4KSize));
            Assert.Equal((0UL, 0x100000UL), (parsed.ReservedOffset(0), parsed.ReservedSize(0)));
            Assert.Equal((0x7000UL, 0x8000UL), (parsed.ReservedOffset(15), parsed.ReservedSize(15)));
            Assert.Equal(1, info.ReservedAreaCount);

            Assert.True(TdmrInfo.TryRead(bytes, out TdmrInfo read));
            Assert.Equal(info.Base, read.Base);
            Assert.Equal(0x8000UL, read.ReservedAreasAt(15).Size);
            Assert.False(TdmrInfo.TryRead(bytes.AsSpan(0, TdmrInfo.LayoutSize - 1), out _));
            Assert.False(TdmrInfo.TryWrite(info, new byte[TdmrInfo.LayoutSize - 1]));
        }

        [Fact]
        public void The_last_reserved_area_fills_the_end_of_the_record()
        {
            TdmrInfo info = default;
            info.SetReservedAreasAt(TdmrInfo.ReservedAreasCapacity - 1, new TdmrReservedArea(0x1111, 0x2222));

            byte[] bytes = new byte[TdmrInfo.LayoutSize];
            Assert.True(TdmrInfo.TryWrite(info, bytes));

            Assert.Equal(0x1111UL, BitConverter.ToUInt64(bytes, TdmrInfo.LayoutSize - 16));
            Assert.Equal(0x2222UL, BitConverter.ToUInt64(bytes, TdmrInfo.LayoutSize - 8));
            Assert.All(bytes[..(TdmrInfo.LayoutSize - 16)], b => Assert.Equal(0, b));
        }

        [Fact]
        public unsafe void The_reserved_area_pointer_is_64_bytes_into_an_aligned_record()
        {
            using var records = new NativeArray<TdmrInfo>(2);
            TdmrInfo* second = records.Pointer + 1;
            second->SetReservedAreasAt(2, new TdmrReservedArea(0x3000, 0x1000));

            Assert.Equal(0, (long)second % TdmrInfo.LayoutAlignment);
            Assert.Equal((nint)second + 64, (nint)second->ReservedAreas);
            Assert.Equal(0x3000UL, second->ReservedAreas[2].Offset);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(TdmrInfo.ReservedAreasCapacity)]
        [InlineData(int.MaxValue)]
        public void Reserved_area_index_outside_the_record_is_refused(int index)
        {
            TdmrInfo info = default;
            Assert.Throws<IndexOutOfRangeException>(() => info.SetReservedAreasAt(index, new TdmrReservedArea(0, 0x1000)));
            Assert.Throws<IndexOutOfRangeException>(() => info.ReservedAreasAt(index));
            Assert.Equal(0, info.ReservedAreaCount);
        }
    }
}
