using System.Collections;
using System.Reflection;
using Coco.Generators.Model;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coco.Generators.Tests;

/// <summary>The pipeline caches: unrelated edits re-run no emission, and the model holds
/// nothing that would keep a compilation alive.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] StepNames =
    {
        TrackingNames.Tables, TrackingNames.ValidTables, TrackingNames.Environment, TrackingNames.Output,
    };

    private static readonly string[] BinaryLayoutStepNames =
    {
        TrackingNames.BinaryLayouts, TrackingNames.ValidBinaryLayouts, TrackingNames.Environment, TrackingNames.BinaryLayoutOutput,
    };

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged() =>
        AssertUnrelatedEditCached(TestSources.UnacceptedMemoryTable, StepNames);

    [Fact]
    public void An_unrelated_edit_leaves_every_binary_layout_step_cached_or_unchanged() =>
        AssertUnrelatedEditCached(BinaryLayoutTestSources.TdmrInfo, BinaryLayoutStepNames);

    [Fact]
    public void Editing_a_binary_layout_reruns_only_its_emission()
    {
        GeneratorRunResult second = RunTwice(BinaryLayoutTestSources.TdmrInfo + "\n" + TestSources.UnacceptedMemoryTable, tree => tree.WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From(tree.GetText().ToString().Replace("Size = 512,", "Size = 1024,", StringComparison.Ordinal))));

        Assert.Contains(second.TrackedSteps[TrackingNames.BinaryLayoutOutput].SelectMany(s => s.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.All(second.TrackedSteps[TrackingNames.Output].SelectMany(s => s.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "table output was " + output.Reason));
    }

    private static void AssertUnrelatedEditCached(string source, string[] stepNames)
    {
        GeneratorRunResult second = RunTwice(source, tree => tree.WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From(tree.GetText() + "\nclass Unrelated { int X; }\n")));

        foreach (string step in stepNames)
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), "step " + step + " did not run");
            foreach (IncrementalGeneratorRunStep run in second.TrackedSteps[step])
            {
                Assert.All(run.Outputs, output => Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    step + " was " + output.Reason));
            }
        }
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void An_unrelated_edit_replays_the_generators_own_diagnostics_from_the_cache()
    {
        // A bitmap unit the generator reports itself (its partial property stays unimplemented).
        string invalid = TestSources.UnacceptedMemoryTable.Replace("[Coco.Bitmap(2 * 1024 * 1024)]", "[Coco.Bitmap(4000)]", StringComparison.Ordinal);
        Assert.NotEqual(TestSources.UnacceptedMemoryTable, invalid);

        GeneratorRunResult second = RunTwice(invalid, tree => tree.WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From(tree.GetText() + "\nclass Unrelated { int X; }\n")));

        IncrementalStepRunReason[] reasons = second.TrackedSteps[TrackingNames.TableDiagnostics].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(new[] { IncrementalStepRunReason.Cached }, reasons.Distinct());
        Assert.Equal("COCO1007", Assert.Single(second.Diagnostics).Id);
    }

    [Fact]
    public void Editing_a_field_reruns_emission()
    {
        GeneratorRunResult second = RunTwice(TestSources.UnacceptedMemoryTable, tree => tree.WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From(tree.GetText().ToString().Replace("public ulong Size;", "public ulong Size; public ulong Extra;", StringComparison.Ordinal))));

        Assert.Contains(second.TrackedSteps[TrackingNames.Output].SelectMany(s => s.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void The_pipeline_model_holds_no_symbols_syntax_or_compilations()
    {
        AssertValueOnly(typeof(DeclarationOutcome<TableSpec>), new HashSet<Type>());
        AssertValueOnly(typeof(DeclarationOutcome<BinaryLayoutSpec>), new HashSet<Type>());
        AssertValueOnly(typeof(GenerationEnvironment), new HashSet<Type>());
    }

    [Fact]
    public void Every_step_output_is_a_value_type_model()
    {
        (GeneratorRunResult result, _) = GeneratorHarness.Run(TestCompilation.Create(TestSources.UnacceptedMemoryTable, BinaryLayoutTestSources.TdmrInfo));

        foreach (string step in StepNames.Concat(BinaryLayoutStepNames))
        {
            foreach (object? value in result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value))
            {
                Assert.False(value is ISymbol or SyntaxNode or Compilation or Location or Diagnostic, step + " output holds " + value?.GetType());
            }
        }
    }

    [Theory]
    [InlineData(TestSources.PaddedTable, TrackingNames.ValidTables)]
    [InlineData(BinaryLayoutTestSources.TdmrInfo, TrackingNames.ValidBinaryLayouts)]
    public void Equal_sources_give_equal_models(string source, string step)
    {
        (GeneratorRunResult first, _) = GeneratorHarness.Run(TestCompilation.Create(source));
        (GeneratorRunResult second, _) = GeneratorHarness.Run(TestCompilation.Create(source));

        object? firstModel = first.TrackedSteps[step].Single().Outputs.Single().Value;
        object? secondModel = second.TrackedSteps[step].Single().Outputs.Single().Value;
        Assert.NotSame(firstModel, secondModel);
        Assert.Equal(firstModel, secondModel);
    }

    private static GeneratorRunResult RunTwice(string source, Func<SyntaxTree, SyntaxTree> edit)
    {
        CSharpCompilation compilation = TestCompilation.Create(source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, edit(tree));
        return driver.RunGenerators(edited).GetRunResult().Results.Single();
    }

    // Walks the model's fields: only primitives, strings, enums and model types are allowed.
    private static void AssertValueOnly(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string))
        {
            return;
        }
        Assert.False(typeof(ISymbol).IsAssignableFrom(type), type + " is a symbol");
        Assert.False(typeof(SyntaxNode).IsAssignableFrom(type), type + " is syntax");
        Assert.False(typeof(Compilation).IsAssignableFrom(type), type + " is a compilation");
        Assert.False(type == typeof(Location) || type == typeof(Diagnostic), type + " is a location or diagnostic");
        Assert.True(type.Namespace == typeof(TableSpec).Namespace || Nullable.GetUnderlyingType(type) is not null || type.IsArray,
            type + " is not a model type");
        if (type.IsArray)
        {
            AssertValueOnly(type.GetElementType()!, seen);
            return;
        }
        Assert.False(typeof(IEnumerable).IsAssignableFrom(type) && !type.IsGenericType, type + " is an untyped collection");
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertValueOnly(field.FieldType, seen);
        }
        foreach (Type argument in type.GetGenericArguments())
        {
            AssertValueOnly(argument, seen);
        }
    }
}
