using System.Collections;
using System.Reflection;
using Coco.Generators.Common;
using Coco.Generators.Layouts;
using Coco.Generators.TdxCalls;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Coco.Generators.Tests;

/// <summary>Every feature's pipeline caches: unrelated edits re-run no emission, a changed
/// declaration re-runs only its own output, the generator's own diagnostics replay from the
/// cache, and the model holds nothing that would keep a compilation alive.</summary>
public sealed class IncrementalityTests
{
    public static TheoryData<string> Features => new() { "Table", "AcpiTable", "BinaryLayout", "TdxCall" };

    [Theory]
    [MemberData(nameof(Features))]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged(string feature)
    {
        Feature f = Feature.Of(feature);
        GeneratorRunResult second = RunTwice(f, f.Source, text => text + "\nclass Unrelated { int X; }\n");

        foreach (string step in f.Steps)
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), "step " + step + " did not run");
            Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                step + " was " + output.Reason));
        }
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_a_binary_layout_reruns_only_its_emission()
    {
        Feature f = Feature.Of("BinaryLayout");
        GeneratorRunResult second = RunTwice(f, BinaryLayoutTestSources.TdmrInfo + "\n" + TestSources.UnacceptedMemoryTable,
            text => text.Replace("Size = 512,", "Size = 1024,", StringComparison.Ordinal));

        Assert.Contains(second.TrackedSteps[TrackingNames.ValidBinaryLayouts].SelectMany(s => s.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.All(second.TrackedSteps[TrackingNames.ValidTables].SelectMany(s => s.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "table output was " + output.Reason));
    }

    [Fact]
    public void Editing_a_field_reruns_emission()
    {
        Feature f = Feature.Of("Table");
        GeneratorRunResult second = RunTwice(f, f.Source,
            text => text.Replace("public ulong Size;", "public ulong Size; public ulong Extra;", StringComparison.Ordinal));

        Assert.Contains(second.TrackedSteps[TrackingNames.ValidTables].SelectMany(s => s.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Editing_one_call_reruns_only_its_stub()
    {
        Feature f = Feature.Of("TdxCall");
        GeneratorRunResult second = RunTwice(f, f.Source,
            text => text.Replace("[TdCall(6)]", "[TdCall(6, Version = 1)]", StringComparison.Ordinal));

        var outputs = second.TrackedSteps[TrackingNames.ValidTdxCalls].SelectMany(s => s.Outputs).ToArray();
        Assert.Single(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(outputs.Length - 1, outputs.Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Theory]
    [InlineData("Table", "COCO1007")]
    [InlineData("TdxCall", "COCO2003")]
    public void An_unrelated_edit_replays_the_generators_own_diagnostics_from_the_cache(string feature, string id)
    {
        Feature f = Feature.Of(feature);
        // Declarations the generator reports itself: their partial members stay unimplemented.
        string invalid = feature == "Table"
            ? TestSources.UnacceptedMemoryTable.Replace("[Coco.Bitmap(2 * 1024 * 1024)]", "[Coco.Bitmap(4000)]", StringComparison.Ordinal)
            : TdxCallTestSources.Usings + """
                public static partial class Calls
                {
                    [TdCall(1)]
                    public static partial TdxStatus Many(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f, ulong g, ulong h, ulong i, ulong j, ulong k);
                }
                """;
        Assert.NotEqual(f.Source, invalid);

        GeneratorRunResult second = RunTwice(f, invalid, text => text + "\nclass Unrelated { int X; }\n");

        IncrementalStepRunReason[] reasons = second.TrackedSteps[f.DiagnosticsStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(new[] { IncrementalStepRunReason.Cached }, reasons.Distinct());
        Assert.Equal(id, Assert.Single(second.Diagnostics).Id);
    }

    [Fact]
    public void The_pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        AssertValueOnly(typeof(DeclarationOutcome<TableSpec>), new HashSet<Type>());
        AssertValueOnly(typeof(DeclarationOutcome<BinaryLayoutSpec>), new HashSet<Type>());
        AssertValueOnly(typeof(DeclarationOutcome<TdxCallSpec>), new HashSet<Type>());
    }

    [Theory]
    [MemberData(nameof(Features))]
    public void Every_step_output_is_a_value_model(string feature)
    {
        Feature f = Feature.Of(feature);
        (GeneratorRunResult result, _) = f.Harness.Run(f.Harness.Compilation(f.Source));

        foreach (string step in f.Steps)
        {
            foreach (object? value in result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value))
            {
                Assert.False(value is ISymbol or SyntaxNode or Compilation or Location or Diagnostic, step + " output holds " + value?.GetType());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Features))]
    public void Equal_sources_give_equal_models(string feature)
    {
        Feature f = Feature.Of(feature);
        (GeneratorRunResult first, _) = f.Harness.Run(f.Harness.Compilation(f.Source));
        (GeneratorRunResult second, _) = f.Harness.Run(f.Harness.Compilation(f.Source));

        object?[] firstModels = first.TrackedSteps[f.SpecsStep].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
        object?[] secondModels = second.TrackedSteps[f.SpecsStep].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
        Assert.NotEmpty(firstModels);
        Assert.Equal(firstModels, secondModels);
        Assert.NotSame(firstModels[0], secondModels[0]);
    }

    [Theory]
    [MemberData(nameof(Features))]
    public void An_old_compilation_is_released(string feature)
    {
        Feature f = Feature.Of(feature);
        GeneratorDriver driver = f.Harness.CreateDriver();
        WeakReference reference = RunAndForget(f, ref driver);
        driver = driver.RunGenerators(f.Harness.Compilation("class Other { }"));
        for (int i = 0; i < 3 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(reference.IsAlive);
        GC.KeepAlive(driver);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference RunAndForget(Feature f, ref GeneratorDriver driver)
    {
        CSharpCompilation compilation = f.Harness.Compilation(f.Source);
        driver = driver.RunGenerators(compilation);
        return new WeakReference(compilation);
    }

    private static GeneratorRunResult RunTwice(Feature f, string source, Func<string, string> edit)
    {
        CSharpCompilation compilation = f.Harness.Compilation(source);
        GeneratorDriver driver = f.Harness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(edit(tree.GetText().ToString()))));
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
        Assert.True(type.Namespace?.StartsWith("Coco.Generators", StringComparison.Ordinal) == true || Nullable.GetUnderlyingType(type) is not null || type.IsArray,
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

    /// <summary>One feature's harness, sample source and step names.</summary>
    private sealed record Feature(GeneratorHarness Harness, string Source, string ParsedStep, string DiagnosticsStep, string SpecsStep)
    {
        public string[] Steps => [ParsedStep, SpecsStep];

        public static Feature Of(string name) => name switch
        {
            "Table" => new(GeneratorHarness.Layouts, TestSources.UnacceptedMemoryTable, TrackingNames.Tables, TrackingNames.TableDiagnostics, TrackingNames.ValidTables),
            "AcpiTable" => new(GeneratorHarness.Layouts, AcpiTableTestSources.Ccel, TrackingNames.AcpiTables, TrackingNames.AcpiTableDiagnostics, TrackingNames.ValidAcpiTables),
            "BinaryLayout" => new(GeneratorHarness.Layouts, BinaryLayoutTestSources.TdmrInfo, TrackingNames.BinaryLayouts, TrackingNames.BinaryLayoutDiagnostics, TrackingNames.ValidBinaryLayouts),
            _ => new(GeneratorHarness.TdxCalls, TdxCallTestSources.Calls, TrackingNames.TdxCalls, TrackingNames.TdxCallDiagnostics, TrackingNames.ValidTdxCalls),
        };
    }
}
