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

        /// <summary>The same declarations as a user would write them without Coco: the struct and
        /// its fields, the trailing array as an ordinary pointer property, the call as a plain
        /// static method. What compiling the generated code is measured against.</summary>
        public static IReadOnlyList<string> HandWritten(string kind, int count) => Files(kind, count, handWritten: true);

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
    }
}
