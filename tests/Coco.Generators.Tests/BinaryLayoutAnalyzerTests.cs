using static Coco.Generators.Tests.AnalyzerTests;

namespace Coco.Generators.Tests;

/// <summary>The [BinaryLayout] and [LayoutOffset] rules: each ID at the exact span it reports,
/// marked as {|ID:span|}; unmarked code must stay silent.</summary>
public sealed class BinaryLayoutAnalyzerTests
{
    [Fact]
    public void Valid_binary_layouts_have_no_diagnostics()
    {
        AssertDiagnostics(BinaryLayoutTestSources.TdmrInfo);
        AssertDiagnostics(BinaryLayoutTestSources.Shapes);
    }

    [Fact]
    public void COCO1001_binary_layout_not_partial() => AssertDiagnostics("""
        [Coco.BinaryLayout(Size = 16)]
        public struct {|COCO1001:Record|} { public ulong A; }
        """);

    [Theory]
    [InlineData("Size = 8", "public ulong A; public uint B;")]                    // below the fields' end (12)
    [InlineData("Size = 12", "public ulong A; public uint B;")]                   // not a multiple of the alignment 8
    [InlineData("Size = 96, Alignment = 64", "public ulong A;")]                  // not a multiple of 64
    [InlineData("Size = -16", "public ulong A;")]
    public void COCO1010_size_that_cannot_hold_the_record(string arguments, string fields) => AssertDiagnostics($$"""
        [{|COCO1010:Coco.BinaryLayout({{arguments}})|}]
        public partial struct Record { {{fields}} }
        """);

    [Theory]
    [InlineData("Size = 64")]   // the fields fill the record
    [InlineData("")]            // C's sizeof: the array starts where the record ends
    public void COCO1010_no_room_for_the_trailing_array(string arguments) => AssertDiagnostics($$"""
        [{|COCO1010:Coco.BinaryLayout({{arguments}})|}]
        public unsafe partial struct Record
        {
            public fixed ulong Header[8];
            [Coco.TrailingArray] public partial ulong* Items { get; }
        }
        """, ignoreCompilerErrors: true);

    [Theory]
    [InlineData("Alignment = 3")]
    [InlineData("Alignment = -8")]
    [InlineData("Alignment = 4")]   // below the ulong's 8
    public void COCO1011_alignment_C_cannot_give(string arguments) => AssertDiagnostics($$"""
        [{|COCO1011:Coco.BinaryLayout({{arguments}})|}]
        public partial struct Record { public uint A; public ulong B; }
        """);

    [Fact]
    public void COCO1012_field_and_trailing_array_offsets_checked_against_C() => AssertDiagnostics("""
        [Coco.BinaryLayout(Size = 64)]
        public unsafe partial struct Record
        {
            [Coco.LayoutOffset(0)] public uint A;
            [{|COCO1012:Coco.LayoutOffset(4)|}] public ulong B;
            [Coco.TrailingArray, {|COCO1012:Coco.LayoutOffset(12)|}] public partial uint* Items { get; }
        }
        """);

    [Fact]
    public void COCO1012_applies_to_configuration_tables_and_auto_properties() => AssertDiagnostics("""
        [Coco.EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
        public partial struct Table
        {
            [Coco.LayoutOffset(0)] public uint Version { get; set; }
            [{|COCO1012:Coco.LayoutOffset(4)|}] public ulong Base;
        }
        """);

    [Fact]
    public void COCO1013_table_and_binary_layout() => AssertDiagnostics("""
        [Coco.BinaryLayout]
        [Coco.EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
        public partial struct {|COCO1013:Both|} { public ulong A; }
        """);

    [Fact]
    public void COCO1014_offset_on_members_that_are_not_laid_out() => AssertDiagnostics("""
        [Coco.BinaryLayout]
        public partial struct Record
        {
            public ulong A;
            [{|COCO1014:Coco.LayoutOffset(8)|}] public static ulong Shared;
            [{|COCO1014:Coco.LayoutOffset(8)|}] public const ulong Constant = 1;
            [{|COCO1014:Coco.LayoutOffset(8)|}] public ulong Computed => A;
        }
        """);

    [Fact]
    public void COCO1014_layout_attributes_outside_a_layout_struct() => AssertDiagnostics("""
        public unsafe partial struct Plain
        {
            [{|COCO1014:Coco.LayoutOffset(0)|}] public ulong A;
            [{|COCO1014:Coco.Bitmap(4096)|}] public ulong Bits;
        }

        public unsafe partial class Holder
        {
            [{|COCO1014:Coco.TrailingArray|}] public partial ulong* Items { get; }
        }
        """, ignoreCompilerErrors: true);

    [Theory]
    [InlineData("[StructLayout(LayoutKind.Sequential, Size = 32)]")]
    [InlineData("[StructLayout(LayoutKind.Sequential)]")]
    [InlineData("[StructLayout(LayoutKind.Explicit, Size = 16)]")]
    [InlineData("[StructLayout(LayoutKind.Sequential, Pack = 4, Size = 16)]")]
    public void COCO1008_struct_layout_other_than_the_declared_one(string layout) => AssertDiagnostics($$"""
        using System.Runtime.InteropServices;

        [Coco.BinaryLayout(Size = 16)]
        {{layout}}
        public partial struct {|COCO1008:Record|} { public ulong A; }
        """);

    [Fact]
    public void COCO1008_over_aligned_record_inside_another_struct() => AssertDiagnostics("""
        [Coco.BinaryLayout(Size = 512, Alignment = 512)]
        public partial struct Aligned { public ulong A; }

        [Coco.BinaryLayout]
        public partial struct Outer
        {
            public uint Tag;
            public Aligned {|COCO1008:Inner|};
        }
        """);

    [Fact]
    public void A_record_inside_a_table_keeps_its_declared_size() => AssertDiagnostics("""
        [Coco.BinaryLayout(Size = 32)]
        public partial struct Entry { public ulong A; }

        [Coco.EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
        public partial struct Table
        {
            public Entry First;
            [Coco.LayoutOffset(32)] public Entry Second;
            [Coco.LayoutOffset(64)] public uint Count;
        }
        """);
}
