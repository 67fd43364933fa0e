using Xunit.Abstractions;

namespace Coco.Packaging.Tests;

/// <summary>Without CocoEfiApplication the packages are ordinary libraries: lib/net10.0 and the
/// generator, so .NET tests and tools use the APIs firmware uses.</summary>
[Collection(LocalFeedCollection.Name)]
public class DotnetLibraryTests(LocalFeed feed, ITestOutputHelper output)
{
    [Fact]
    public void An_ordinary_program_uses_the_host_libraries_and_the_generated_code()
    {
        var app = ConsumerProject.DotnetProgram(feed, "DotnetApp", "DotnetApp");

        CommandResult run = app.Dotnet("run", "-c", "Release", "--disable-build-servers");
        output.WriteLine($"$ {run.CommandLine}  -> exit {run.ExitCode} in {run.Elapsed.TotalSeconds:F1} s");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotMatch(@"warning [A-Z]+[0-9]+", run.Output);
        Assert.Contains("HOST-APP table headerSize=16 written=True guid=6c1e6a52-0c8e-4b43-9a55-2d1f0b7e4c11 set=11 bytes=32", run.Output);
        Assert.Contains("HOST-APP tdcall first=TDX_SUCCESS again=TDX_PAGE_ALREADY_ACCEPTED acceptedPages=1", run.Output);
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory("Release"), "Coco.Runtime.dll")));
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory("Release"), "Coco.Runtime.Tdx.dll")));
        Assert.False(File.Exists(Path.Combine(app.OutputDirectory("Release"), "DotnetApp.efi")));
    }
}
