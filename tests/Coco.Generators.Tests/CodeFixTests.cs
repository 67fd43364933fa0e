using System.Collections.Immutable;
using Coco.Generators.CodeFixes;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Coco.Generators.Tests;

/// <summary>COCO1001's code fix adds 'partial' where it is missing, and nowhere else, for
/// configuration tables and binary layouts alike.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public async Task Adds_partial_to_the_table()
    {
        const string Before = """
            [Coco.EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
            public struct Table { public uint A; }
            """;
        const string After = """
            [Coco.EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
            public partial struct Table { public uint A; }
            """;

        Assert.Equal(After, await ApplyFixAsync(Before));
    }

    [Fact]
    public async Task Adds_partial_to_containing_types_and_keeps_their_trivia()
    {
        const string Before = """
            /// <summary>Outer.</summary>
            class Outer
            {
                static partial class Middle
                {
                    [Coco.EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
                    internal readonly struct Table { public readonly uint A; }
                }
            }
            """;
        const string After = """
            /// <summary>Outer.</summary>
            partial class Outer
            {
                static partial class Middle
                {
                    [Coco.EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
                    internal readonly partial struct Table { public readonly uint A; }
                }
            }
            """;

        Assert.Equal(After, await ApplyFixAsync(Before));
    }

    [Fact]
    public async Task Adds_partial_to_a_binary_layout()
    {
        const string Before = """
            [Coco.BinaryLayout(Size = 512, Alignment = 512)]
            public struct Record { public ulong Base; }
            """;
        const string After = """
            [Coco.BinaryLayout(Size = 512, Alignment = 512)]
            public partial struct Record { public ulong Base; }
            """;

        Assert.Equal(After, await ApplyFixAsync(Before));
    }

    [Fact]
    public async Task Adds_partial_to_a_table_whose_trailing_array_the_generator_reports()
    {
        // The struct's partial property draws compiler errors, so the generator reports COCO1001
        // (HiddenByCompilerErrors): the fix must work from its diagnostic too.
        const string Before = """
            [Coco.EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
            public unsafe struct Table { public ulong Size; [Coco.TrailingArray] public partial ulong* Words { get; } }
            """;
        const string After = """
            [Coco.EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
            public unsafe partial struct Table { public ulong Size; [Coco.TrailingArray] public partial ulong* Words { get; } }
            """;

        Assert.Equal(After, await ApplyFixAsync(Before));
    }

    internal static async Task<string> ApplyFixAsync(string source, string diagnosticId = "COCO1001", CodeFixProvider? provider = null)
    {
        // The generator's attributes, so that the analyzer sees the marked struct, and the
        // generator's own diagnostics.
        (GeneratorRunResult result, _) = GeneratorHarness.Layouts.Run(TestCompilation.Create(source));
        using var workspace = new AdhocWorkspace();
        Project project = workspace.AddProject("Fix", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true))
            .WithParseOptions(TestCompilation.ParseOptions)
            .WithMetadataReferences(TestCompilation.Create(source).References);
        foreach (GeneratedSourceResult generated in result.GeneratedSources)
        {
            project = project.AddDocument(generated.HintName, generated.SourceText).Project;
        }
        Document document = project.AddDocument("Input0.cs", SourceText.From(source));

        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        Diagnostic diagnostic = Assert.Single(result.Diagnostics.AddRange(GeneratorHarness.Layouts.Analyze(compilation)), d => d.Id == diagnosticId);

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await (provider ?? new MakePartialCodeFixProvider()).RegisterCodeFixesAsync(context);
        CodeAction fix = Assert.Single(actions);

        ImmutableArray<CodeActionOperation> operations = await fix.GetOperationsAsync(CancellationToken.None);
        Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        SourceText text = await changed.GetDocument(document.Id)!.GetTextAsync();
        return text.ToString();
    }
}
