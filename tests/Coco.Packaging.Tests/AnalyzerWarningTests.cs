using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Coco.Packaging.Tests;

/// <summary>Issue #7, item 2: what a user sees in a build for three typical mistakes, and the
/// package's warning when the compiler is too old for Coco's analyzers.</summary>
[Collection(LocalFeedCollection.Name)]
public class AnalyzerWarningTests(LocalFeed feed, ITestOutputHelper output)
{
    [Fact]
    public void Three_typical_mistakes_are_reported_with_id_location_message_and_docs_link()
    {
        var app = ConsumerProject.EfiApplication(feed, "Mistakes", "Mistakes");
        string[] source = File.ReadAllLines(app.ProgramPath);

        CommandResult build = Step(app.Dotnet("build", "-c", "Release", "-nologo", "--disable-build-servers"));

        // Coco's rules are errors: the build fails and names each mistake where it is.
        Assert.NotEqual(0, build.ExitCode);
        AssertReported(build, "COCO1001", Location(source, "public struct BootLog", "BootLog"),
            "'BootLog' must be declared partial, and so must every type that contains it, so that Coco can add its generated members");
        AssertReported(build, "COCO2001", Location(source, "public static TdxStatus ReadField(", "ReadField"),
            "TDX call 'ReadField' must be a non-generic 'static partial' method without a body, declared in partial types: it is not partial");
        AssertReported(build, "COCO1004", Location(source, "public struct BootLog", "BootLog"),
            "Configuration table 'BootLog' has GUID 0b5f4a8e-7d35-4b8e-9a55-8f0c1d2e3a41, which configuration table 'Mistakes.CrashLog' also uses");
        AssertReported(build, "COCO1004", Location(source, "public partial struct CrashLog", "CrashLog"),
            "Configuration table 'CrashLog' has GUID 0b5f4a8e-7d35-4b8e-9a55-8f0c1d2e3a41, which configuration table 'Mistakes.BootLog' also uses");
        // Nothing else: the runtime's own sources compile cleanly beside the mistakes.
        Assert.Equal(["COCO1001", "COCO1004", "COCO2001"],
            Regex.Matches(build.Output, @"(?:error|warning) ([A-Z]+[0-9]+):").Select(m => m.Groups[1].Value).Distinct().Order());
        Assert.DoesNotContain("COCO0001", build.Output);
    }

    [Fact]
    public void Mistakes_that_leave_partial_members_unimplemented_are_reported_beside_the_compiler_errors()
    {
        // The compiler's errors for the unimplemented members would hide analyzer diagnostics
        // from this build; Coco's generator reports these mistakes itself.
        var app = ConsumerProject.EfiApplication(feed, "PartialMistakes", "PartialMistakes");
        string[] source = File.ReadAllLines(app.ProgramPath);

        CommandResult build = Step(app.Dotnet("build", "-c", "Release", "-nologo", "--disable-build-servers"));

        Assert.NotEqual(0, build.ExitCode);
        AssertReported(build, "COCO1001", Location(source, "public unsafe struct PageLog", "PageLog"),
            "'PageLog' must be declared partial, and so must every type that contains it, so that Coco can add its generated members");
        AssertReported(build, "COCO1007", Location(source, "[Bitmap(4000)]", "Bitmap(4000)"),
            "Bitmap 'Frames' has unit size 4000; the unit size must be a power of two and at least 4096 bytes");
        AssertReported(build, "COCO2003", Location(source, "ReadMany(", "k);"),
            "Parameter 'k' of TDX call 'ReadMany' has no register left: RCX, RDX and R8 to R15 are all taken");
        // The compiler's own errors stay, each COCO diagnostic shows once.
        Assert.Contains("error CS0751", build.Output);
        foreach (string id in new[] { "COCO1001", "COCO1007", "COCO2003" })
        {
            Assert.Single(Regex.Matches(build.Output, @"Program\.cs\(\d+,\d+\): error " + id + ":").Select(m => m.Value).Distinct());
        }
    }

    [Fact]
    public void A_compiler_older_than_the_analyzers_need_gets_one_warning_naming_both_versions()
    {
        var app = ConsumerProject.EfiApplication(feed, "OldCompiler", "Mistakes");

        // CompilerApiVersion is how the SDK names the compiler's Roslyn version ("roslyn5.9");
        // setting it is what an older compiler looks like to the package's targets.
        CommandResult build = Step(app.Dotnet("build", "-c", "Release", "-nologo", "--disable-build-servers", "-p:CompilerApiVersion=roslyn4.13"));

        Assert.Matches(@"Coco\.Generators\.targets\(\d+,\d+\): warning COCO0001: Coco\.Generators needs a C# compiler of Roslyn 4\.14 or later .*; this build's compiler is Roslyn 4\.13\. Coco's generators and analyzers are left out of this build", build.Output);
        // The analyzers really are out: none of their rules runs, and the generated code is missing.
        Assert.DoesNotMatch(@"(?:error|warning) COCO[12][0-9]{3}", build.Output);
        Assert.Contains("error CS0246: The type or namespace name 'EfiConfigurationTable' could not be found", build.Output);
        Assert.NotEqual(0, build.ExitCode);
    }

    /// <summary>"(line,column)" of <paramref name="identifier"/> on the line holding <paramref name="lineText"/>.</summary>
    private static string Location(string[] source, string lineText, string identifier)
    {
        int line = Array.FindIndex(source, l => l.Contains(lineText, StringComparison.Ordinal));
        Assert.True(line >= 0, $"Program.cs has no line with '{lineText}'");
        int column = source[line].IndexOf(identifier, source[line].IndexOf(lineText, StringComparison.Ordinal), StringComparison.Ordinal);
        return $"({line + 1},{column + 1})";
    }

    private static void AssertReported(CommandResult build, string id, string location, string message)
    {
        // Program.cs(11,19): error COCO1001: <message> (<help link>) [/path/Mistakes.csproj]
        string expected = $"Program.cs{location}: error {id}: {message} (";
        string? line = build.Output.Split('\n').FirstOrDefault(l => l.Contains(expected, StringComparison.Ordinal));
        Assert.True(line is not null, $"expected a line with \"{expected}\" in:\n{build}");
        Assert.Contains($"/docs/diagnostics/{id}.md)", line);
    }

    private CommandResult Step(CommandResult result)
    {
        output.WriteLine($"$ {result.CommandLine}  -> exit {result.ExitCode} in {result.Elapsed.TotalSeconds:F1} s");
        return result;
    }
}
