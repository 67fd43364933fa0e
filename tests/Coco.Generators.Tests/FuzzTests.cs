using System.Text;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coco.Generators.Tests;

/// <summary>
/// A corpus of 10,000 malformed or random inputs (seeded, so failures reproduce): mutations
/// of valid tables and tables built from random fields and attributes. The generator must
/// never throw (a throw becomes CS8785 and the output vanishes); the analyzers must never
/// fail (AD0001) on a sample of them.
/// </summary>
public sealed class FuzzTests
{
    private const int CorpusSize = 10_000;
    private const int AnalyzerSampleEvery = 25;
    private const int Seed = 20_240_601;

    private static readonly string[] Seeds =
    {
        TestSources.UnacceptedMemoryTable, TestSources.PaddedTable, TestSources.NestedTable, TestSources.InvalidTable,
        BinaryLayoutTestSources.TdmrInfo, BinaryLayoutTestSources.Shapes, BinaryLayoutTestSources.Invalid,
    };

    private static readonly string[] Fragments =
    {
        "partial", "struct", "class", "static", "readonly", "ref", "unsafe", "public", "internal", "fixed",
        "[", "]", "{", "}", "(", ")", ";", "*", ",", "\"", "<T>", "where T : unmanaged", "?", "=>", "get;", "set;",
        "ulong", "uint", "byte", "bool", "string", "char", "object", "int[]", "ulong*", "delegate*<void>", "nint",
        "[Coco.TrailingArray]", "[Coco.Bitmap(0)]", "[Coco.Bitmap(4096)]", "[Coco.Bitmap(ulong.MaxValue)]",
        "[Coco.EfiConfigurationTable(\"x\")]", "[Coco.EfiConfigurationTable(null)]", "[Coco.EfiConfigurationTable]",
        "[Coco.EfiConfigurationTable(\"d5d1de3c-105c-44f9-9ea9-bcef98120031\")]",
        "[Coco.BinaryLayout]", "[Coco.BinaryLayout(Size = 512, Alignment = 512)]", "[Coco.BinaryLayout(Size = -1, Alignment = 3)]",
        "[Coco.BinaryLayout(Alignment = 1073741824)]", "[Coco.BinaryLayout(Size = int.MaxValue)]",
        "[Coco.LayoutOffset(8)]", "[Coco.LayoutOffset(-1)]", "[Coco.LayoutOffset]",
        "[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]",
        "[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 0, Size = -1)]",
        "[System.Runtime.InteropServices.FieldOffset(3)]", "public fixed byte B[0];", "public fixed ulong W[100000];",
        "public Self Inner;", "public partial ulong* P { get; }", "namespace N;", "#if X", "#endif", "/*", "*/", "//", "\n",
    };

    private static readonly string[] FieldTypes =
    {
        "byte", "sbyte", "short", "ushort", "int", "uint", "long", "ulong", "nint", "nuint", "float", "double",
        "bool", "char", "string", "object", "int[]", "void*", "ulong*", "delegate*<void>", "Kind", "Pair", "Self",
        "System.Guid", "decimal", "System.Span<byte>", "(int, int)", "int?",
    };

    [Fact]
    public void The_generator_never_throws_and_the_analyzers_never_fail()
    {
        var random = new Random(Seed);
        CSharpCompilation compilation = TestCompilation.Create(Seeds[0]);
        SyntaxTree current = compilation.SyntaxTrees.Single();
        GeneratorDriver driver = GeneratorHarness.Layouts.CreateDriver();
        int generatedTables = 0;

        for (int i = 0; i < CorpusSize; i++)
        {
            string input = i % 2 == 0 ? Mutate(random, Seeds[random.Next(Seeds.Length)]) : RandomTable(random);
            SyntaxTree next = CSharpSyntaxTree.ParseText(input, TestCompilation.ParseOptions, path: "Input0.cs");
            compilation = compilation.ReplaceSyntaxTree(current, next);
            current = next;

            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.True(result.Exception is null, "input " + i + " made the generator throw " + result.Exception + ":\n" + input);
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
            generatedTables += result.GeneratedSources.Length - 2;

            if (i % AnalyzerSampleEvery == 0)
            {
                Assert.DoesNotContain(GeneratorHarness.Layouts.Analyze(output), d => d.Id == "AD0001");
            }
        }

        // The corpus is not all noise: some inputs are valid tables the generator emits for.
        Assert.InRange(generatedTables, CorpusSize / 50, CorpusSize);
    }

    private static string Mutate(Random random, string source)
    {
        var text = new StringBuilder(source);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && text.Length > 0; e++)
        {
            int position = random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0:
                    text.Remove(position, Math.Min(1 + random.Next(12), text.Length - position));
                    break;
                case 1:
                    text.Insert(position, " " + Fragments[random.Next(Fragments.Length)] + " ");
                    break;
                case 2:
                    text[position] = (char)random.Next(32, 127);
                    break;
                case 3:
                    int length = Math.Min(random.Next(40), text.Length - position);
                    text.Insert(random.Next(text.Length), text.ToString(position, length));
                    break;
                default:
                    // Flip one hex digit or number in place (GUIDs, unit sizes, fixed lengths).
                    text[position] = "0123456789abcdefgX-{}"[random.Next(21)];
                    break;
            }
        }
        return text.ToString();
    }

    private static string RandomTable(Random random)
    {
        var text = new StringBuilder();
        text.Append("using Coco;\nusing System.Runtime.InteropServices;\n");
        text.Append("public enum Kind : byte { A }\npublic struct Pair { public uint X; public ulong Y; }\n");
        if (random.Next(3) == 0)
        {
            text.Append("[BinaryLayout(Size = ").Append(random.Next(-8, 129) * (random.Next(2) == 0 ? 1 : 8))
                .Append(", Alignment = ").Append(random.Next(4) == 0 ? random.Next(-2, 100) : 1 << random.Next(13)).Append(")]\n");
        }
        else
        {
            string guid = random.Next(4) == 0 ? RandomText(random) : System.Guid.NewGuid().ToString(random.Next(2) == 0 ? "D" : "B");
            text.Append("[EfiConfigurationTable(\"").Append(guid).Append("\")]\n");
        }
        if (random.Next(6) == 0)
        {
            text.Append("[StructLayout(LayoutKind.Sequential, Pack = ").Append(1 << random.Next(5)).Append(")]\n");
        }
        text.Append("public unsafe ").Append(random.Next(8) == 0 ? "" : "partial ").Append("struct Self\n{\n");
        int fields = random.Next(8);
        for (int f = 0; f < fields; f++)
        {
            string type = FieldTypes[random.Next(FieldTypes.Length)];
            if (random.Next(4) == 0)
            {
                text.Append("    [LayoutOffset(").Append(random.Next(-1, 5) * 8).Append(")]\n");
            }
            if (random.Next(6) == 0 && type is "byte" or "ushort" or "uint" or "ulong")
            {
                text.Append("    public fixed ").Append(type).Append(" F").Append(f).Append('[').Append(random.Next(-1, 9)).Append("];\n");
            }
            else
            {
                text.Append("    public ").Append(type).Append(" F").Append(f).Append(";\n");
            }
        }
        if (random.Next(2) == 0)
        {
            text.Append("    [TrailingArray]");
            if (random.Next(2) == 0)
            {
                text.Append("[Bitmap(").Append(random.Next(3) == 0 ? random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture) : (1UL << random.Next(64)).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("UL)]");
            }
            text.Append(" public partial ").Append(FieldTypes[random.Next(FieldTypes.Length)]).Append("* Tail { get; }\n");
        }
        if (random.Next(5) == 0)
        {
            text.Append("    public ulong AfterTail;\n");
        }
        text.Append("}\n");
        return text.ToString();
    }

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        int length = random.Next(40);
        for (int i = 0; i < length; i++)
        {
            text.Append("0123456789abcdefABCDEF-{}xz \\"[random.Next(29)]);
        }
        return text.ToString();
    }
}
