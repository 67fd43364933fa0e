using System.Collections.Immutable;
using Coco.Generators.CodeFixes;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Coco.Generators.Tests;

/// <summary>COCO2001's code fix makes the method 'static partial' without a body and its
/// types partial; the result has no diagnostics and compiles with the generated stub.</summary>
public sealed class TdxCallCodeFixTests
{
    [Fact]
    public async Task Adds_static_and_partial_and_removes_the_body()
    {
        const string Before = TdxCallTestSources.Usings + """
            public static class Calls
            {
                [TdCall(1)]
                public TdxStatus Info(out ulong gpaWidth) { gpaWidth = 0; return default; }
            }
            """;
        const string After = TdxCallTestSources.Usings + """
            public static partial class Calls
            {
                [TdCall(1)]
                public static partial TdxStatus Info(out ulong gpaWidth);
            }
            """;

        Assert.Equal(After, await ApplyFixAsync(Before));
    }

    [Fact]
    public async Task Adds_partial_and_an_accessibility_to_an_expression_bodied_method()
    {
        const string Before = TdxCallTestSources.Usings + """
            public static partial class Calls
            {
                [Seamcall(36)]
                static TdxStatus Init(ulong tdmr) => default;
            }
            """;
        const string After = TdxCallTestSources.Usings + """
            public static partial class Calls
            {
                [Seamcall(36)]
                private static partial TdxStatus Init(ulong tdmr);
            }
            """;

        Assert.Equal(After, await ApplyFixAsync(Before));
    }

    private static async Task<string> ApplyFixAsync(string source)
    {
        (GeneratorRunResult result, _) = GeneratorHarness.TdxCalls.Run(GeneratorHarness.TdxCalls.Compilation(source));
        using var workspace = new AdhocWorkspace();
        Project project = workspace.AddProject("Fix", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true))
            .WithParseOptions(TestCompilation.ParseOptions)
            .WithMetadataReferences(GeneratorHarness.TdxCalls.Compilation(source).References);
        foreach (GeneratedSourceResult generated in result.GeneratedSources)
        {
            project = project.AddDocument(generated.HintName, generated.SourceText).Project;
        }
        Document document = project.AddDocument("Input0.cs", SourceText.From(source));

        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.TdxCalls.Analyze(compilation), d => d.Id == "COCO2001");

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new MakeTdxCallStaticPartialCodeFixProvider().RegisterCodeFixesAsync(context);
        CodeAction fix = Assert.Single(actions);

        ImmutableArray<CodeActionOperation> operations = await fix.GetOperationsAsync(CancellationToken.None);
        Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        string text = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();

        // The fixed source is accepted and compiles with its stub.
        (_, Compilation output) = GeneratorHarness.TdxCalls.Run(GeneratorHarness.TdxCalls.Compilation(text));
        Assert.Empty(GeneratorHarness.TdxCalls.Analyze(output));
        Assert.Empty(GeneratorHarness.CompilerErrors(output));
        return text;
    }
}
