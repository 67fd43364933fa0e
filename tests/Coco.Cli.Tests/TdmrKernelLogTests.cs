using System.Text.Json;
using System.Text.RegularExpressions;
using Coco.Cli.Input;
using Coco.Cli.Tdmr;
using Coco.Cli.Tests.Support;
using Coco.Runtime.Tdx.Tests.Support;

namespace Coco.Cli.Tests;

/// <summary>`coco tdmr` on kernel logs: the e820 table as Linux sanitizes it, the TDX host
/// driver's CMRs, what was read and dropped, the verdict, and errors that name the line.</summary>
public class TdmrKernelLogTests
{
    private const ulong GiB = 1UL << 30;

    [Fact]
    public void The_emerald_rapids_dmesg_gives_the_maps_blocks_above_1_mib_and_its_cmrs()
    {
        TdmrInput input = TdmrInputReader.Read(TestData.EmeraldRapidsDmesg, null);

        // The JSON map's first block, [0x0, 0x9f000), lies below 1 MiB: skipped, as the kernel does.
        Assert.Equal(MemoryMaps.EmeraldRapidsBlocks().Skip(1).Select(r => (r.Start, r.End)), input.MemoryBlocks.Select(r => (r.Start, r.End)));
        Assert.Equal(MemoryMaps.EmeraldRapidsCmrs().Select(r => (r.Start, r.End)), input.Cmrs!.Select(r => (r.Start, r.End)));
        Assert.Contains("Read 21 BIOS-e820 entries (lines 3-23): 21 usable.", input.Notes);
        Assert.Contains("Skipped [0x0, 0x9F000): below 1 MiB, never TDX memory (build_tdx_memlist skips the first MiB).", input.Notes);
        Assert.Contains("Read 5 CMRs from the TDX host driver (lines 28-32).", input.Notes);
    }

    [Fact]
    public void Coco_tdmr_on_the_emerald_rapids_dmesg_prints_the_block_failure_the_cmr_layout_and_the_verdict()
    {
        var (exitCode, output, error) = Support.Coco.Run("tdmr", TestData.EmeraldRapidsDmesg);

        Assert.Equal(3, exitCode);
        Assert.Contains("── holes from memory blocks", output);
        Assert.Contains("failed: TDMR [0x0, 0x80000000): reserved areas exhausted (limit 16)", output);
        string cmrPart = output[output.IndexOf("── holes from CMRs", StringComparison.Ordinal)..];
        Assert.Contains("TDMR #0 [0x0, 0x80000000), 2 GiB", cmrPart);
        Assert.Contains("TDMR #4 [0x3080000000, 0x4080000000), 64 GiB", cmrPart);
        Assert.DoesNotContain("TDMR #5", cmrPart);
        Assert.Contains("Mainline's memory-block way fails (TDMR [0x0, 0x80000000): reserved areas exhausted (limit 16)); " +
            "the CMR way fits (5 TDMRs, at most 3 of 16 reserved areas in one).", output);
        Assert.Equal("coco tdmr: holes from memory blocks: TDMR [0x0, 0x80000000): reserved areas exhausted (limit 16)" + Environment.NewLine, error);
    }

    [Fact]
    public void Timestamps_and_journal_prefixes_do_not_matter()
    {
        using var files = new TempFiles();
        string bare = files.Write("bare.log", Regex.Replace(File.ReadAllText(TestData.EmeraldRapidsDmesg), @"(?m)^\[\s*\d+\.\d+\] ", ""));
        string journal = files.Write("journal.log", Regex.Replace(File.ReadAllText(TestData.EmeraldRapidsDmesg), @"(?m)^\[\s*\d+\.\d+\] ", "Jun 06 10:00:00 fcp kernel: "));
        TdmrInput reference = TdmrInputReader.Read(TestData.EmeraldRapidsDmesg, null);

        foreach (string log in new[] { bare, journal })
        {
            TdmrInput input = TdmrInputReader.Read(log, null);
            Assert.Equal(reference.MemoryBlocks.Select(r => (r.Start, r.End)), input.MemoryBlocks.Select(r => (r.Start, r.End)));
            Assert.Equal(reference.Cmrs!.Select(r => (r.Start, r.End)), input.Cmrs!.Select(r => (r.Start, r.End)));
        }
    }

    [Fact]
    public void Linux_sanitizing_is_applied_and_each_step_is_said()
    {
        TdmrInput input = TdmrInputReader.Read(TestData.E820Quirks, null);

        Assert.Equal(new[] { (0x100000UL, 0x50000000UL), (0x50001000UL, 0x7FFF0000UL), (0x100000000UL, 0x180000000UL) },
            input.MemoryBlocks.Select(r => (r.Start, r.End)));
        Assert.Equal(new[] { (0x100000UL, 0x80000000UL), (0x100000000UL, 0x180000000UL) }, input.Cmrs!.Select(r => (r.Start, r.End)));
        Assert.Equal(new[]
        {
            "Read 12 BIOS-e820 entries (lines 2-13): 5 usable, 4 reserved, 1 ACPI data, 1 persistent (type 7), 1 type 20.",
            "Merged the usable entries of lines 5 and 6: they touch at 0x40000000.",
            "Dropped usable [0x50000000, 0x50001000) (line 6): the reserved entry of line 8 overlaps it, and Linux keeps the larger type.",
            "Trimmed usable [0x0, 0x9FC00) to whole pages [0x0, 0x9F000) (memblock_trim_memory).",
            "Dropped usable [0x190000000, 0x190000800): no whole 4 KiB page in it (memblock_trim_memory).",
            "Skipped [0x0, 0x9F000): below 1 MiB, never TDX memory (build_tdx_memlist skips the first MiB).",
            "Memory blocks: 3 blocks, 3.99 GiB of usable RAM above 1 MiB.",
            "Read 2 CMRs from the TDX host driver (lines 15-16).",
        }, input.Notes);
    }

    [Fact]
    public void A_log_of_two_boots_is_read_for_the_last_table()
    {
        using var files = new TempFiles();
        string log = files.Write("two.log", string.Join('\n',
            "[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000003fffffff] usable",
            "[    5.000000] reboot: Restarting system",
            "[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000007fffffff] usable",
            ""));
        TdmrInput input = TdmrInputReader.Read(log, null);
        Assert.Equal(new[] { (0x100000UL, 0x80000000UL) }, input.MemoryBlocks.Select(r => (r.Start, r.End)));
        Assert.Equal("The log holds 2 e820 tables (one per boot); read the last, lines 3-3.", input.Notes[0]);
        Assert.Null(input.Cmrs);
    }

    [Theory]
    [InlineData("[    0.000000] BIOS-e820: [mem 0x0000000000100000 0x000000003fffffff] usable", 2, "a BIOS-e820 line not in e820__print_table's format")]
    [InlineData("[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000003fffffff] usable-ish", 2, "unknown e820 type 'usable-ish'")]
    [InlineData("[    0.000000] BIOS-e820: [mem 0x0000000040000000-0x000000002fffffff] usable", 2, "BIOS-e820 entry ends at 0x2fffffff, below its start 0x40000000")]
    [InlineData("[    0.000000] BIOS-e820: [mem 0x10000000000000000-0x20000000000000000] usable", 2, "'0x10000000000000000' is not a 64-bit address")]
    [InlineData("[   10.444059] virt/tdx: CMR: [0x100000 - 0x6f800000)", 2, "a CMR line not in the TDX host driver's format")]
    [InlineData("[   10.444059] virt/tdx: CMR: [0x6f800000, 0x100000)", 2, "CMR [0x6f800000, 0x100000) ends below its start")]
    public void Each_bad_line_is_named_by_number(string badLine, int lineNumber, string expected)
    {
        using var files = new TempFiles();
        string log = files.Write("bad.log", "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009efff] usable\n" + badLine + "\n");
        var e = Assert.Throws<InputException>(() => TdmrInputReader.Read(log, null));
        Assert.StartsWith($"{log}:{lineNumber}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_log_without_e820_lines_says_what_to_give()
    {
        using var files = new TempFiles();
        string log = files.Write("cmrs-only.log", "[   10.444059] virt/tdx: CMR: [0x100000, 0x6f800000)\n");
        var e = Assert.Throws<InputException>(() => TdmrInputReader.Read(log, null));
        Assert.Equal($"{log}: CMR lines but no BIOS-e820 lines; give the whole boot log (dmesg, or journalctl -k -b) for the memory blocks, or use the file with --cmrs", e.Message);
    }

    [Fact]
    public void Cmrs_can_come_from_a_kernel_log_given_to_cmrs()
    {
        using var files = new TempFiles();
        string cmrLog = files.Write("tdx.log", "[   10.444059] virt/tdx: CMR[0]: [0x100000, 0x6f800000)\n[   10.444061] virt/tdx: CMR[1]: [0x100000000, 0x107a000000)\n");
        TdmrInput input = TdmrInputReader.Read(TestData.EmeraldRapids, cmrLog);
        Assert.Equal(new[] { (0x100000UL, 0x6f800000UL), (0x100000000UL, 0x107a000000UL) }, input.Cmrs!.Select(r => (r.Start, r.End)));
        Assert.Contains($"CMRs from {cmrLog}, replacing any in {TestData.EmeraldRapids}.", input.Notes);
    }

    [Fact]
    public void The_physical_address_width_is_an_option_and_a_limit_in_the_file()
    {
        using var files = new TempFiles();
        string map = files.Write("high.json", """
            {"memoryBlocks": [{"start": "0x100000", "end": "0x80000000"}, {"start": "0x400000000000", "end": "0x400040000000"}]}
            """);

        var (exitCode, output, error) = Support.Coco.Run("tdmr", map, "--pa-bits", "46");
        Assert.Equal(3, exitCode);
        Assert.Contains("memory block #1 [0x400000000000, 0x400040000000) reaches above the 46-bit physical address limit (0x400000000000)", error);
        Assert.Contains("46-bit physical addresses", output);

        Assert.Equal(0, Support.Coco.Run("tdmr", map).ExitCode);
        var (badExit, _, badError) = Support.Coco.Run("tdmr", map, "--pa-bits", "53");
        Assert.Equal(2, badExit);
        Assert.Contains("--pa-bits 53: give 30 to 52 bits", badError);

        string limited = files.Write("limited.json", """
            {"memoryBlocks": [{"start": "0x100000", "end": "0x80000000"}], "limits": {"physicalAddressBits": 40}}
            """);
        var (_, json, _) = Support.Coco.Run("tdmr", limited, "--json");
        using var document = JsonDocument.Parse(json);
        Assert.Equal(40, document.RootElement.GetProperty("limits").GetProperty("physicalAddressBits").GetInt32());
    }

    [Fact]
    public void Json_output_carries_the_notes_and_the_verdict()
    {
        var (_, output, _) = Support.Coco.Run("tdmr", TestData.EmeraldRapidsDmesg, "--json");
        using var json = JsonDocument.Parse(output);
        Assert.Contains("Read 5 CMRs from the TDX host driver (lines 28-32).", json.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.StartsWith("Mainline's memory-block way fails", json.RootElement.GetProperty("verdict").GetString());
    }
}
