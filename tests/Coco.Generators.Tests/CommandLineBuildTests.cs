using System.Collections.Immutable;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Tests;

/// <summary>
/// A declaration the generator skips but whose partial members it was to implement draws the
/// compiler's own errors, and a command-line build with compiler errors drops every analyzer
/// diagnostic. Coco's diagnostic must still reach that build (the generator reports it), and
/// must reach the IDE, which shows the generator's and the analyzers' diagnostics, once.
/// </summary>
public sealed class CommandLineBuildTests
{
    private const string Guid = "d5d1de3c-105c-44f9-9ea9-bcef98120031";

    [Fact]
    public void A_table_that_is_not_partial_with_a_partial_bitmap_property_shows_COCO1001()
    {
        string source = $$"""
            [Coco.EfiConfigurationTable("{{Guid}}")]
            public unsafe struct Table
            {
                public ulong Size;
                [Coco.TrailingArray] [Coco.Bitmap(4096)] public partial ulong* Bitmap { get; }
            }
            """;

        AssertShownOnce(Layout(source), "COCO1001", "Input0.cs(2,22)", "CS0751");
    }

    [Fact]
    public void A_bitmap_with_an_invalid_unit_shows_COCO1007()
    {
        string source = $$"""
            [Coco.EfiConfigurationTable("{{Guid}}")]
            public unsafe partial struct Table
            {
                public ulong Size;
                [Coco.TrailingArray] [Coco.Bitmap(4000)] public partial ulong* Bitmap { get; }
            }
            """;

        AssertShownOnce(Layout(source), "COCO1007", "Input0.cs(5,27)", "CS9248");
    }

    [Fact]
    public void A_trailing_array_outside_a_layout_struct_shows_COCO1014()
    {
        const string source = """
            public unsafe partial struct Plain
            {
                public ulong Size;
                [Coco.TrailingArray] public partial ulong* Items { get; }
            }
            """;

        AssertShownOnce(Layout(source), "COCO1014", "Input0.cs(4,6)", "CS9248");
    }

    [Fact]
    public void A_binary_layout_too_small_for_its_trailing_array_shows_COCO1010()
    {
        const string source = """
            [Coco.BinaryLayout(Size = 8)]
            public unsafe partial struct Record
            {
                public ulong Base;
                [Coco.TrailingArray] public partial ulong* Items { get; }
            }
            """;

        AssertShownOnce(Layout(source), "COCO1010", "Input0.cs(1,2)", "CS9248");
    }

    [Fact]
    public void A_struct_marked_both_table_and_binary_layout_shows_COCO1013_once()
    {
        string source = $$"""
            [Coco.EfiConfigurationTable("{{Guid}}")]
            [Coco.BinaryLayout(Size = 64)]
            public unsafe partial struct Both
            {
                public ulong Size;
                [Coco.TrailingArray] public partial ulong* Items { get; }
            }
            """;

        AssertShownOnce(Layout(source), "COCO1013", "Input0.cs(3,30)", "CS9248");
    }

    [Fact]
    public void A_TdCall_with_too_many_operands_shows_COCO2003()
    {
        string source = TdxCallTestSources.Usings + """
            public static partial class Calls
            {
                [TdCall(1)]
                public static partial TdxStatus Many(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f, ulong g, ulong h, ulong i, ulong j, ulong k);
            }
            """;
        var (result, output) = GeneratorHarness.TdxCalls.Run(GeneratorHarness.TdxCalls.Compilation(source));

        AssertShownOnce(new Build(result, output, GeneratorHarness.TdxCalls), "COCO2003", "Input0.cs(6,138)", "CS8795");
    }

    [Fact]
    public void A_struct_without_partial_members_is_still_the_analyzers_to_report()
    {
        // No compiler error accompanies it: the analyzers' diagnostic shows, the generator stays silent.
        string source = $$"""
            [Coco.EfiConfigurationTable("{{Guid}}")]
            public struct Table { public ulong Size; }
            """;
        Build build = Layout(source);

        Assert.Empty(build.Result.Diagnostics);
        AssertShownOnce(build, "COCO1001", "Input0.cs(2,15)", compilerError: null);
    }

    [Fact]
    public void An_invalid_TdCall_with_a_hand_written_body_is_still_the_analyzers_to_report()
    {
        string source = TdxCallTestSources.Usings + """
            public static partial class Calls
            {
                [TdCall(1)]
                public static TdxStatus Info() => default;
            }
            """;
        var (result, output) = GeneratorHarness.TdxCalls.Run(GeneratorHarness.TdxCalls.Compilation(source));
        var build = new Build(result, output, GeneratorHarness.TdxCalls);

        Assert.Empty(result.Diagnostics);
        AssertShownOnce(build, "COCO2001", "Input0.cs(6,29)", compilerError: null);
    }

    private static Build Layout(string source)
    {
        var (result, output) = GeneratorHarness.Layouts.Run(TestCompilation.Create(source));
        return new Build(result, output, GeneratorHarness.Layouts);
    }

    /// <summary><paramref name="id"/> shows once at <paramref name="location"/> in the IDE's view
    /// and in the command-line build's, beside the compiler's <paramref name="compilerError"/>.</summary>
    private static void AssertShownOnce(Build build, string id, string location, string? compilerError)
    {
        Assert.Null(build.Result.Exception);
        ImmutableArray<Diagnostic> commandLine = build.Harness.CommandLineBuild(build.Result, build.Output);
        ImmutableArray<Diagnostic> ide = build.Harness.Reported(build.Result, build.Output);

        Assert.Equal(location, Assert.Single(commandLine, d => d.Id == id).Location.GetLineSpan() is var span
            ? span.Path + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + ")"
            : null);
        Assert.Single(ide, d => d.Id == id);
        Assert.All(commandLine.Concat(ide).Where(d => d.Id == id), d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        if (compilerError is null)
        {
            Assert.Empty(GeneratorHarness.CompilerErrors(build.Output));
        }
        else
        {
            Assert.Contains(commandLine, d => d.Id == compilerError);
        }
    }

    private sealed record Build(GeneratorRunResult Result, Compilation Output, GeneratorHarness Harness);
}
