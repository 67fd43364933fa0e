using Coco.Cli.Input;
using Coco.Cli.Reports;
using Coco.Cli.Tests.Support;

namespace Coco.Cli.Tests;

public class ReportParsingTests
{
    private const string Ranges = """[{"type":7,"start":"0x0","pages":160},{"type":15,"start":"0x100000","pages":512}]""";

    private static MemoryReport ReadLog(TempFiles files, string log, int? report = null) =>
        MemoryReportReader.Read(files.Write("run.log", log), report);

    private static InputException Refused(TempFiles files, string log) =>
        Assert.Throws<InputException>(() => ReadLog(files, log));

    [Fact]
    public void A_real_report_is_read_field_by_field()
    {
        MemoryReport report = MemoryReportReader.Read(TestData.QemuSimulated64M, null);

        Assert.Equal(132, report.Ranges!.Count);
        Assert.Equal(new MemoryRange(3, 0x0, 1), report.Ranges[0]);
        Assert.Equal(new MemoryRange(15, 0x1803000, 8197), report.Ranges[8]);
        Assert.Equal(0x100000000UL, report.Ranges[^1].End);
        UnacceptedTableReport table = report.Table!;
        Assert.True(table.Installed);
        Assert.Equal((0xF772018UL, 2UL << 20, 0x1800000UL, 5UL), (table.Address!.Value, table.UnitSize, table.PhysBase, table.BitmapBytes));
        Assert.Equal(new byte[] { 0xfe, 0xff, 0xf8, 0xff, 0x03 }, table.Bitmap);
        Assert.False(table.IsPending(0));
        Assert.True(table.IsPending(1));
        Assert.False(table.IsPending(16));
        Assert.True(table.IsPending(19));
        Assert.True(table.IsPending(33));
        Assert.False(table.IsPending(34));
        Assert.Equal(("EDK II", "0x10000", "2.7"), (report.FirmwareVendor, report.FirmwareRevision, report.UefiRevision));
        Assert.Equal(("none", "tdx-simulated", "SUCCESS"), (report.Platform, report.Acceptor, report.Status));
        Assert.Equal(new AcceptCallCounts(1024, 0, 0, 4), report.AcceptCalls);
        Assert.Equal((64UL << 20, 4UL << 20, 30UL), (report.UnacceptedBytes!.Value, report.AcceptedUpfrontBytes!.Value, report.PendingUnits!.Value));
        Assert.Empty(report.Missing);
        Assert.EndsWith("qemu-simulated-64m.log:36 (COCO-REPORT 1 of 1)", report.Origin);
    }

    [Fact]
    public void A_real_chainloaded_log_gives_the_last_report_unless_one_is_picked()
    {
        MemoryReport last = MemoryReportReader.Read(TestData.QemuChainload, null);
        MemoryReport first = MemoryReportReader.Read(TestData.QemuChainload, 1);

        // The child reuses the parent's table: same address, same pending units, nothing of its own to accept.
        Assert.True(last.Table!.Reused);
        Assert.Equal(first.Table!.Address, last.Table.Address);
        Assert.Equal(30UL, last.PendingUnits);
        Assert.Equal(0UL, last.UnacceptedBytes);
        Assert.EndsWith("qemu-chainload.log:56 (COCO-REPORT 2 of 2)", last.Origin);
        Assert.False(first.Table.Reused);
        Assert.Equal(30UL, first.PendingUnits);
        var e = Assert.Throws<InputException>(() => MemoryReportReader.Read(TestData.QemuChainload, 3));
        Assert.Contains("--report 3: the file has 2 COCO-REPORT lines (1..2)", e.Message);
    }

    [Fact]
    public void A_report_from_before_ranges_and_bitmaps_says_what_is_missing()
    {
        MemoryReport report = MemoryReportReader.Read(TestData.SampleBeforeRanges, null);

        Assert.Null(report.Ranges);
        Assert.Equal(new[] { "memoryMap.ranges", "table.bitmap" }, report.Missing);
        Assert.Equal(132UL, report.DescriptorCount);
        Assert.Equal((0x1800000UL, 5UL), (report.Table!.PhysBase, report.Table.BitmapBytes));
        Assert.EndsWith("sample-before-ranges.log:35 (COCO-REPORT 1 of 1)", report.Origin);
    }

    [Fact]
    public void Escape_sequences_and_text_before_the_marker_do_not_hide_a_report()
    {
        using var files = new TempFiles();
        MemoryReport report = ReadLog(files, "noise\r\n\u001b[0m\u001b[37mserial: COCO-REPORT {\"memoryMap\":{\"ranges\":" + Ranges + "}}\r\n");
        Assert.Equal(2, report.Ranges!.Count);
        Assert.EndsWith("run.log:2 (COCO-REPORT 1 of 1)", report.Origin);
    }

    [Fact]
    public void A_missing_required_field_is_named_with_its_line()
    {
        using var files = new TempFiles();
        var e = Refused(files, "line one\nCOCO-REPORT {\"memoryMap\":{\"ranges\":[{\"type\":7,\"start\":\"0x0\",\"pages\":1},{\"type\":7,\"pages\":1}]}}\n");
        Assert.Equal($"{files.PathOf("run.log")}:2: memoryMap.ranges[1].start: missing (required)", e.Message);
    }

    [Theory]
    [InlineData("""{"table":{"installed":true,"physBase":"0x0","bitmapBytes":1}}""", "table.unitSize: missing (required)")]
    [InlineData("""{"table":{"installed":true,"unitSize":3,"physBase":"0x0","bitmapBytes":1}}""", "table.unitSize: 3 is not a power-of-two multiple of 4 KiB")]
    [InlineData("""{"table":{"installed":true,"unitSize":2097152,"physBase":"0x0","bitmapBytes":2,"bitmap":"ff"}}""", "table.bitmap: 2 hex digits, but bitmapBytes 2 needs 4")]
    [InlineData("""{"table":{"installed":true,"unitSize":2097152,"physBase":"0x0","bitmapBytes":1,"bitmap":"zz"}}""", "table.bitmap: \"zz\" at byte 0 is not hex")]
    [InlineData("""{"table":{"installed":"yes"}}""", "table.installed: expected true or false, found a string")]
    [InlineData("""{"memoryMap":{"ranges":[{"type":7,"start":"0x1001","pages":1}]}}""", "memoryMap.ranges[0].start: 0x1001 is not 4 KiB aligned")]
    [InlineData("""{"memoryMap":{"ranges":[{"type":7,"start":"0x0","pages":0}]}}""", "memoryMap.ranges[0].pages: a range has at least one page")]
    [InlineData("""{"memoryMap":{"ranges":[{"type":7,"start":"0xFFFFFFFFFFFFF000","pages":2}]}}""", "run past the top of the 64-bit address space")]
    [InlineData("""{"memoryMap":{"ranges":[{"type":7,"start":"0x0","pages":16},{"type":4,"start":"0x8000","pages":1}]}}""", "memoryMap.ranges[1]: [0x8000, 0x9000) overlaps memoryMap.ranges[0] [0x0, 0x10000)")]
    [InlineData("""{"memoryMap":{"ranges":[{"type":7,"start":"0xG","pages":1}]}}""", "memoryMap.ranges[0].start: \"0xG\" is neither a 0x… hex number nor a decimal number")]
    [InlineData("""{"memoryMap":{"ranges":[{"type":-1,"start":"0x0","pages":1}]}}""", "memoryMap.ranges[0].type: -1 is not a whole number")]
    [InlineData("""{"memoryMap":{"ranges":{}}}""", "memoryMap.ranges: expected an array, found an object")]
    [InlineData("""{"acceptCalls":{"4k":1,"2m":0,"1g":0}}""", "acceptCalls.total: missing (required)")]
    [InlineData("""[1,2]""", "the COCO-REPORT is not a JSON object")]
    public void Bad_reports_get_an_error_naming_the_field(string json, string expected)
    {
        using var files = new TempFiles();
        var e = Refused(files, "COCO-START\nCOCO-REPORT " + json + "\n");
        Assert.StartsWith($"{files.PathOf("run.log")}:2: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_report_that_is_not_json_names_the_line_and_column()
    {
        using var files = new TempFiles();
        var e = Refused(files, "a\nb\nCOCO-REPORT {\"memoryMap\": {\"ranges\": [}\n");
        Assert.StartsWith($"{files.PathOf("run.log")}:3: not valid JSON (column 27): ", e.Message);
        Assert.DoesNotContain("LineNumber", e.Message);
    }

    [Fact]
    public void Text_without_a_report_is_refused_with_what_to_give()
    {
        using var files = new TempFiles();
        var e = Refused(files, "BdsDxe: loading Boot0003\nShell>\n");
        Assert.Contains("no \"COCO-REPORT\" line and not JSON", e.Message);
        var missing = Assert.Throws<InputException>(() => MemoryReportReader.Read(files.PathOf("absent.log"), null));
        Assert.Equal($"{files.PathOf("absent.log")}: no such file", missing.Message);
    }

    [Fact]
    public void A_ranges_dump_names_the_line_of_a_bad_range()
    {
        using var files = new TempFiles();
        string path = files.Write("map.json", "{\n  \"ranges\": [\n    {\"type\": 7, \"start\": \"0x0\", \"pages\": 16},\n    {\"type\": 7, \"start\": \"0x10000\"}\n  ]\n}\n");
        var e = Assert.Throws<InputException>(() => MemoryReportReader.Read(path, null));
        Assert.Equal($"{path}:4: ranges[1].pages: missing (required)", e.Message);
    }

    [Fact]
    public void Dumps_may_be_an_object_or_a_bare_array_and_need_not_be_sorted()
    {
        using var files = new TempFiles();
        MemoryReport fromFile = MemoryReportReader.Read(TestData.RangesDump, null);
        MemoryReport bare = MemoryReportReader.Read(files.Write("bare.json",
            """[{"type":7,"start":"0x200000","pages":1},{"type":4,"start":4096,"pages":"2"}]"""), null);

        Assert.Equal(29, fromFile.Ranges!.Count);
        Assert.Null(fromFile.Table);
        Assert.Equal(new[] { new MemoryRange(4, 0x1000, 2), new MemoryRange(7, 0x200000, 1) }, bare.Ranges);
        var e = Assert.Throws<InputException>(() => MemoryReportReader.Read(TestData.RangesDump, 1));
        Assert.Contains("--report picks one of several COCO-REPORT lines", e.Message);
    }

    [Fact]
    public void A_report_saved_as_json_reads_like_the_line()
    {
        using var files = new TempFiles();
        string line = File.ReadAllLines(TestData.Simulated64M).Single(l => l.StartsWith("COCO-REPORT ", StringComparison.Ordinal));
        MemoryReport report = MemoryReportReader.Read(files.Write("report.json", line["COCO-REPORT ".Length..]), null);
        Assert.Equal(29, report.Ranges!.Count);
        Assert.Equal(31UL, report.PendingUnits);
    }
}
