using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coco.Benchmarks.Generators
{
    /// <summary>What the generator benchmarks compile: many annotated declarations of one kind,
    /// one per file as in a real project, plus one unrelated file that the edit benchmarks
    /// change. The shapes are the repository's own: Linux's unaccepted-memory table, TDX's
    /// TDMR_INFO, a two-in one-out TDCALL.</summary>
    public static class GeneratorWorkload
    {
        public const string UnrelatedPath = "Unrelated.cs";

        public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

        /// <summary>The kinds of declaration a workload holds.</summary>
        public static readonly string[] Kinds = { "Table", "BinaryLayout", "TdxCall" };

        /// <summary>The annotated declarations, one file each.</summary>
        public static IReadOnlyList<string> Declarations(string kind, int count) => Files(kind, count, handWritten: false);

        /// <summary>The same declarations without Coco and without what it generates: the struct
        /// and its fields, the trailing array as an ordinary pointer property, the call as a
        /// plain static method. What the declarations alone cost the compiler.</summary>
        public static IReadOnlyList<string> BareDeclarations(string kind, int count) => Files(kind, count, handWritten: true);

        /// <summary>What the generated code gives each declaration, written by hand in one file
        /// as a user without the generator would: the same members calling the same Coco.Runtime
        /// helpers. The baseline the generated code's compile cost is measured against.</summary>
        public static IReadOnlyList<string> HandWrittenEquivalent(string kind, int count) =>
            Enumerable.Range(0, count).Select(i => kind switch
            {
                "Table" => TableEquivalent(i),
                "BinaryLayout" => BinaryLayoutEquivalent(i),
                "TdxCall" => TdxCallEquivalent(i),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a workload kind"),
            }).ToArray();

        private static IReadOnlyList<string> Files(string kind, int count, bool handWritten) =>
            Enumerable.Range(0, count).Select(i => kind switch
            {
                "Table" => Table(i, handWritten),
                "BinaryLayout" => BinaryLayout(i, handWritten),
                "TdxCall" => TdxCall(i, handWritten),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a workload kind"),
            }).ToArray();

        public static string Unrelated(int version) =>
            "namespace Bench.Other { internal static class Unrelated { public const int Version = " + version.ToString(CultureInfo.InvariantCulture) + "; } }\n";

        /// <summary>A compilation of <paramref name="files"/> and the unrelated file, against the
        /// .NET library, Coco.Runtime and Coco.Runtime.Tdx.</summary>
        public static CSharpCompilation Compilation(IEnumerable<string> files)
        {
            var trees = files.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: "Decl" + i.ToString(CultureInfo.InvariantCulture) + ".cs")).ToList();
            trees.Add(CSharpSyntaxTree.ParseText(Unrelated(0), ParseOptions, path: UnrelatedPath));
            return CSharpCompilation.Create("GeneratorBench", trees, References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, optimizationLevel: OptimizationLevel.Release));
        }

        /// <summary>The compilation after an edit of the unrelated file: a new compilation (its
        /// symbols bound afresh, as after a keystroke in an IDE) sharing every other tree.</summary>
        public static CSharpCompilation Edit(CSharpCompilation compilation, int version)
        {
            SyntaxTree old = compilation.SyntaxTrees.Single(tree => tree.FilePath == UnrelatedPath);
            return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(Unrelated(version), ParseOptions, path: UnrelatedPath));
        }

        public static readonly Lazy<MetadataReference[]> References = new(() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .Append(MetadataReference.CreateFromFile(typeof(Coco.Uefi.EfiGuid).Assembly.Location))
                .Append(MetadataReference.CreateFromFile(typeof(Coco.Tdx.Abi.TdxStatus).Assembly.Location))
                .ToArray());

        private static string Namespace(int i) => "Bench.Group" + (i % 16).ToString(CultureInfo.InvariantCulture);

        private static string Table(int i, bool handWritten)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            string guid = "d5d1de3c-105c-44f9-9ea9-" + i.ToString("x12", CultureInfo.InvariantCulture);
            return "namespace " + Namespace(i) + "\n{\n"
                + (handWritten ? "" : "    [Coco.EfiConfigurationTable(\"" + guid + "\")]\n")
                + "    public unsafe partial struct Table" + n + "\n    {\n"
                + "        public uint Version;\n"
                + "        public uint UnitSize;\n"
                + "        public ulong PhysBase;\n"
                + "        public ulong Size;\n"
                + (handWritten
                    ? "        public ulong* Bitmap => null;\n"
                    : "        [Coco.TrailingArray, Coco.Bitmap(2097152)] public partial ulong* Bitmap { get; }\n")
                + "    }\n}\n";
        }

        private static string BinaryLayout(int i, bool handWritten)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            var text = new StringBuilder();
            text.Append("namespace ").Append(Namespace(i)).Append("\n{\n");
            text.Append("    public struct Area").Append(n).Append(" { public ulong Offset; public ulong Size; }\n");
            text.Append(handWritten ? "" : "    [Coco.BinaryLayout(Size = 512, Alignment = 512)]\n");
            text.Append("    public unsafe partial struct Record").Append(n).Append("\n    {\n");
            foreach (string field in new[] { "Base", "Size", "Pamt1GBase", "Pamt1GSize", "Pamt2MBase", "Pamt2MSize", "Pamt4KBase", "Pamt4KSize" })
            {
                text.Append("        public ulong ").Append(field).Append(";\n");
            }
            text.Append(handWritten
                ? "        public Area" + n + "* Areas => null;\n"
                : "        [Coco.TrailingArray, Coco.LayoutOffset(64)] public partial Area" + n + "* Areas { get; }\n");
            text.Append("    }\n}\n");
            return text.ToString();
        }

        private static string TdxCall(int i, bool handWritten) =>
            "namespace " + Namespace(i) + "\n{\n"
            + "    public static partial class Calls" + i.ToString(CultureInfo.InvariantCulture) + "\n    {\n"
            + (handWritten
                ? "        public static global::Coco.Tdx.Abi.TdxStatus Call(ulong a, ulong b, out ulong c) { c = a + b; return default; }\n"
                : "        [Coco.TdCall(" + (i % 64).ToString(CultureInfo.InvariantCulture) + ")]\n"
                  + "        public static partial global::Coco.Tdx.Abi.TdxStatus Call(ulong a, ulong b, out ulong c);\n")
            + "    }\n}\n";
    
        private static string TableEquivalent(int i)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            string x = i.ToString("x12", CultureInfo.InvariantCulture);
            string guidTail = string.Join(", ", Enumerable.Range(0, 6).Select(b => "0x" + x.Substring(b * 2, 2)));
            return @"using System;
using Coco.Bitmaps;
using Coco.Layouts;
using Coco.Uefi;

namespace " + Namespace(i) + @"
{
    public unsafe struct Table" + n + @"
    {
        public const string TableGuidText = ""d5d1de3c-105c-44f9-9ea9-" + x + @""";
        public const int HeaderSize = 24;
        public const int HeaderAlignment = 8;
        public const int VersionOffset = 0;
        public const int UnitSizeOffset = 4;
        public const int PhysBaseOffset = 8;
        public const int SizeOffset = 16;
        public const int BitmapOffset = 24;
        public const int BitmapElementSize = 8;

        public uint Version;
        public uint UnitSize;
        public ulong PhysBase;
        public ulong Size;

        public ulong* Bitmap { get { fixed (Table" + n + @"* self = &this) { return (ulong*)((byte*)self + BitmapOffset); } } }
        public static ulong SizeWithTrailing(ulong count) => TrailingArray.SizeWith(HeaderSize, BitmapElementSize, count);
        public static bool TryRead(ReadOnlySpan<byte> source, out Table" + n + @" header) => LayoutBytes.TryRead(source, out header);
        public static bool TryWrite(in Table" + n + @" header, Span<byte> destination) => LayoutBytes.TryWrite(in header, destination);
        public static EfiGuid TableGuid => new EfiGuid(0xD5D1DE3C, 0x105C, 0x44F9, 0x9E, 0xA9, " + guidTail + @");
        public static EfiStatus Install(in Table" + n + @" header, ulong trailingCount, out Table" + n + @"* table) => ConfigurationTables.Install(in header, SizeWithTrailing(trailingCount), TableGuid, EfiMemoryType.AcpiReclaimMemory, out table);
        public static EfiStatus Install(in Table" + n + @" header, ulong trailingCount, EfiMemoryType memoryType, out Table" + n + @"* table) => ConfigurationTables.Install(in header, SizeWithTrailing(trailingCount), TableGuid, memoryType, out table);
        public static Table" + n + @"* Find() => ConfigurationTables.Find<Table" + n + @">(TableGuid);

        public readonly struct BitmapView : IWordBitmapView
        {
            public const ulong UnitSize = 2097152;
            public const int UnitShift = 21;
            public BitmapView(ulong* words, ulong bitCount) => Bits = new WordBitmap(words, bitCount);
            public WordBitmap Bits { get; }
            public ulong* Words => Bits.Words;
            public ulong BitCount => Bits.BitCount;
            public ulong WordCount => Bits.WordCount;
            public static ulong BitOfAddress(ulong address, ulong baseAddress) => WordBitmap.BitOfAddress(address, baseAddress, UnitShift);
            public static ulong AddressOfBit(ulong bit, ulong baseAddress) => WordBitmap.AddressOfBit(bit, baseAddress, UnitShift);
        }
    }
}
";
        }

        private static string BinaryLayoutEquivalent(int i)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            var text = new StringBuilder();
            text.Append("using System;\nusing System.Runtime.InteropServices;\nusing Coco.Layouts;\n\nnamespace ").Append(Namespace(i)).Append("\n{\n");
            text.Append("    public struct Area").Append(n).Append(" { public ulong Offset; public ulong Size; }\n");
            text.Append("    [StructLayout(LayoutKind.Sequential, Size = 512)]\n");
            text.Append("    public unsafe struct Record").Append(n).Append("\n    {\n");
            text.Append("        public const int LayoutSize = 512;\n        public const int LayoutAlignment = 512;\n");
            string[] fields = { "Base", "Size", "Pamt1GBase", "Pamt1GSize", "Pamt2MBase", "Pamt2MSize", "Pamt4KBase", "Pamt4KSize" };
            for (int f = 0; f < fields.Length; f++)
            {
                text.Append("        public const int ").Append(fields[f]).Append("Offset = ").Append((f * 8).ToString(CultureInfo.InvariantCulture)).Append(";\n");
            }
            text.Append("        public const int AreasOffset = 64;\n        public const int AreasElementSize = 16;\n        public const int AreasCapacity = 28;\n\n");
            foreach (string field in fields)
            {
                text.Append("        public ulong ").Append(field).Append(";\n");
            }
            string area = "Area" + n;
            string record = "Record" + n;
            text.Append("\n        public " + area + "* Areas { get { fixed (" + record + "* self = &this) { return (" + area + "*)((byte*)self + AreasOffset); } } }\n");
            text.Append("        public readonly " + area + " AreasAt(int index) { fixed (" + record + "* self = &this) { return *(" + area + "*)TrailingArray.Element((byte*)self + AreasOffset, AreasCapacity, AreasElementSize, index); } }\n");
            text.Append("        public void SetAreasAt(int index, in " + area + " value) { fixed (" + record + "* self = &this) { *(" + area + "*)TrailingArray.Element((byte*)self + AreasOffset, AreasCapacity, AreasElementSize, index) = value; } }\n");
            text.Append("        public static bool TryRead(ReadOnlySpan<byte> source, out " + record + " record) => LayoutBytes.TryRead(source, out record);\n");
            text.Append("        public static bool TryWrite(in " + record + " record, Span<byte> destination) => LayoutBytes.TryWrite(in record, destination);\n");
            text.Append("    }\n}\n");
            return text.ToString();
        }

        private static string TdxCallEquivalent(int i) =>
            "using Coco.Tdx.Abi;\nusing Coco.Tdx.Guest;\n\nnamespace " + Namespace(i) + "\n{\n"
            + "    public static unsafe class Calls" + i.ToString(CultureInfo.InvariantCulture) + "\n    {\n"
            + "        public static TdxStatus Call(ulong a, ulong b, out ulong c)\n        {\n"
            + "            TdxRegisters registers = default;\n"
            + "            registers.Rax = " + (i % 64).ToString(CultureInfo.InvariantCulture) + ";\n"
            + "            registers.Rcx = a;\n            registers.Rdx = b;\n"
            + "            TdxStatus status = TdcallGate.Call(&registers);\n"
            + "            c = registers.R8;\n            return status;\n        }\n    }\n}\n";
    }
}
