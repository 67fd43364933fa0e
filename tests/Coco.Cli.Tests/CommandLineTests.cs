using System.Xml.Linq;
using Coco.Cli.Tests.Support;

namespace Coco.Cli.Tests;

/// <summary>The root command in-process: exit codes and what lands on stdout and stderr.</summary>
public class CommandLineTests
{
    [Fact]
    public void The_root_has_the_four_commands()
    {
        var (exitCode, output, _) = Support.Coco.Run("--help");
        Assert.Equal(0, exitCode);
        Assert.Contains("boot", output);
        Assert.Contains("inspect", output);
        Assert.Contains("tdmr", output);
        Assert.Contains("debug", output);
    }

    [Fact]
    public void Inspect_writes_the_svg_where_asked_and_names_it()
    {
        using var files = new TempFiles();
        string svg = files.PathOf("out.svg");
        var (exitCode, output, error) = Support.Coco.Run("inspect", TestData.Chainload, "-o", svg, "--report", "1");

        Assert.Equal(0, exitCode);
        Assert.StartsWith($"coco inspect: wrote {svg} (memory map: 29 ranges, 1 TDMR, bitmap: 40 units)", output);
        Assert.Equal("", error);
        XDocument drawn = XDocument.Load(svg);
        Assert.Equal(31, drawn.WithClass("rect", "unit", "pending").Count); // report 1: nothing accepted yet
    }

    [Fact]
    public void Inspect_defaults_to_the_inputs_name_and_the_last_report()
    {
        using var files = new TempFiles();
        string log = files.Write("chain.log", File.ReadAllText(TestData.Chainload));
        var (exitCode, _, _) = Support.Coco.Run("inspect", log);

        Assert.Equal(0, exitCode);
        XDocument drawn = XDocument.Load(files.PathOf("chain.svg"));
        Assert.Equal(26, drawn.WithClass("rect", "unit", "pending").Count);
    }

    [Fact]
    public void Inspect_of_an_older_report_succeeds_and_says_what_it_could_not_draw()
    {
        using var files = new TempFiles();
        var (exitCode, output, error) = Support.Coco.Run("inspect", TestData.SampleBeforeRanges, "-o", files.PathOf("old.svg"));
        Assert.Equal(0, exitCode);
        Assert.Contains("(title and figures only; not in the report: memoryMap.ranges, table.bitmap)", output);
        Assert.Contains("coco inspect: Not in the report: memoryMap.ranges", error);
    }

    [Fact]
    public void Inspect_input_errors_exit_2_with_the_file_and_line()
    {
        using var files = new TempFiles();
        string bad = files.Write("bad.log", "x\nCOCO-REPORT {\"table\":{\"installed\":true}}\n");
        var (exitCode, output, error) = Support.Coco.Run("inspect", bad, "-o", files.PathOf("bad.svg"));

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"coco inspect: {bad}:2: table.unitSize: missing (required){Environment.NewLine}", error);
        Assert.False(File.Exists(files.PathOf("bad.svg")));
        Assert.Equal(2, Support.Coco.Run("inspect", files.PathOf("none.log")).ExitCode);
    }

    [Fact]
    public void Inspect_says_when_it_cannot_write_the_svg()
    {
        var (exitCode, _, error) = Support.Coco.Run("inspect", TestData.Simulated64M, "-o", "/nonexistent/dir/map.svg");
        Assert.Equal(5, exitCode);
        Assert.StartsWith("coco inspect: cannot write /nonexistent/dir/map.svg: ", error);
    }

    [Fact]
    public void Inspect_png_uses_the_converter_on_path_or_fails_naming_the_tools()
    {
        using var files = new TempFiles();
        string svg = files.PathOf("map.svg");
        var (exitCode, output, error) = Support.Coco.Run("inspect", TestData.Simulated64M, "-o", svg, "--png");
        var (converter, _) = Inspect.SvgConverter.Find(Environment.GetEnvironmentVariable("PATH"));

        Assert.True(File.Exists(svg));
        if (converter is not null)
        {
            Assert.Equal(0, exitCode);
            Assert.Contains($"wrote {files.PathOf("map.png")} (with {converter.Name}", output);
            byte[] png = File.ReadAllBytes(files.PathOf("map.png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
        else
        {
            Assert.Equal(4, exitCode);
            Assert.Contains("--png: no SVG converter on PATH", error);
            Assert.Contains("rsvg-convert (librsvg2-bin), inkscape (inkscape), magick (imagemagick), convert (imagemagick)", error);
        }
    }

    [Fact]
    public void Tdmr_prints_a_table_per_tdmr_and_the_totals()
    {
        var (exitCode, output, error) = Support.Coco.Run("tdmr", TestData.SmallMap);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal); // redirected: no escape sequences
        Assert.Contains("3 memory blocks, 2 CMRs, TDX memory 3.98 GiB (blocks above 1 MiB)", output);
        Assert.Contains("Limits: 64 TDMRs, 16 reserved areas per TDMR, PAMT entries 4K/2M/1G 16/16/16 bytes, static PAMT", output);
        Assert.Contains("holes from memory blocks", output);
        Assert.Contains("holes from CMRs", output);
        Assert.Equal(2, CountOf(output, "TDMR #0 [0x0, 0x80000000), 2 GiB"));
        Assert.Equal(2, CountOf(output, "TDMR #1 [0x100000000, 0x180000000), 2 GiB"));
        Assert.Contains("│ reserved #2 │ +0x7F000000   │   16 MiB │ [0x7F000000, 0x80000000) │ hole            │", output);
        Assert.Contains("reserved areas 3 / 16", output); // blocks: the first MiB, the PAMT and the tail above the last block
        Assert.Contains("reserved areas 2 / 16", output); // CMRs: the tail is inside a CMR
        Assert.Equal(2, CountOf(output, "PAMT / TDX memory               │                     0.393 %"));
    }

    [Fact]
    public void Tdmr_on_emerald_rapids_prints_the_refused_layout_and_exits_3()
    {
        var (exitCode, output, error) = Support.Coco.Run("tdmr", TestData.EmeraldRapids);
        Assert.Equal(3, exitCode);
        Assert.Contains("failed: TDMR [0x0, 0x80000000): reserved areas exhausted (limit 16)", output);
        Assert.Contains("TDMR #4 [0x3080000000, 0x4080000000), 64 GiB", output);
        Assert.Equal($"coco tdmr: holes from memory blocks: TDMR [0x0, 0x80000000): reserved areas exhausted (limit 16){Environment.NewLine}", error);

        var (cmrsOnly, cmrOutput, _) = Support.Coco.Run("tdmr", TestData.EmeraldRapids, "--holes", "cmrs");
        Assert.Equal(0, cmrsOnly);
        Assert.DoesNotContain("holes from memory blocks", cmrOutput);
    }

    [Fact]
    public void Tdmr_limits_from_the_command_line_apply()
    {
        var (exitCode, output, error) = Support.Coco.Run("tdmr", TestData.SmallMap, "--holes", "blocks", "--max-reserved", "2");
        Assert.Equal(3, exitCode);
        Assert.Contains("TDMR [0x0, 0x80000000): reserved areas exhausted (limit 2)", error);

        var (tooFew, _, tooFewError) = Support.Coco.Run("tdmr", TestData.SmallMap, "--max-tdmrs", "1");
        Assert.Equal(3, tooFew);
        Assert.Contains("TDMRs exhausted", tooFewError);

        var (dynamic, dynamicOutput, _) = Support.Coco.Run("tdmr", TestData.SmallMap, "--dynamic-pamt");
        Assert.Equal(0, dynamic);
        Assert.Contains("Dynamic PAMT (4K level: page bitmap)", dynamicOutput);
        Assert.Contains("│ PAMT 4K bitmap │", dynamicOutput);
    }

    [Theory]
    [InlineData(2, "--max-reserved", "29")]
    [InlineData(2, "--max-tdmrs", "0")]
    [InlineData(2, "--holes", "cmrs", "--cmrs", "/nonexistent/cmrs.json")]
    [InlineData(1, "--holes", "sideways")]
    [InlineData(1, "--max-tdmrs", "many")]
    public void Tdmr_refuses_bad_options(int expected, params string[] options)
    {
        var (exitCode, _, error) = Support.Coco.Run(["tdmr", TestData.SmallMap, .. options]);
        Assert.Equal(expected, exitCode);
        Assert.NotEqual("", error);
    }

    [Fact]
    public void Tdmr_cmr_holes_need_cmrs()
    {
        var (exitCode, _, error) = Support.Coco.Run("tdmr", TestData.Simulated64M, "--holes", "cmrs");
        Assert.Equal(2, exitCode);
        Assert.Contains("--holes cmrs needs CMRs: give --cmrs FILE or \"cmrs\" in", error);
    }

    [Fact]
    public void Boot_of_a_missing_image_is_a_setup_error()
    {
        var (exitCode, output, error) = Support.Coco.Run("boot", "/nonexistent/app.efi", "--no-progress");
        Assert.Equal(64, exitCode);
        Assert.Equal("", output);
        Assert.Contains("EFI image '/nonexistent/app.efi' does not exist", error);
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}
