using System.Text.Json;
using Coco.Cli.Input;
using Coco.Cli.Reports;
using Coco.Cli.Tdmr;
using Coco.Cli.Tests.Support;
using Coco.Runtime.Tdx.Tests.Support;
using Coco.Memory;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Cli.Tests;

public class TdmrLayoutTests
{
    private const ulong GiB = 1UL << 30;

    [Fact]
    public void The_emerald_rapids_data_file_is_the_tdx_tests_map()
    {
        TdmrInput input = TdmrInputReader.Read(TestData.EmeraldRapids, null);
        Assert.Equal(MemoryMaps.EmeraldRapidsBlocks().Select(r => (r.Start, r.End)), input.MemoryBlocks.Select(r => (r.Start, r.End)));
        Assert.Equal(MemoryMaps.EmeraldRapidsCmrs().Select(r => (r.Start, r.End)), input.Cmrs!.Select(r => (r.Start, r.End)));
        Assert.Equal((64, 16), (input.Limits.MaxTdmrs, input.Limits.MaxReservedAreasPerTdmr));
    }

    [Fact]
    public void Emerald_rapids_fails_with_block_holes_and_fits_with_cmr_holes()
    {
        TdmrInput input = TdmrInputReader.Read(TestData.EmeraldRapids, null);
        TdmrLayout blocks = TdmrLayout.Build(input.MemoryBlocks, input.Cmrs, input.Limits, ReservedAreaSource.MemoryBlocks);
        TdmrLayout cmrs = TdmrLayout.Build(input.MemoryBlocks, input.Cmrs, input.Limits, ReservedAreaSource.Cmrs);

        Assert.Equal("TDMR [0x0, 0x80000000): reserved areas exhausted (limit 16)", blocks.Error);
        Assert.Empty(blocks.Tdmrs);
        Assert.True(cmrs.Succeeded, cmrs.Error);
        Assert.Equal(new[] { (0UL, 2 * GiB), (4 * GiB, 66 * GiB), (66 * GiB, 130 * GiB), (130 * GiB, 194 * GiB), (194 * GiB, 258 * GiB) },
            cmrs.Tdmrs.Select(t => (t.Base, t.End)));
        Assert.Equal(new[] { "hole", "PAMT of TDMR #0", "hole" }, cmrs.Tdmrs[0].ReservedAreas.Select(a => a.What));
        Assert.Contains(cmrs.Tdmrs[1].ReservedAreas, a => cmrs.Tdmrs[1].Base + a.Offset == 0x107a000000 && a.Size == 0x6000000 && a.PamtOfTdmr is null);
        // Static PAMT: 16 bytes per 4 KiB page plus the 2M and 1G levels, per TDMR.
        ulong expected = cmrs.Tdmrs.Aggregate(0UL, (sum, t) => sum + PamtSizing.TotalBytes(t.Size, input.Limits));
        Assert.Equal(expected, cmrs.PamtBytes);
        Assert.InRange(cmrs.PamtPercent, 0.39, 0.41);
    }

    [Fact]
    public void Ram_types_of_an_efi_map_merge_into_memory_blocks()
    {
        var ranges = new[]
        {
            new MemoryRange(7, 0x0, 0xA0),          // conventional
            new MemoryRange(7, 0x100000, 0x100),    // conventional, after the legacy hole
            new MemoryRange(4, 0x200000, 0x10),     // boot services data: RAM, touches
            new MemoryRange(15, 0x210000, 0x10),    // unaccepted: RAM
            new MemoryRange(9, 0x220000, 1),        // ACPI reclaim: not TDX memory
            new MemoryRange(1, 0x221000, 1),        // loader code
            new MemoryRange(5, 0x222000, 1),        // runtime services code: not RAM
            new MemoryRange(11, 0xFFC00000, 0x400), // MMIO
        };
        Assert.Equal(new[] { (0x0UL, 0xA0000UL), (0x100000UL, 0x220000UL), (0x221000UL, 0x222000UL) },
            TdxMemoryBlocks.FromEfiRanges(ranges).Select(b => (b.Start, b.End)));
        Assert.All(new uint[] { 1, 2, 3, 4, 7, 15 }, t => Assert.True(TdxMemoryBlocks.IsRam(t)));
        Assert.All(new uint[] { 0, 5, 6, 8, 9, 10, 11, 12, 13, 14 }, t => Assert.False(TdxMemoryBlocks.IsRam(t)));
    }

    [Fact]
    public void A_report_becomes_blocks_without_cmrs()
    {
        TdmrInput input = TdmrInputReader.Read(TestData.Simulated64M, null);
        Assert.Null(input.Cmrs);
        Assert.Equal(7, input.MemoryBlocks.Count);
        Assert.Equal((0x0UL, 0xA0000UL), (input.MemoryBlocks[0].Start, input.MemoryBlocks[0].End));
        var e = Assert.Throws<InputException>(() => TdmrInputReader.Read(TestData.SampleBeforeRanges, null));
        Assert.Contains("the report has no memoryMap.ranges, so there are no memory blocks to lay out", e.Message);
    }

    [Fact]
    public void Limits_and_cmrs_come_from_the_file_or_a_cmr_file()
    {
        using var files = new TempFiles();
        string map = files.Write("map.json", """
            {"memoryBlocks": [{"start": 1048576, "end": "0x40000000"}],
             "limits": {"maxTdmrs": 2, "maxReservedAreas": 4, "pamtEntrySize": {"4k": 8}, "dynamicPamt": true}}
            """);
        string cmrs = files.Write("cmrs.json", """{"cmrs": [{"start": "0x100000", "end": "0x80000000"}]}""");
        TdmrInput input = TdmrInputReader.Read(map, cmrs);

        Assert.Equal((2, 4, 8, 16, 16, true), (input.Limits.MaxTdmrs, input.Limits.MaxReservedAreasPerTdmr,
            input.Limits.PamtEntrySize4K, input.Limits.PamtEntrySize2M, input.Limits.PamtEntrySize1G, input.Limits.DynamicPamt));
        Assert.Equal((0x100000UL, 0x80000000UL), (input.Cmrs![0].Start, input.Cmrs[0].End));
    }

    [Theory]
    [InlineData("""{"memoryBlocks": [{"start": "0x0"}]}""", ":1: memoryBlocks[0].end: missing (required)")]
    [InlineData("""{"memoryBlocks": [{"start": "0x0", "end": "0x1000"}], "limits": {"maxReservedAreas": 40}}""", "limits.maxReservedAreas: 40: give 1 to 28 reserved areas")]
    [InlineData("""{"memoryBlocks": [{"start": "0x0", "end": "0x1000"}], "limits": {"maxTdmrs": 0}}""", "limits.maxTdmrs: 0: give 1 to 1024 TDMRs")]
    [InlineData("""{"memoryBlocks": [{"start": "0x0", "end": "0x1000"}], "limits": {"pamtEntrySize": {"2m": 0}}}""", "limits.pamtEntrySize.2m: 0 is not a positive 32-bit number")]
    [InlineData("""{"memoryBlocks": "all of it"}""", "memoryBlocks: expected an array, found a string")]
    public void Bad_map_files_are_refused_naming_the_field(string json, string expected)
    {
        using var files = new TempFiles();
        var e = Assert.Throws<InputException>(() => TdmrInputReader.Read(files.Write("map.json", json), null));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(files.PathOf("map.json") + ":1: ", e.Message);
    }

    [Fact]
    public void Builder_errors_name_the_block()
    {
        PhysicalRange[] blocks = { new(0x100000, 0x200000), new(0x180000, 0x300000) };
        TdmrLayout layout = TdmrLayout.Build(blocks, null, TdxModuleLimits.Tdx15, ReservedAreaSource.MemoryBlocks);
        Assert.Equal("memory block #1 [0x180000, 0x300000) overlaps memory block [0x100000, 0x200000)", layout.Error);
    }

    [Fact]
    public void Dynamic_pamt_shrinks_the_4k_level_to_a_bitmap()
    {
        PhysicalRange[] blocks = { new(0x100000, 4 * GiB) };
        TdmrLayout statik = TdmrLayout.Build(blocks, null, TdxModuleLimits.Tdx15, ReservedAreaSource.MemoryBlocks);
        TdmrLayout dynamic = TdmrLayout.Build(blocks, null, TdxModuleLimits.Tdx15.WithDynamicPamt(true), ReservedAreaSource.MemoryBlocks);
        Assert.Equal(16UL << 20, statik.Tdmrs[0].Pamt4K.Size);      // 1 Mi pages × 16 bytes
        Assert.Equal(128UL << 10, dynamic.Tdmrs[0].Pamt4K.Size);    // 1 Mi pages × 1 bit
    }

    [Fact]
    public void Json_output_carries_every_tdmr_area_and_the_error()
    {
        var (exitCode, output, _) = Support.Coco.Run("tdmr", TestData.EmeraldRapids, "--json");
        using var json = JsonDocument.Parse(output);
        JsonElement layouts = json.RootElement.GetProperty("layouts");

        Assert.Equal(3, exitCode);
        Assert.Equal("blocks", layouts[0].GetProperty("holes").GetString());
        Assert.False(layouts[0].GetProperty("ok").GetBoolean());
        Assert.Equal("TDMR [0x0, 0x80000000): reserved areas exhausted (limit 16)", layouts[0].GetProperty("error").GetString());
        JsonElement tdmrs = layouts[1].GetProperty("tdmrs");
        Assert.Equal(5, tdmrs.GetArrayLength());
        Assert.Equal("0x80000000", tdmrs[0].GetProperty("size").GetString());
        Assert.Equal(3, tdmrs[0].GetProperty("reservedAreas").GetArrayLength());
        Assert.Equal("pamt", tdmrs[0].GetProperty("reservedAreas")[1].GetProperty("what").GetString());
        Assert.Equal("0x800000", tdmrs[0].GetProperty("pamt").GetProperty("4k").GetProperty("size").GetString());
        Assert.Equal(21, json.RootElement.GetProperty("memoryBlocks").GetInt32());
    }
}
