using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace Coco.Generators.Tests;

/// <summary>[AcpiTable]: the generated members compiled and loaded (packed layout, constants,
/// header initialization, checksum and check), its diagnostics, and [StructLayout(Pack)] on a
/// nested struct read as C's #pragma pack.</summary>
public sealed class AcpiTableTests
{
    private const string Guid = "d5d1de3c-105c-44f9-9ea9-bcef98120031";

    [Fact]
    public void Ccel_is_laid_out_as_ACPI_6_5_states_it()
    {
        Assembly assembly = CompileAndLoad(AcpiTableTestSources.Ccel);
        Type ccel = assembly.GetTypes().Single(t => t.Name == "Ccel");

        Assert.Equal(56, Constant(ccel, "TableSize"));
        Assert.Equal(56, SizeOf(ccel));
        Assert.Equal("CCEL", ccel.GetField("TableSignature")!.GetRawConstantValue());
        Assert.Equal(0x4C454343u, ccel.GetField("TableSignatureValue")!.GetRawConstantValue());
        Assert.Equal((byte)1, ccel.GetField("TableRevision")!.GetRawConstantValue());
        AssertOffsetsMatchTheRuntime(ccel);
    }

    [Fact]
    public void A_trailing_array_follows_the_fields_directly_and_the_generated_members_work()
    {
        Assembly assembly = CompileAndLoad(AcpiTableTestSources.McfgAndNested);
        Type mcfg = assembly.GetTypes().Single(t => t.Name == "Mcfg");
        Assert.Equal((44, 44, 16), (Constant(mcfg, "TableSize"), Constant(mcfg, "AllocationsOffset"), Constant(mcfg, "AllocationsElementSize")));
        Assert.Equal(44, SizeOf(mcfg));
        AssertOffsetsMatchTheRuntime(mcfg);

        string? failure = (string?)assembly.GetTypes().Single(t => t.Name == "Probe").GetMethod("Run")!.Invoke(null, null);
        Assert.Null(failure);
    }

    [Fact]
    public void A_nested_struct_with_Pack_is_laid_out_as_pragma_pack()
    {
        Assembly assembly = CompileAndLoad(AcpiTableTestSources.McfgAndNested);
        Type table = assembly.GetTypes().Single(t => t.Name == "WithPackedInner");

        // GenericAddress is 12 bytes aligned to 1: Register at 1, After at 16 (13 aligned to 4).
        Assert.Equal((1, 16, 20), (Constant(table, "RegisterOffset"), Constant(table, "AfterOffset"), Constant(table, "HeaderSize")));
        AssertOffsetsMatchTheRuntime(table);
        Assert.Equal(20, SizeOf(table));
    }

    [Theory]
    [InlineData("ccel")]
    [InlineData("CCE")]
    [InlineData("CCELX")]
    [InlineData("CC L")]
    [InlineData("")]
    [InlineData("!ASF")]
    public void COCO1018_signature_not_four_capitals_digits_or_underscores(string signature) => AnalyzerTests.AssertDiagnostics($$"""
        [{|COCO1018:Coco.AcpiTable("{{signature}}")|}]
        public partial struct Table { public Coco.Acpi.AcpiTableHeader Header; public uint A; }
        """);

    [Theory]
    [InlineData("SSDT")]
    [InlineData("TPM2")]
    [InlineData("OEM_")]
    [InlineData("ASF!")]
    public void Signatures_ACPICA_accepts_are_accepted(string signature) => AnalyzerTests.AssertDiagnostics($$"""
        [Coco.AcpiTable("{{signature}}", Revision = 4)]
        public partial struct Table { public Coco.Acpi.AcpiTableHeader Header; public uint A; }
        """);

    [Theory]
    [InlineData("public uint A; public Coco.Acpi.AcpiTableHeader Header;")]
    [InlineData("public uint A;")]
    [InlineData("public Coco.Acpi.AcpiTableHeader Header { get; set; } public uint A;")]
    public void COCO1019_table_not_beginning_with_its_header_field(string members) => AnalyzerTests.AssertDiagnostics($$"""
        [Coco.AcpiTable("CCEL")]
        public partial struct {|COCO1019:Table|} { {{members}} }
        """);

    [Fact]
    public void COCO1008_a_struct_layout_of_its_own()
    {
        AnalyzerTests.AssertDiagnostics("""
            [Coco.AcpiTable("CCEL")]
            [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 1)]
            public partial struct {|COCO1008:Table|} { public Coco.Acpi.AcpiTableHeader Header; public ulong A; }
            """, ignoreCompilerErrors: true);
    }

    [Theory]
    [InlineData("[Coco.BinaryLayout]", "AcpiTable", "BinaryLayout")]
    [InlineData("[Coco.EfiConfigurationTable(\"" + Guid + "\")]", "EfiConfigurationTable", "AcpiTable")]
    public void COCO1013_an_acpi_table_and_another_kind(string other, string first, string second)
    {
        AnalyzerTests.AssertDiagnostics($$"""
            [Coco.AcpiTable("CCEL")]
            {{other}}
            public partial struct {|COCO1013:Table|} { public Coco.Acpi.AcpiTableHeader Header; public ulong A; }
            """);
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Layouts.Run(TestCompilation.Create($$"""
            [Coco.AcpiTable("CCEL")]
            {{other}}
            public partial struct Table { public Coco.Acpi.AcpiTableHeader Header; public ulong A; }
            """));
        Diagnostic reported = Assert.Single(GeneratorHarness.Layouts.Reported(result, output));
        Assert.Contains("[" + first + "] and [" + second + "]", reported.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void COCO1016_a_member_named_like_a_generated_one() => AnalyzerTests.AssertDiagnostics("""
        [Coco.AcpiTable("CCEL")]
        public unsafe partial struct Table
        {
            public Coco.Acpi.AcpiTableHeader Header;
            public ulong A;
            public const int {|COCO1016:TableSize|} = 3;
            public static bool {|COCO1016:IsValid|}(Table* table) => true;
            public static bool IsValid(Table table) => true;
        }
        """);

    private static void AssertOffsetsMatchTheRuntime(Type type)
    {
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public))
        {
            Assert.Equal(Constant(type, field.Name + "Offset"), (int)Marshal.OffsetOf(type, field.Name));
        }
    }

    private static int SizeOf(Type type) => (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    private static int Constant(Type type, string name) =>
        (int)(type.GetField(name, BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException(type.Name + " has no " + name)).GetRawConstantValue()!;

    private static Assembly CompileAndLoad(params string[] sources)
    {
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Layouts.Run(TestCompilation.Create(sources));
        Assert.Empty(GeneratorHarness.Layouts.Reported(result, output));
        using var image = new MemoryStream();
        EmitResult emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext("acpi-tables", isCollectible: true).LoadFromStream(image);
    }
}
