using System.Reflection;
using Coco.Generators.Model;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Coco.Generators.Tests;

/// <summary>The TDX call pipeline caches: unrelated edits re-run no emission, a changed
/// declaration re-runs only its own stub, and the model holds no symbols or compilations.</summary>
public sealed class TdxCallIncrementalityTests
{
    private static readonly string[] StepNames =
    {
        TrackingNames.TdxCalls, TrackingNames.ValidTdxCalls, TrackingNames.Environment, TrackingNames.TdxCallOutput,
    };

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        GeneratorRunResult second = RunTwice(TdxCallTestSources.Calls, text => text + "\nclass Unrelated { int X; }\n");

        foreach (string step in StepNames)
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
    public void An_unrelated_edit_replays_the_generators_own_diagnostics_from_the_cache()
    {
        // Too many operands: the generator reports COCO2003 itself (the definition stays unimplemented).
        string source = TdxCallTestSources.Usings + """
            public static partial class Calls
            {
                [TdCall(1)]
                public static partial TdxStatus Many(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f, ulong g, ulong h, ulong i, ulong j, ulong k);
            }
            """;

        GeneratorRunResult second = RunTwice(source, text => text + "\nclass Unrelated { int X; }\n");

        IncrementalStepRunReason[] reasons = second.TrackedSteps[TrackingNames.TdxCallDiagnostics].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(new[] { IncrementalStepRunReason.Cached }, reasons.Distinct());
        Assert.Equal("COCO2003", Assert.Single(second.Diagnostics).Id);
    }

    [Fact]
    public void Editing_one_call_reruns_only_its_stub()
    {
        GeneratorRunResult second = RunTwice(TdxCallTestSources.Calls,
            text => text.Replace("[TdCall(6)]", "[TdCall(6, Version = 1)]", StringComparison.Ordinal));

        var outputs = second.TrackedSteps[TrackingNames.TdxCallOutput].SelectMany(s => s.Outputs).ToArray();
        Assert.Single(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(outputs.Length - 1, outputs.Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void The_pipeline_model_holds_no_symbols_syntax_or_compilations()
    {
        AssertValueOnly(typeof(DeclarationOutcome<TdxCallSpec>), new HashSet<Type>());
        AssertValueOnly(typeof(TdxCallEnvironment), new HashSet<Type>());

        (GeneratorRunResult result, _) = TdxCallHarness.Run(TdxCallHarness.Create(TdxCallTestSources.Calls));
        foreach (string step in StepNames)
        {
            foreach (object? value in result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value))
            {
                Assert.False(value is ISymbol or SyntaxNode or Compilation or Location or Diagnostic, step + " output holds " + value?.GetType());
            }
        }
    }

    [Fact]
    public void Equal_sources_give_equal_models()
    {
        (GeneratorRunResult first, _) = TdxCallHarness.Run(TdxCallHarness.Create(TdxCallTestSources.Calls));
        (GeneratorRunResult second, _) = TdxCallHarness.Run(TdxCallHarness.Create(TdxCallTestSources.Calls));

        object?[] firstModels = first.TrackedSteps[TrackingNames.ValidTdxCalls].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
        object?[] secondModels = second.TrackedSteps[TrackingNames.ValidTdxCalls].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
        Assert.Equal(7, firstModels.Length);
        Assert.Equal(firstModels, secondModels);
        Assert.NotSame(firstModels[0], secondModels[0]);
    }

    [Fact]
    public void An_old_compilation_is_released()
    {
        GeneratorDriver driver = TdxCallHarness.CreateDriver();
        WeakReference reference = RunAndForget(ref driver);
        for (int i = 0; i < 3 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        driver = driver.RunGenerators(TdxCallHarness.Create(TdxCallTestSources.Nested));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(reference.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference RunAndForget(ref GeneratorDriver driver)
    {
        CSharpCompilation compilation = TdxCallHarness.Create(TdxCallTestSources.Calls);
        driver = driver.RunGenerators(compilation);
        return new WeakReference(compilation);
    }

    private static GeneratorRunResult RunTwice(string source, Func<string, string> edit)
    {
        CSharpCompilation compilation = TdxCallHarness.Create(source);
        GeneratorDriver driver = TdxCallHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(edit(tree.GetText().ToString()))));
        return driver.RunGenerators(edited).GetRunResult().Results.Single();
    }

    private static void AssertValueOnly(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string))
        {
            return;
        }
        Assert.False(typeof(ISymbol).IsAssignableFrom(type), type + " is a symbol");
        Assert.False(typeof(SyntaxNode).IsAssignableFrom(type), type + " is syntax");
        Assert.False(typeof(Compilation).IsAssignableFrom(type), type + " is a compilation");
        Assert.True(type.Namespace == typeof(TdxCallSpec).Namespace || type.IsArray, type + " is not a model type");
        if (type.IsArray)
        {
            AssertValueOnly(type.GetElementType()!, seen);
            return;
        }
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
