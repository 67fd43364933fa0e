using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

/// <summary>The core library's block fill and copy (coco_memset, coco_memmove) in firmware,
/// against byte loops in the same image (tests/Apps/PrimitivesApp).</summary>
public class CoreLibraryPrimitivesTests
{
    [Fact]
    public async Task Clear_fill_and_copy_match_byte_loops_for_every_length_offset_and_overlap()
    {
        BootResult result = await QemuRunner.BootAsync(new BootOptions { EfiPath = Repository.PrimitivesEfi, Timeout = TimeSpan.FromSeconds(120) });
        Assert.True(result.Outcome == BootOutcome.Exited, result.Message + "\n" + string.Join('\n', result.ConsoleLines));
        Assert.Contains("COCO-PRIMITIVES OK 21672", result.ConsoleLines);
        Assert.Equal(0UL, result.EfiStatus);
    }
}
