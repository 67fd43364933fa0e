using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Coco.Generators.Tests;

/// <summary>Each TDCALL/SEAMCALL rule: the ID and the exact span it reports, marked as
/// {|ID:span|}; unmarked code must stay silent.</summary>
public sealed class TdxCallAnalyzerTests
{
    [Fact]
    public void Valid_calls_have_no_diagnostics() => AssertDiagnostics(TdxCallTestSources.Calls);

    [Fact]
    public void COCO2001_not_static() => AssertDiagnostics(Wrap("""
        [TdCall(1)]
        public partial TdxStatus {|COCO2001:Info|}();
        """, "partial class"), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2001_not_partial() => AssertDiagnostics(Wrap("""
        [TdCall(1)]
        public static TdxStatus {|COCO2001:Info|}() => default;
        """));

    [Fact]
    public void COCO2001_already_implemented() => AssertDiagnostics(Wrap("""
        [TdCall(1)]
        public static partial TdxStatus {|COCO2001:Info|}();
        public static partial TdxStatus Info() => default;
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2001_generic() => AssertDiagnostics(Wrap("""
        [TdCall(1)]
        public static partial TdxStatus {|COCO2001:Info|}<T>();
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2001_containing_type_not_partial() => AssertDiagnostics(Wrap("""
        [TdCall(1)]
        public static partial TdxStatus {|COCO2001:Info|}();
        """, "static class"), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2001_generic_containing_type() => AssertDiagnostics(TdxCallTestSources.Usings + """
        public static partial class Host<T>
        {
            [Seamcall(35)]
            public static partial TdxStatus {|COCO2001:Generic|}();
        }
        """, ignoreCompilerErrors: true);

    [Theory]
    [InlineData("string")]
    [InlineData("object")]
    [InlineData("double")]
    [InlineData("char")]
    [InlineData("System.Guid")]
    public void COCO2002_input_not_a_register_value(string type) => AssertDiagnostics(Wrap($$"""
        [TdCall(1)]
        public static partial TdxStatus Info({{type}} {|COCO2002:operand|});
        """), ignoreCompilerErrors: true);

    [Theory]
    [InlineData("uint")]
    [InlineData("int")]
    [InlineData("bool")]
    [InlineData("byte")]
    public void COCO2002_output_would_truncate(string type) => AssertDiagnostics(Wrap($$"""
        [TdCall(1)]
        public static partial TdxStatus Info(out {{type}} {|COCO2002:operand|});
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2002_narrow_enum_output() => AssertDiagnostics(Wrap("""
        public enum Small : int { A }
        [TdCall(1)]
        public static partial TdxStatus Info(out Small {|COCO2002:operand|});
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2003_more_operands_than_registers() => AssertDiagnostics(Wrap("""
        [Seamcall(1)]
        public static partial TdxStatus Many(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f, ulong g, ulong h, ulong i, ulong j, ulong {|COCO2003:k|});
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2003_named_registers_leave_too_few() => AssertDiagnostics(Wrap("""
        [Seamcall(1)]
        [TdxInput(TdxRegisterName.R15, 0)]
        public static partial TdxStatus Many(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f, ulong g, ulong h, ulong i, ulong {|COCO2003:j|});
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2004_register_named_twice() => AssertDiagnostics(Wrap("""
        [Seamcall(1)]
        public static partial TdxStatus Twice([TdxRegister(TdxRegisterName.R8)] ulong a, [TdxRegister(TdxRegisterName.R8)] ulong {|COCO2004:b|});
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2004_output_register_named_twice() => AssertDiagnostics(Wrap("""
        [Seamcall(1)]
        public static partial TdxStatus Twice([TdxRegister(TdxRegisterName.R9)] out ulong a, [TdxRegister(TdxRegisterName.R9)] out ulong {|COCO2004:b|});
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2004_constant_and_parameter_share_a_register() => AssertDiagnostics(Wrap("""
        [Seamcall(1)]
        [TdxInput(TdxRegisterName.Rcx, 1)]
        public static partial TdxStatus Twice([TdxRegister(TdxRegisterName.Rcx)] ulong {|COCO2004:a|});
        """), ignoreCompilerErrors: true);

    [Fact]
    public void An_input_and_an_output_may_share_a_register() => AssertDiagnostics(Wrap("""
        [Seamcall(6)]
        public static partial TdxStatus Aug(ulong gpa, [TdxRegister(TdxRegisterName.Rcx)] out ulong error);
        """));

    [Fact]
    public void COCO2005_same_leaf_different_signatures() => AssertDiagnostics(Wrap("""
        [TdCall(7)]
        public static partial TdxStatus {|COCO2005:ReadA|}(ulong field);
        [TdCall(7)]
        public static partial TdxStatus {|COCO2005:ReadB|}(ulong field, out ulong value);
        """), ignoreCompilerErrors: true);

    [Fact]
    public void Same_leaf_same_signature_and_other_constants_or_versions_are_fine() => AssertDiagnostics(Wrap("""
        [TdCall(6)]
        public static partial TdxStatus AcceptA(ulong gpa);
        [TdCall(6)]
        [RetryOnBusy(3)]
        public static partial TdxStatus AcceptB(long gpa);
        [TdCall(0)]
        [TdxInput(TdxRegisterName.R11, 1)]
        public static partial TdxStatus VmcallA([TdxRegister(TdxRegisterName.R12)] ulong a);
        [TdCall(0)]
        [TdxInput(TdxRegisterName.R11, 2)]
        public static partial TdxStatus VmcallB();
        [Seamcall(36, Version = 1)]
        public static partial TdxStatus V1(ulong a, ulong b);
        [Seamcall(36)]
        public static partial TdxStatus V0(ulong a);
        """));

    [Fact]
    public void COCO2006_leaf_out_of_range() => AssertDiagnostics(Wrap("""
        [{|COCO2006:TdCall(0x10000)|}]
        public static partial TdxStatus Big();
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2006_version_out_of_range() => AssertDiagnostics(Wrap("""
        [{|COCO2006:Seamcall(1, Version = 0x100)|}]
        public static partial TdxStatus Big();
        """), ignoreCompilerErrors: true);

    [Theory]
    [InlineData("ulong")]
    [InlineData("int")]
    [InlineData("void")]
    public void COCO2007_return_not_status(string type) => AssertDiagnostics(Wrap($$"""
        [TdCall(1)]
        public static partial {|COCO2007:{{type}}|} Info();
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2008_not_an_operand_register() => AssertDiagnostics(Wrap("""
        [TdCall(1)]
        public static partial TdxStatus Info([TdxRegister((TdxRegisterName)3)] ulong {|COCO2008:rbx|});
        """), ignoreCompilerErrors: true);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1025)]
    public void COCO2009_retry_bound(int bound) => AssertDiagnostics(Wrap($$"""
        [TdCall(6)]
        [{|COCO2009:RetryOnBusy({{bound}})|}]
        public static partial TdxStatus Accept(ulong gpa);
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2010_both_instructions() => AssertDiagnostics(Wrap("""
        [TdCall(1)]
        [Seamcall(1)]
        public static partial TdxStatus {|COCO2010:Both|}();
        """), ignoreCompilerErrors: true);

    [Fact]
    public void COCO2011_runtime_missing()
    {
        const string source = """
            public struct TdxStatusLookalike { }
            public static partial class Calls
            {
                [Coco.TdCall(1)]
                public static partial TdxStatusLookalike Info();
            }
            """;
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.TdxCalls.Run(GeneratorHarness.TdxCalls.Compilation([source], withTdxRuntime: false));
        string[] actual = GeneratorHarness.TdxCalls.Reported(result, output).Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        // The return type is not the status, and neither TdxRegisters nor TdcallGate exists.
        Assert.Equal(new[] { "COCO2007", "COCO2011", "COCO2011" }, actual);
    }

    [Fact]
    public void The_generator_never_throws_on_broken_code()
    {
        string[] broken =
        {
            Wrap("[TdCall] public static partial TdxStatus A();"),
            Wrap("[TdCall(\"x\")] public static partial TdxStatus A();"),
            Wrap("[Seamcall(1, Version = -1)] public static partial TdxStatus A();"),
            Wrap("[TdCall(1)] public static partial TdxStatus A(ulong);"),
            Wrap("[TdCall(1)] public static partial TdxStatus A([TdxRegister] ulong a);"),
            Wrap("[TdCall(1)] [TdxInput] public static partial TdxStatus A();"),
            Wrap("[TdCall(1)] public static partial TdxStatus A(params ulong[] a);"),
            Wrap("[TdCall(1)] public static partial TdxStatus A(Missing a, out Missing b);"),
            Wrap("[TdCall(1)] public static partial Missing A();"),
        };
        foreach (string source in broken)
        {
            (GeneratorRunResult result, Compilation output) = GeneratorHarness.TdxCalls.Run(GeneratorHarness.TdxCalls.Compilation(source));
            Assert.Null(result.Exception);
            Assert.DoesNotContain(GeneratorHarness.TdxCalls.Analyze(output), d => d.Id == "AD0001");
        }
    }

    private static string Wrap(string members, string typeKeywords = "static partial class") =>
        TdxCallTestSources.Usings + "public " + typeKeywords + " Calls\n{\n" + members + "\n}\n";

    private static void AssertDiagnostics(string markup, bool ignoreCompilerErrors = false)
    {
        (string source, IReadOnlyList<(string Id, TextSpan Span)> expected) = Markup.Parse(markup);
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.TdxCalls.Run(GeneratorHarness.TdxCalls.Compilation(source));
        Assert.Null(result.Exception);
        if (!ignoreCompilerErrors)
        {
            Assert.Empty(GeneratorHarness.CompilerErrors(output));
        }

        var actual = GeneratorHarness.TdxCalls.Reported(result, output)
            .Select(d => (d.Id, d.Location.SourceSpan, FilePath: d.Location.GetLineSpan().Path, Message: d.GetMessage()))
            .ToArray();
        Assert.All(actual, d => Assert.Equal("Input0.cs", d.FilePath));
        Assert.Equal(
            expected.Select(e => e.Id + "@" + e.Span).OrderBy(s => s, StringComparer.Ordinal),
            actual.Select(d => d.Id + "@" + d.SourceSpan).OrderBy(s => s, StringComparer.Ordinal));
        foreach ((string id, TextSpan span) in expected)
        {
            string marked = source.Substring(span.Start, span.Length);
            if (System.Text.RegularExpressions.Regex.IsMatch(marked, "^[A-Za-z_][A-Za-z0-9_]*$") && id != "COCO2007")
            {
                Assert.Contains(actual, d => d.Id == id && d.Message.Contains("'" + marked + "'", StringComparison.Ordinal));
            }
        }
    }
}
