using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

/// <summary>What a firmware failure looks like: a message and the failing site, then a halt
/// that the runner turns into a prompt, failed run.</summary>
public class FailFastTests
{
    private static Task<BootResult> Boot(string mode) =>
        QemuRunner.BootAsync(new BootOptions { EfiPath = Repository.FailFastEfi, AppArguments = [mode], Timeout = TimeSpan.FromSeconds(90) });

    [Fact]
    public async Task Halt_prints_the_message_with_file_line_and_member()
    {
        BootResult result = await Boot("--halt");
        Assert.Equal(BootOutcome.Fatal, result.Outcome);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.ConsoleLines, l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^COCO-FATAL: the test asked to halt at Program\.cs:\d+ \(EfiMain\)$"));
    }

    [Fact]
    public async Task A_bounds_check_failure_prints_its_kind_and_code_address()
    {
        BootResult result = await Boot("--index");
        Assert.Equal(BootOutcome.Fatal, result.Outcome);
        Assert.Contains(result.ConsoleLines, l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^COCO-FATAL: index out of range at 0x[0-9A-F]+ \(image offset 0x[0-9A-F]+, see the \.map file\)$"));
    }
}
