using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Tests;

/// <summary>
/// Issue 14's root causes, each from a minimal input: the generators never throw, and every
/// input yields generated code that compiles or a Coco diagnostic that says why nothing was
/// generated. <see cref="Fuzz.FuzzTests"/> looks for the ones nobody has written down yet.
/// </summary>
public sealed class RootCauseTests
{
    private const string Guid = "d5d1de3c-105c-44f9-9ea9-bcef98120031";
    private const string Guid2 = "0b5f4a8e-7d35-4b8e-9a55-8f0c1d2e3a41";

    // Hint names.

    [Theory]
    [InlineData("@class", "")]
    [InlineData("Table", "namespace @namespace.@class;")]
    [InlineData("@record", "namespace var.@event;")]
    public void A_keyword_name_generates_and_compiles(string name, string ns) => AssertCompiles($$"""
        {{ns}}
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public unsafe partial struct {{name}}
        {
            public ulong Size;
            [Coco.TrailingArray, Coco.Bitmap(4096)] public partial ulong* @checked { get; }
        }
        """, expectedSources: 1);

    [Fact]
    public void A_keyword_containing_type_generates_and_compiles() => AssertCompiles($$"""
        public static partial class @static
        {
            [Coco.BinaryLayout] public partial struct @struct { public ulong @ulong; }
        }
        """, expectedSources: 1);

    [Fact]
    public void Types_whose_names_differ_only_in_case_get_two_files() => AssertCompiles($$"""
        namespace N
        {
            [Coco.EfiConfigurationTable("{{Guid}}")] public partial struct Tbl { public ulong A; }
            [Coco.EfiConfigurationTable("{{Guid2}}")] public partial struct tbl { public ulong A; }
        }
        namespace n
        {
            [Coco.BinaryLayout] public partial struct Tbl { public ulong A; }
        }
        """, expectedSources: 3);

    [Fact]
    public void Methods_whose_names_differ_only_in_case_and_overloads_get_their_own_files() => AssertCompiles(TdxCallTestSources.Usings + """
        public static partial class Calls
        {
            [TdCall(1)] public static partial TdxStatus Read(ulong a);
            [TdCall(2)] public static partial TdxStatus read(ulong a);
            [TdCall(3)] public static partial TdxStatus Read(ulong a, ulong b);
            [TdCall(4)] public static partial TdxStatus Read_1(ulong a);
            [TdCall(5)] public static partial TdxStatus Read_2(ulong a);
        }
        """, expectedSources: 5, harness: GeneratorHarness.TdxCalls);

    [Fact]
    public void A_table_attribute_on_both_parts_of_a_partial_struct_generates_once()
    {
        (GeneratorRunResult result, Compilation output) = Run($$"""
            [Coco.EfiConfigurationTable("{{Guid}}")] public partial struct Table { public ulong A; }
            [Coco.EfiConfigurationTable("{{Guid}}")] public partial struct Table { public ulong B; }
            """);

        Assert.Single(GeneratorHarness.DeclarationSources(result));
        // The compiler's own CS0579 (duplicate attribute) is all that is wrong.
        Assert.Equal(["CS0579"], GeneratorHarness.CompilerErrors(output).Select(d => d.Id).Distinct());
    }

    // Generated code that did not compile.

    [Fact]
    public void A_scoped_parameter_stays_scoped() => AssertCompiles(TdxCallTestSources.Usings + """
        public static partial class Calls
        {
            [TdCall(1)] public static partial TdxStatus Read(scoped ref ulong value, scoped in ulong other, out ulong result);
        }
        """, expectedSources: 1, harness: GeneratorHarness.TdxCalls);

    [Fact]
    public void Parameters_named_like_the_stubs_locals_compile() => AssertCompiles(TdxCallTestSources.Usings + """
        public static partial class Calls
        {
            [TdCall(1), RetryOnBusy(3)]
            public static partial TdxStatus Read(ulong __registers, ulong __status, out ulong __attempt, ulong __registers_);
        }
        """, expectedSources: 1, harness: GeneratorHarness.TdxCalls);

    [Theory]
    [InlineData("@checked")]
    [InlineData("@unchecked")]
    [InlineData("nameof")]
    [InlineData("@default")]
    public void A_stub_named_like_a_keyword_compiles(string name) => AssertCompiles(TdxCallTestSources.Usings + $$"""
        public static partial class Calls
        {
            [TdCall(1)] public static partial TdxStatus {{name}}(ulong @in, out ulong @out);
        }
        """, expectedSources: 1, harness: GeneratorHarness.TdxCalls);

    [Fact]
    public void A_file_local_struct_is_COCO1015() => AssertReported($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        file partial struct Table { public ulong A; }
        """, "COCO1015");

    [Fact]
    public void A_struct_in_a_file_local_class_is_COCO1015() => AssertReported("""
        file static partial class Outer
        {
            [Coco.BinaryLayout] public unsafe partial struct Record { public ulong A; [Coco.TrailingArray] public partial ulong* Items { get; } }
        }
        """, "COCO1015");

    [Fact]
    public void A_stub_in_a_file_local_class_is_COCO2001() => AssertReported(TdxCallTestSources.Usings + """
        file static partial class Calls
        {
            [TdCall(1)] public static partial TdxStatus Read(ulong a);
        }
        """, "COCO2001", GeneratorHarness.TdxCalls);

    [Fact]
    public void Fields_past_int_MaxValue_are_COCO1008() => AssertReported($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public unsafe partial struct Table { public fixed ulong A[200000000]; public fixed ulong B[200000000]; }
        """, "COCO1008");

    [Fact]
    public void A_binary_layout_past_int_MaxValue_is_refused() => AssertReported("""
        [Coco.BinaryLayout]
        public unsafe partial struct Record { public fixed ulong A[200000000]; public fixed ulong B[200000000]; [Coco.TrailingArray] public partial ulong* Items { get; } }
        """, "COCO1008");

    [Fact]
    public void A_pointer_to_pointer_trailing_array_compiles_in_a_binary_layout() => AssertCompiles("""
        [Coco.BinaryLayout(Size = 64)]
        public unsafe partial struct Record { public ulong Count; [Coco.TrailingArray] public partial byte** Items { get; } }
        """, expectedSources: 1);

    [Fact]
    public void A_trailing_property_the_user_implemented_is_COCO1006() => AssertReported("""
        [Coco.BinaryLayout(Size = 64)]
        public unsafe partial struct Record
        {
            public ulong Count;
            [Coco.TrailingArray] public partial ulong* Items { get; }
            public partial ulong* Items { get => null; }
        }
        """, "COCO1006");

    [Theory]
    [InlineData("protected")]
    [InlineData("private protected")]
    [InlineData("protected internal")]
    public void A_protected_trailing_array_is_COCO1006_not_a_protected_accessor(string accessibility) => AssertReported($$"""
        [Coco.BinaryLayout(Size = 64)]
        public unsafe partial struct Record { public ulong Count; [Coco.TrailingArray] {{accessibility}} partial ulong* Items { get; } }
        """, "COCO1006");

    [Theory]
    [InlineData("public const int HeaderSize = 4;", "HeaderSize")]
    [InlineData("public ulong SizeOffset;", "SizeOffset")]
    [InlineData("public static bool TryRead(System.ReadOnlySpan<byte> bytes, out Table table) { table = default; return false; }", "TryRead")]
    [InlineData("public struct BitsView { }", "BitsView")]
    [InlineData("public int Find() => 0;", "Find")]
    public void A_member_named_like_a_generated_one_is_COCO1016_on_that_member(string member, string name)
    {
        string source = $$"""
            [Coco.EfiConfigurationTable("{{Guid}}")]
            public unsafe partial struct Table
            {
                public ulong Size;
                {{member}}
                [Coco.TrailingArray, Coco.Bitmap(4096)] public partial ulong* Bits { get; }
            }
            """;
        Diagnostic diagnostic = AssertReported(source, "COCO1016");
        Assert.Equal(name, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void An_overload_of_a_generated_method_is_the_users_to_keep() => AssertCompiles($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public unsafe partial struct Table
        {
            public ulong Size;
            public static bool TryRead(byte* bytes, out Table table) { table = default; return false; }
            public static Table* Find(int instance) => null;
        }
        """, expectedSources: 1);

    [Fact]
    public void A_struct_named_like_a_generated_member_is_COCO1016() => AssertReported("""
        [Coco.BinaryLayout] public partial struct LayoutSize { public ulong A; }
        """, "COCO1016");

    private static (GeneratorRunResult Result, Compilation Output) Run(string source, GeneratorHarness? harness = null)
    {
        harness ??= GeneratorHarness.Layouts;
        (GeneratorRunResult result, Compilation output) = harness.Run(harness.Compilation(source));
        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
        return (result, output);
    }

    private static void AssertCompiles(string source, int expectedSources, GeneratorHarness? harness = null)
    {
        harness ??= GeneratorHarness.Layouts;
        (GeneratorRunResult result, Compilation output) = Run(source, harness);
        Assert.Empty(harness.Reported(result, output));
        Assert.Empty(GeneratorHarness.CompilerErrors(output));
        Assert.Equal(expectedSources, GeneratorHarness.DeclarationSources(result).Count());
    }

    private static Diagnostic AssertReported(string source, string id, GeneratorHarness? harness = null)
    {
        harness ??= GeneratorHarness.Layouts;
        (GeneratorRunResult result, Compilation output) = Run(source, harness);
        Assert.Empty(GeneratorHarness.DeclarationSources(result));
        Assert.DoesNotContain(harness.Analyze(output), d => d.Id == "AD0001");
        return Assert.Single(harness.Reported(result, output), d => d.Id == id);
    }
}
