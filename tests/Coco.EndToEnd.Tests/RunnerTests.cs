using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

public class RunnerTests
{
    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(4UL, 0)] // a warning is not a failure
    [InlineData(0x8000000000000002UL, 2)]
    [InlineData(0x8000000000000100UL, 1)] // low byte zero: still an error
    public void Efi_status_maps_to_an_exit_code(ulong status, int expected) => Assert.Equal(expected, EfiExitCode.From(status));

    [Theory]
    [InlineData("0x0 SUCCESS", true, 0UL)]
    [InlineData("0x8000000000000002 INVALID_PARAMETER", true, 0x8000000000000002UL)]
    [InlineData("  0x2", true, 2UL)]
    [InlineData("garbage", false, 0UL)]
    public void Exit_lines_parse(string text, bool ok, ulong expected)
    {
        Assert.Equal(ok, EfiExitCode.TryParse(text, out ulong status));
        Assert.Equal(expected, status);
    }

    [Fact]
    public void Startup_script_announces_runs_with_options_reports_and_powers_off()
    {
        string script = BootDisk.StartupScript(["--shutdown", "--path=a b"]);
        string[] lines = script.Split("\r\n");
        Assert.Equal("echo COCO-LAUNCH", lines[1]);
        Assert.Equal("fs0:\\coco\\app.efi --shutdown \"--path=a b\"", lines[2]);
        Assert.Equal("echo \"COCO-SHELL-EXIT %lasterror%\"", lines[3]);
        Assert.Equal("reset -s", lines[4]);
    }

    [Fact]
    public void Options_the_shell_cannot_carry_are_refused() =>
        Assert.Throws<BootSetupException>(() => BootDisk.StartupScript(["say \"hi\""]));

    [Fact]
    public void Console_escape_sequences_are_removed() =>
        Assert.Equal("Shell> fs0:", AnsiText.Strip("\u001b[1m\u001b[33m\u001b[40mShell> \u001b[0m\u001b[37m\u001b[40mfs0:"));

    [Fact]
    public async Task A_missing_image_is_a_setup_error_naming_it()
    {
        var e = await Assert.ThrowsAsync<BootSetupException>(() => QemuRunner.BootAsync(new BootOptions { EfiPath = "/nonexistent/app.efi" }));
        Assert.Contains("/nonexistent/app.efi", e.Message);
    }
}
