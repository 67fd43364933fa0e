using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Coco.Generators.Tests;

/// <summary>Each analyzer rule: the ID and the exact span it reports, marked in the source
/// as {|ID:span|}; unmarked code must stay silent.</summary>
public sealed class AnalyzerTests
{
    private const string Guid = "d5d1de3c-105c-44f9-9ea9-bcef98120031";

    [Fact]
    public void A_valid_table_has_no_diagnostics() => AssertDiagnostics(TestSources.UnacceptedMemoryTable);

    [Fact]
    public void COCO1001_struct_not_partial() => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public struct {|COCO1001:Table|} { public uint A; }
        """);

    [Fact]
    public void COCO1001_containing_type_not_partial() => AssertDiagnostics($$"""
        public class Outer
        {
            [Coco.EfiConfigurationTable("{{Guid}}")]
            public partial struct {|COCO1001:Table|} { public uint A; }
        }
        """);

    [Theory]
    [InlineData("string", "Name")]
    [InlineData("object", "Value")]
    [InlineData("bool", "Flag")]
    [InlineData("char", "Letter")]
    [InlineData("int[]", "Items")]
    [InlineData("System.Span<byte>", "Window")]
    public void COCO1002_field_not_blittable(string type, string name) => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public partial struct Table
        {
            public uint A;
            public {{type}} {|COCO1002:{{name}}|};
        }
        """);

    [Fact]
    public void COCO1002_struct_field_with_a_reference_inside() => AssertDiagnostics($$"""
        public struct Holder { public string Text; }

        [Coco.EfiConfigurationTable("{{Guid}}")]
        public partial struct Table
        {
            public Holder {|COCO1002:Inner|};
        }
        """);

    [Theory]
    [InlineData("")]
    [InlineData("d5d1de3c-105c-44f9-9ea9-bcef9812003")]
    [InlineData("d5d1de3c-105c-44f9-9ea9-bcef981200311")]
    [InlineData("d5d1de3c105c-44f9-9ea9-bcef98120031-")]
    [InlineData("g5d1de3c-105c-44f9-9ea9-bcef98120031")]
    [InlineData("{d5d1de3c-105c-44f9-9ea9-bcef98120031")]
    [InlineData("d5d1de3c-105c-44f9-9ea9-bcef9812003 ")]
    public void COCO1003_malformed_guid(string guid) => AssertDiagnostics($$"""
        [{|COCO1003:Coco.EfiConfigurationTable("{{guid}}")|}]
        public partial struct Table { public uint A; }
        """);

    [Fact]
    public void COCO1003_null_guid() => AssertDiagnostics("""
        [{|COCO1003:Coco.EfiConfigurationTable(null)|}]
        public partial struct Table { public uint A; }
        """);

    [Fact]
    public void Braced_and_upper_case_guids_are_accepted() => AssertDiagnostics("""
        [Coco.EfiConfigurationTable("{D5D1DE3C-105C-44F9-9EA9-BCEF98120031}")]
        public partial struct Table { public uint A; }
        """);

    [Fact]
    public void COCO1004_same_guid_on_two_tables() => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public partial struct {|COCO1004:First|} { public uint A; }

        [Coco.EfiConfigurationTable("{{Guid.ToUpperInvariant()}}")]
        public partial struct {|COCO1004:Second|} { public uint A; }

        [Coco.EfiConfigurationTable("00000000-0000-0000-0000-000000000001")]
        public partial struct Other { public uint A; }
        """);

    [Fact]
    public void COCO1005_field_after_the_trailing_member() => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public unsafe partial struct Table
        {
            public uint A;
            [Coco.TrailingArray] public partial uint* {|COCO1005:Items|} { get; }
            public uint B;
        }
        """);

    [Fact]
    public void COCO1005_two_trailing_members() => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public unsafe partial struct Table
        {
            public uint A;
            [Coco.TrailingArray] public partial uint* {|COCO1005:Items|} { get; }
            [Coco.TrailingArray] public partial uint* More { get; }
        }
        """);

    [Theory]
    [InlineData("[Coco.TrailingArray] public ulong[] {|COCO1006:Items|};")]
    [InlineData("[Coco.TrailingArray] public partial ulong {|COCO1006:Items|} { get; }")]
    [InlineData("[Coco.TrailingArray] public partial ulong* {|COCO1006:Items|} { get; set; }")]
    [InlineData("[Coco.TrailingArray] public static partial ulong* {|COCO1006:Items|} { get; }")]
    [InlineData("[Coco.TrailingArray] public ulong* {|COCO1006:Items|} => null;")]
    [InlineData("[Coco.TrailingArray] public partial string* {|COCO1006:Items|} { get; }")]
    public void COCO1006_trailing_member_not_array_like(string member) => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public unsafe partial struct Table
        {
            public ulong A;
            {{member}}
        }
        """, ignoreCompilerErrors: true);

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("2048")]
    [InlineData("3000")]
    [InlineData("4097")]
    [InlineData("6144")]
    public void COCO1007_bad_unit_size(string unitSize) => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public unsafe partial struct Table
        {
            public ulong A;
            [Coco.TrailingArray, {|COCO1007:Coco.Bitmap({{unitSize}})|}] public partial ulong* Bits { get; }
        }
        """, ignoreCompilerErrors: true);

    [Theory]
    [InlineData("4096")]
    [InlineData("2097152")]
    [InlineData("0x8000000000000000")]
    public void Power_of_two_unit_sizes_from_4_KiB_are_accepted(string unitSize) => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public unsafe partial struct Table
        {
            public ulong A;
            [Coco.TrailingArray, Coco.Bitmap({{unitSize}})] public partial ulong* Bits { get; }
        }
        """);

    [Theory]
    [InlineData("[StructLayout(LayoutKind.Sequential, Pack = 1)]", "public ulong A; public byte B;")]
    [InlineData("[StructLayout(LayoutKind.Explicit)]", "[FieldOffset(0)] public ulong A;")]
    [InlineData("[StructLayout(LayoutKind.Auto)]", "public ulong A;")]
    [InlineData("[StructLayout(LayoutKind.Sequential, Size = 12)]", "public ulong A;")]
    public void COCO1008_struct_layout_that_C_would_not_give(string layout, string fields) => AssertDiagnostics($$"""
        using System.Runtime.InteropServices;

        [Coco.EfiConfigurationTable("{{Guid}}")]
        {{layout}}
        public partial struct {|COCO1008:Table|} { {{fields}} }
        """);

    [Fact]
    public void Pack_at_or_above_the_natural_alignment_changes_nothing() => AssertDiagnostics($$"""
        using System.Runtime.InteropServices;

        [Coco.EfiConfigurationTable("{{Guid}}")]
        [StructLayout(LayoutKind.Sequential, Pack = 8, Size = 16)]
        public partial struct Table { public ulong A; public byte B; }
        """);

    [Fact]
    public void COCO1008_trailing_array_more_aligned_than_the_fields() => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public unsafe partial struct {|COCO1008:Table|}
        {
            public uint A;
            [Coco.TrailingArray] public partial ulong* Items { get; }
        }
        """, ignoreCompilerErrors: true);

    [Fact]
    public void A_nested_struct_with_Pack_is_read_as_pragma_pack() => AssertDiagnostics($$"""
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public struct Packed { public byte A; public uint B; }

        [Coco.EfiConfigurationTable("{{Guid}}")]
        public partial struct Table { public Packed Inner; }
        """);

    [Fact]
    public void COCO1008_table_without_fields() => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public partial struct {|COCO1008:Table|} { }
        """);

    [Fact]
    public void COCO1009_bitmap_without_trailing_array() => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public partial struct Table
        {
            public ulong A;
            [Coco.Bitmap(4096)] public ulong {|COCO1009:Bits|};
        }
        """);

    [Fact]
    public void COCO1009_bitmap_over_32_bit_words() => AssertDiagnostics($$"""
        [Coco.EfiConfigurationTable("{{Guid}}")]
        public unsafe partial struct Table
        {
            public ulong A;
            [Coco.TrailingArray, Coco.Bitmap(4096)] public partial uint* {|COCO1009:Bits|} { get; }
        }
        """, ignoreCompilerErrors: true);

    [Fact]
    public void Every_descriptor_has_an_id_title_message_and_help_page()
    {
        DiagnosticDescriptor[] descriptors = GeneratorHarness.Layouts.Analyzers.SelectMany(a => a.SupportedDiagnostics).ToArray();
        string repositoryRoot = Path.GetFullPath(Path.Combine(Infrastructure.SnapshotVerifier.Directory, "..", "..", ".."));

        Assert.Equal(19, descriptors.Select(d => d.Id).Distinct().Count());
        foreach (DiagnosticDescriptor descriptor in descriptors)
        {
            Assert.Matches("^COCO1[0-9]{3}$", descriptor.Id);
            Assert.NotEmpty(descriptor.Title.ToString());
            Assert.Contains("'{0}'", descriptor.MessageFormat.ToString(), StringComparison.Ordinal);
            Assert.EndsWith("docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(repositoryRoot, "docs", "diagnostics", descriptor.Id + ".md")), descriptor.Id + " has no help page");
            string unshipped = File.ReadAllText(Path.Combine(repositoryRoot, "src", "Coco.Generators", "AnalyzerReleases.Unshipped.md"));
            Assert.Contains(descriptor.Id + " |", unshipped, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_rule_has_one_analyzer_in_a_file_named_after_it_beside_its_feature()
    {
        string root = Path.GetFullPath(Path.Combine(Infrastructure.SnapshotVerifier.Directory, "..", "..", ".."));
        Type[] analyzers = typeof(LayoutGenerator).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer).IsAssignableFrom(type))
            .ToArray();
        var rulesOf = analyzers.ToDictionary(
            type => type,
            type => ((Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics.Select(d => d.Id).ToArray());

        foreach (DiagnosticDescriptor rule in Coco.Generators.Common.Rules.All)
        {
            Type analyzer = Assert.Single(analyzers, type => rulesOf[type].Contains(rule.Id));
            Assert.Equal([rule.Id], rulesOf[analyzer]);
            // Coco.Generators.<Feature>.Analyzers.<Name> lives in src/Coco.Generators/<Feature>/Analyzers/<Name>.cs.
            string feature = analyzer.Namespace!.Split('.')[2];
            Assert.True(File.Exists(Path.Combine(root, "src", "Coco.Generators", feature, "Analyzers", analyzer.Name + ".cs")), analyzer.FullName + " is not in a file of its name");
        }
        Assert.Equal(Coco.Generators.Common.Rules.All.Count(), analyzers.Length);
    }

    internal static void AssertDiagnostics(string markup, bool ignoreCompilerErrors = false)
    {
        (string source, IReadOnlyList<(string Id, TextSpan Span)> expected) = Markup.Parse(markup);
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Layouts.Run(TestCompilation.Create(source));
        Assert.Null(result.Exception);
        if (!ignoreCompilerErrors && expected.Count == 0)
        {
            Assert.Empty(GeneratorHarness.CompilerErrors(output));
        }

        var actual = GeneratorHarness.Layouts.Reported(result, output)
            .Select(d => (d.Id, d.Location.SourceSpan, FilePath: d.Location.GetLineSpan().Path, Message: d.GetMessage()))
            .ToArray();

        Assert.All(actual, d => Assert.Equal("Input0.cs", d.FilePath));
        Assert.Equal(
            expected.Select(e => e.Id + "@" + e.Span).OrderBy(s => s, StringComparer.Ordinal),
            actual.Select(d => d.Id + "@" + d.SourceSpan).OrderBy(s => s, StringComparer.Ordinal));
        // Each message names the symbol it is about (the marked text, when it is a name).
        foreach ((string id, TextSpan span) in expected)
        {
            string marked = source.Substring(span.Start, span.Length);
            if (System.Text.RegularExpressions.Regex.IsMatch(marked, "^[A-Za-z_][A-Za-z0-9_]*$"))
            {
                Assert.Contains(actual, d => d.Id == id && d.Message.Contains("'" + marked + "'", StringComparison.Ordinal));
            }
        }
    }
}
