using System;
using System.Runtime.InteropServices;
using Coco.Tdx.Host.Simulation;
using Coco.Tdx.Tdmr;

namespace Coco.Runtime.Tdx.Tests
{
    public class TdmrInfoLayoutTests
    {
        [Fact]
        public unsafe void Entry_is_512_bytes_with_the_module_offsets()
        {
            Assert.Equal(512, sizeof(TdmrInfo));
            Assert.Equal(0, (int)Marshal.OffsetOf<TdmrInfo>(nameof(TdmrInfo.Base)));
            Assert.Equal(8, (int)Marshal.OffsetOf<TdmrInfo>(nameof(TdmrInfo.Size)));
            Assert.Equal(16, (int)Marshal.OffsetOf<TdmrInfo>(nameof(TdmrInfo.Pamt1GBase)));
            Assert.Equal(32, (int)Marshal.OffsetOf<TdmrInfo>(nameof(TdmrInfo.Pamt2MBase)));
            Assert.Equal(48, (int)Marshal.OffsetOf<TdmrInfo>(nameof(TdmrInfo.Pamt4KBase)));
            Assert.Equal(56, (int)Marshal.OffsetOf<TdmrInfo>(nameof(TdmrInfo.Pamt4KSize)));
            Assert.Equal(28, TdmrInfo.ReservedAreaCapacity);
        }

        [Fact]
        public void Written_bytes_parse_back_through_the_module_reader()
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
            info.SetReservedArea(0, 0x0, 0x100000);
            info.SetReservedArea(15, 0x7000, 0x8000);

            byte[] bytes = new byte[TdmrInfo.SizeInBytes];
            info.WriteTo(bytes);
            SimulatedTdmr parsed = TdmrInfoReader.Read(bytes, 16);

            Assert.Equal(0x40000000UL, parsed.Base);
            Assert.Equal(0x80000000UL, parsed.Size);
            Assert.Equal((0x1000UL, 0x2000UL, 0x3000UL, 0x4000UL, 0x5000UL, 0x6000UL),
                (parsed.Pamt1GBase, parsed.Pamt1GSize, parsed.Pamt2MBase, parsed.Pamt2MSize, parsed.Pamt4KBase, parsed.Pamt4KSize));
            Assert.Equal((0UL, 0x100000UL), parsed.ReservedAreas[0]);
            Assert.Equal((0x7000UL, 0x8000UL), parsed.ReservedAreas[15]);
            Assert.Equal(1, info.ReservedAreaCount);
        }

        [Fact]
        public void Reserved_area_index_past_capacity_is_refused()
        {
            TdmrInfo info = default;
            Assert.ThrowsAny<ArgumentOutOfRangeException>(() => info.SetReservedArea(TdmrInfo.ReservedAreaCapacity, 0, 0x1000));
        }
    }
}
