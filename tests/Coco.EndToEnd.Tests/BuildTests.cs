namespace Coco.EndToEnd.Tests;

/// <summary>The MSBuild integration: incremental, and clear about missing tools.</summary>
public class BuildTests
{
    private static (int ExitCode, string Output) BuildSample(params string[] extra) =>
        Dotnet.Run(["build", Repository.SampleProject, "-c", Repository.Configuration, "--no-restore", "-nologo", "-v:normal", .. extra]);

    [Fact]
    public void A_second_build_with_no_change_runs_neither_ilc_nor_the_linker()
    {
        var first = BuildSample();
        Assert.True(first.ExitCode == 0, first.Output);
        DateTime written = File.GetLastWriteTimeUtc(Repository.SampleEfi);

        var second = BuildSample();
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("Skipping target \"CocoIlcCompile\" because all output files are up-to-date", second.Output);
        Assert.Contains("Skipping target \"CocoLinkEfi\" because all output files are up-to-date", second.Output);
        Assert.DoesNotContain("tools/ilc\"", second.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Repository.SampleEfi));
    }

    [Theory]
    [InlineData("CocoNasm", "nasm")]
    [InlineData("CocoLldLink", "lld")]
    public void A_missing_tool_fails_with_the_debian_package_to_install(string property, string package)
    {
        var result = BuildSample($"-p:{property}=coco-no-such-tool");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Install the Debian package '{package}'", result.Output);
    }
}
