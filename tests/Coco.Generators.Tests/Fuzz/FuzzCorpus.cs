using System.Globalization;
using System.Text;

namespace Coco.Generators.Tests.Fuzz;

/// <summary>
/// Declarations an adversarial user would write: seeded mutations of the project's own
/// declarations (the tests' sources and the repository's real tables, layouts and TDX calls),
/// and templates that combine the awkward parts of C# at random: keywords and contextual
/// keywords as names, names that differ only in case, overloads, file-local and generic
/// containers, every modifier on the members Coco implements, fields and trailing arrays of
/// every shape and size, members named like generated ones. Deterministic for a seed.
/// </summary>
internal static class FuzzCorpus
{
    private static readonly string[] TypeNames =
    {
        "Table", "tbl", "Tbl", "@class", "@record", "var", "@struct", "LayoutSize", "HeaderSize", "Find", "Ω", "Tablé", "_", "Record",
        "BitmapView", "@checked", "file", "scoped", "field", "value", "Install", "Coco",
    };

    private static readonly string[] MemberNames =
    {
        "Size", "Base", "@class", "@event", "Header", "HeaderSize", "TryRead", "Bits", "BitsView", "BitsOffset", "SizeOffset", "Find",
        "Install", "field", "value", "@checked", "_", "Items", "ItemsAt", "SetItemsAt", "ItemsCapacity", "Ω", "scoped", "nameof",
    };

    private static readonly string[] FieldTypes =
    {
        "byte", "ushort", "uint", "ulong", "long", "nint", "nuint", "double", "bool", "char", "string", "object", "void*", "byte**",
        "delegate*<void>", "Kind", "Pair", "Empty", "Packed", "Deep", "System.Guid", "int[]", "(int, int)", "int?", "Missing",
    };

    private static readonly string[] ElementTypes =
    {
        "ulong", "ulong", "ulong", "uint", "byte", "byte*", "byte**", "Pair", "Kind", "delegate*<void>", "Empty", "bool", "Missing",
    };

    private static readonly string[] TrailingModifiers =
    {
        "public partial", "public partial", "public partial", "internal partial", "public readonly partial", "private protected partial",
        "public new partial", "public virtual partial", "public static partial", "public required partial", "partial", "public unsafe partial",
        "public extern partial", "public",
    };

    private static readonly string[] Containers =
    {
        "public static partial class {0}", "partial class {0}", "internal partial struct {0}", "partial record {0}", "partial interface {0}",
        "file static partial class {0}", "static class {0}", "partial class {0}<T>", "readonly partial struct {0}", "partial record struct {0}",
        "public ref partial struct {0}",
    };

    private static readonly string[] Namespaces = { "", "", "", "N", "n", "@class.@namespace", "var.value", "Ns.Tablé", "Coco.Sample", "System.Fuzz" };

    private static readonly string[] ParameterTypes =
    {
        "ulong", "ulong", "long", "uint", "int", "byte", "bool", "nint", "nuint", "void*", "byte*", "byte**", "Wide", "Narrow", "string",
        "double", "char", "System.Guid", "delegate*<void>", "Missing", "TdxStatus",
    };

    private static readonly string[] ParameterModifiers = { "", "", "", "out ", "out ", "ref ", "in ", "scoped ref ", "scoped in ", "ref readonly ", "params ", "this " };

    private static readonly string[] ParameterNames =
    {
        "a", "b", "value", "__registers", "__status", "__attempt", "__registers_", "@class", "@event", "global", "_", "scoped", "field", "Ω", "result",
    };

    private static readonly string[] MethodNames = { "Read", "read", "Read_1", "Read_2", "@checked", "nameof", "@default", "__registers", "Call", "Ω", "value" };

    private static readonly string[] MethodModifiers =
    {
        "public static partial", "public static partial", "public static partial", "internal static partial", "private static partial",
        "public static new partial", "public static unsafe partial", "public partial", "public static extern partial", "public static virtual partial",
        "public static async partial", "static partial", "public static",
    };

    private static readonly string[] Fragments =
    {
        "partial", "struct", "class", "static", "readonly", "ref", "unsafe", "public", "internal", "fixed", "file", "scoped", "new", "virtual",
        "[", "]", "{", "}", "(", ")", ";", "*", "**", ",", "\"", "<T>", "where T : unmanaged", "?", "=>", "get;", "set;", "init;", "@",
        "ulong", "uint", "byte", "bool", "string", "char", "object", "int[]", "ulong*", "byte**", "delegate*<void>", "nint",
        "[Coco.TrailingArray]", "[Coco.Bitmap(0)]", "[Coco.Bitmap(4096)]", "[Coco.Bitmap(ulong.MaxValue)]",
        "[Coco.EfiConfigurationTable(\"x\")]", "[Coco.EfiConfigurationTable(null)]", "[Coco.EfiConfigurationTable]",
        "[Coco.EfiConfigurationTable(\"d5d1de3c-105c-44f9-9ea9-bcef98120031\")]", "[Coco.BinaryLayout]",
        "[Coco.BinaryLayout(Size = 512, Alignment = 512)]", "[Coco.BinaryLayout(Size = -1, Alignment = 3)]", "[Coco.BinaryLayout(Size = int.MaxValue)]",
        "[Coco.AcpiTable(\"CCEL\")]", "[Coco.AcpiTable(null, Revision = 255)]", "[Coco.AcpiTable(\"ASF!\")]", "public Coco.Acpi.AcpiTableHeader Header;",
        "[Coco.LayoutOffset(8)]", "[Coco.LayoutOffset(-1)]", "[Coco.TdCall(1)]", "[Coco.Seamcall(2, Version = 1)]", "[Coco.RetryOnBusy(3)]",
        "[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]",
        "[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 1, Size = 3)]",
        "public fixed byte B[0];", "public fixed ulong W[200000000];", "public Self Inner;", "public partial ulong* P { get; }",
        "public static partial Coco.Tdx.Abi.TdxStatus M(ulong a, out ulong b);", "@class", "@checked", "__registers", "#if X", "#endif",
        "/*", "*/", "//", "\n",
    };

    /// <summary>Types the templates' fields and parameters use, in each case's namespace.</summary>
    public const string Support = """
        public enum Kind : byte { A }
        public enum Wide : ulong { A }
        public enum Narrow : int { A }
        public struct Pair { public uint X; public ulong Y; }
        public struct Empty { }
        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 1)] public struct Packed { public byte A; public ulong B; }
        public struct Deep { public Pair P; public Kind K; }
        """;

    /// <summary>The project's own declarations: the tests' sources and the repository's.</summary>
    public static IReadOnlyList<string> Seeds { get; } = LoadSeeds();

    /// <summary>Case <paramref name="index"/>: half mutations of a seed, half templates.</summary>
    public static string Case(Random random) => random.Next(2) == 0
        ? Mutate(random, Seeds[random.Next(Seeds.Count)])
        : random.Next(2) == 0 ? LayoutTemplate(random) : TdxCallTemplate(random);

    private static IReadOnlyList<string> LoadSeeds()
    {
        var seeds = new List<string>
        {
            TestSources.UnacceptedMemoryTable, TestSources.PaddedTable, TestSources.NestedTable, TestSources.InvalidTable,
            BinaryLayoutTestSources.TdmrInfo, BinaryLayoutTestSources.Shapes, BinaryLayoutTestSources.Invalid,
            TdxCallTestSources.Calls, TdxCallTestSources.Nested, TdxCallTestSources.Invalid,
            AcpiTableTestSources.Ccel, AcpiTableTestSources.McfgAndNested,
        };
        string root = Path.GetFullPath(Path.Combine(Infrastructure.SnapshotVerifier.Directory, "..", "..", ".."));
        foreach (string file in new[]
        {
            "src/Coco.Runtime/Unaccepted/UnacceptedMemoryTable.cs",
            "src/Coco.Runtime.Tdx/Host/Tdmr/TdmrInfo.cs",
            "src/Coco.Runtime/Measurement/CcelTable.cs",
            "src/Coco.Runtime.Tdx/Guest/TdxGuestCalls.cs",
            "src/Coco.Runtime.Tdx/Host/TdxHostCalls.cs",
        })
        {
            // In its own namespace, so that its names do not capture Coco's inside the case.
            seeds.Add(File.ReadAllText(Path.Combine(root, file)).Replace("namespace Coco.", "namespace Seed.", StringComparison.Ordinal));
        }
        return seeds;
    }

    private static string Mutate(Random random, string source)
    {
        var text = new StringBuilder(source);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && text.Length > 0; e++)
        {
            int position = random.Next(text.Length);
            switch (random.Next(6))
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
                case 4:
                    // Swap an identifier for an awkward one.
                    text.Insert(position, MemberNames[random.Next(MemberNames.Length)]);
                    break;
                default:
                    // Flip one hex digit or number in place (GUIDs, unit sizes, fixed lengths, leaves).
                    text[position] = "0123456789abcdefgX-{}"[random.Next(21)];
                    break;
            }
        }
        return text.ToString();
    }

    private static string LayoutTemplate(Random random)
    {
        var text = new StringBuilder("using Coco;\nusing System.Runtime.InteropServices;\n");
        string ns = Pick(random, Namespaces);
        if (ns.Length > 0)
        {
            text.Append("namespace ").Append(ns).Append(" {\n");
        }
        text.Append(Support).Append('\n');
        int containers = random.Next(4) == 0 ? 1 + random.Next(2) : 0;
        for (int i = 0; i < containers; i++)
        {
            text.Append(string.Format(CultureInfo.InvariantCulture, Pick(random, Containers), Pick(random, TypeNames))).Append(" {\n");
        }
        string name = Pick(random, TypeNames);
        string head = StructHead(random, name, out bool isTable);
        text.Append(head).Append(" {\n");
        Members(random, text, name, isTable);
        text.Append("}\n");
        if (random.Next(6) == 0)
        {
            // A second part, with the attribute again, or another member.
            text.Append(random.Next(2) == 0 ? head : "public partial struct " + name).Append(" { public ulong Second; }\n");
        }
        if (random.Next(10) == 0)
        {
            // Another type of the same name but another case.
            text.Append(StructHead(random, name.ToUpperInvariant(), out _)).Append(" { public ulong A; }\n");
        }
        for (int i = 0; i < containers; i++)
        {
            text.Append("}\n");
        }
        if (ns.Length > 0)
        {
            text.Append("}\n");
        }
        return text.ToString();
    }

    private static string StructHead(Random random, string name, out bool isTable)
    {
        var head = new StringBuilder();
        isTable = random.Next(2) == 0;
        int attributes = random.Next(10);
        if (attributes < 8 && isTable)
        {
            string guid = random.Next(8) == 0 ? "d5d1de3c-105c-44f9-9ea9" : GuidText(random);
            head.Append("[Coco.EfiConfigurationTable(\"").Append(guid).Append("\")]\n");
        }
        else if (attributes < 8)
        {
            head.Append("[Coco.BinaryLayout(");
            if (random.Next(2) == 0)
            {
                head.Append("Size = ").Append(random.Next(6) switch
                {
                    0 => "-8",
                    1 => "int.MaxValue",
                    2 => "512",
                    _ => (random.Next(1, 17) * 8).ToString(CultureInfo.InvariantCulture),
                });
                head.Append(random.Next(2) == 0 ? ", " : "");
            }
            if (random.Next(2) == 0 || head[^1] == ' ')
            {
                head.Append("Alignment = ").Append(random.Next(5) == 0 ? "3" : (1 << random.Next(10)).ToString(CultureInfo.InvariantCulture));
            }
            head.Append(")]\n");
        }
        else if (attributes == 8)
        {
            head.Append("[Coco.BinaryLayout, Coco.EfiConfigurationTable(\"").Append(GuidText(random)).Append("\")]\n");
        }
        else if (random.Next(2) == 0)
        {
            // An ACPI table (Members adds a header field a third of the time, to any struct).
            head.Append("[Coco.AcpiTable(\"").Append(Pick(random, new[] { "CCEL", "SSDT", "ASF!", "ccel", "TOOLONG", "" }))
                .Append(random.Next(3) == 0 ? "\", Revision = 2)]\n" : "\")]\n");
        }
        if (random.Next(8) == 0)
        {
            head.Append(random.Next(2) == 0 ? "[StructLayout(LayoutKind.Sequential, Pack = 1)]\n" : "[StructLayout(LayoutKind.Explicit)]\n");
        }
        string[] modifiers = { "public ", "internal ", "file ", "readonly ", "ref ", "unsafe ", "" };
        head.Append(Pick(random, modifiers)).Append(random.Next(3) == 0 ? Pick(random, modifiers) : "");
        head.Append(random.Next(12) == 0 ? "" : "unsafe partial ").Append(random.Next(10) == 0 ? "record struct " : "struct ").Append(name);
        if (random.Next(20) == 0)
        {
            head.Append("<T>");
        }
        return head.ToString();
    }

    private static void Members(Random random, StringBuilder text, string typeName, bool isTable)
    {
        int fields = random.Next(7);
        if (random.Next(3) == 0)
        {
            text.Append("    public Coco.Acpi.AcpiTableHeader Header;\n");
        }
        for (int f = 0; f < fields; f++)
        {
            string name = random.Next(3) == 0 ? Pick(random, MemberNames) : "F" + f.ToString(CultureInfo.InvariantCulture);
            if (random.Next(5) == 0)
            {
                text.Append("    [Coco.LayoutOffset(").Append(random.Next(-1, 5) * 8).Append(")]\n");
            }
            if (random.Next(12) == 0)
            {
                text.Append("    [Coco.Bitmap(4096)]\n");
            }
            switch (random.Next(12))
            {
                case 0:
                    string element = Pick(random, new[] { "byte", "ushort", "uint", "ulong" });
                    string length = random.Next(4) == 0 ? "200000000" : random.Next(-1, 9).ToString(CultureInfo.InvariantCulture);
                    text.Append("    public fixed ").Append(element).Append(' ').Append(name).Append('[').Append(length).Append("];\n");
                    break;
                case 1:
                    text.Append("    public ").Append(Pick(random, FieldTypes)).Append(' ').Append(name).Append(" { get; set; }\n");
                    break;
                case 2:
                    text.Append("    public static ulong ").Append(name).Append(";\n");
                    break;
                case 3:
                    text.Append("    public const int ").Append(name).Append(" = 4;\n");
                    break;
                default:
                    text.Append("    public ").Append(Pick(random, FieldTypes)).Append(' ').Append(name).Append(";\n");
                    break;
            }
        }
        if (random.Next(5) == 0)
        {
            // A member named like one Coco generates, or an overload of one.
            text.Append(random.Next(5) switch
            {
                0 => "    public static bool TryRead(byte* bytes, out " + typeName + " value) { value = default; return false; }\n",
                1 => "    public static bool TryRead(System.ReadOnlySpan<byte> bytes, out " + typeName + " value) { value = default; return false; }\n",
                2 => "    public struct " + Pick(random, new[] { "BitsView", "ItemsView", "BitmapView" }) + " { }\n",
                3 => "    public int " + Pick(random, new[] { "Find", "Install", "ItemsAt", "SizeWithTrailing", "TableGuid" }) + "() => 0;\n",
                _ => "    public const int " + Pick(random, new[] { "HeaderSize", "LayoutSize", "ItemsCapacity", "BitsOffset", "F0Offset" }) + " = 1;\n",
            });
        }
        if (random.Next(10) < 7)
        {
            string trailingName = random.Next(2) == 0 ? Pick(random, new[] { "Bits", "Items", "Bitmap" }) : Pick(random, MemberNames);
            text.Append("    ").Append(random.Next(8) == 0 ? "[TrailingArray]" : "[Coco.TrailingArray]");
            string element = Pick(random, ElementTypes);
            if (random.Next(2) == 0)
            {
                ulong unit = random.Next(4) switch { 0 => 4000, 1 => 0, _ => 1UL << random.Next(12, 40) };
                text.Append("[Coco.Bitmap(").Append(unit.ToString(CultureInfo.InvariantCulture)).Append(")]");
                element = random.Next(4) == 0 ? element : "ulong";
            }
            if (random.Next(6) == 0)
            {
                text.Append("[Coco.LayoutOffset(").Append(random.Next(0, 9) * 8).Append(")]");
            }
            string accessors = random.Next(10) switch { 0 => "{ get; set; }", 1 => "=> null;", 2 => "{ get; init; }", _ => "{ get; }" };
            string type = random.Next(12) == 0 ? element + "[]" : element + "*";
            text.Append(' ').Append(Pick(random, TrailingModifiers)).Append(' ').Append(type).Append(' ').Append(trailingName).Append(' ').Append(accessors).Append('\n');
            if (random.Next(12) == 0)
            {
                text.Append("    public partial ").Append(type).Append(' ').Append(trailingName).Append(" { get => null; }\n");
            }
            if (random.Next(8) == 0)
            {
                text.Append("    public ulong After;\n");
            }
        }
    }

    private static string TdxCallTemplate(Random random)
    {
        var text = new StringBuilder("using Coco;\nusing Coco.Tdx.Abi;\n");
        string ns = Pick(random, Namespaces);
        if (ns.Length > 0)
        {
            text.Append("namespace ").Append(ns).Append(" {\n");
        }
        text.Append(Support).Append('\n');
        int containers = 1 + (random.Next(4) == 0 ? 1 : 0);
        for (int i = 0; i < containers; i++)
        {
            string container = i == containers - 1 && random.Next(3) > 0 ? "public static unsafe partial class {0}" : Pick(random, Containers);
            text.Append(string.Format(CultureInfo.InvariantCulture, container, Pick(random, TypeNames))).Append(" {\n");
        }
        int methods = 1 + random.Next(3);
        string sharedName = Pick(random, MethodNames);
        for (int m = 0; m < methods; m++)
        {
            bool seamcall = random.Next(2) == 0;
            text.Append(seamcall ? "[Seamcall(" : "[TdCall(").Append(random.Next(10) == 0 ? "0x10000" : random.Next(64).ToString(CultureInfo.InvariantCulture));
            if (random.Next(4) == 0)
            {
                text.Append(", Version = ").Append(random.Next(10) == 0 ? 256 : random.Next(4));
            }
            text.Append(")]");
            if (random.Next(12) == 0)
            {
                text.Append(seamcall ? "[TdCall(1)]" : "[Seamcall(1)]");
            }
            if (random.Next(4) == 0)
            {
                text.Append("[RetryOnBusy(").Append(random.Next(-1, 6)).Append(")]");
            }
            if (random.Next(5) == 0)
            {
                text.Append("[TdxInput(TdxRegisterName.R11, 0x10001)]");
            }
            string returnType = random.Next(12) switch { 0 => "ulong", 1 => "void", 2 => "ref TdxStatus", _ => "TdxStatus" };
            string name = random.Next(2) == 0 ? sharedName : Pick(random, MethodNames);
            text.Append('\n').Append(Pick(random, MethodModifiers)).Append(' ').Append(returnType).Append(' ').Append(name).Append('(');
            int parameters = random.Next(random.Next(4) == 0 ? 12 : 6);
            var used = new HashSet<string>();
            for (int p = 0; p < parameters; p++)
            {
                string parameterName = Pick(random, ParameterNames);
                if (!used.Add(parameterName) && random.Next(4) != 0)
                {
                    parameterName = "p" + p.ToString(CultureInfo.InvariantCulture);
                }
                text.Append(p > 0 ? ", " : "");
                if (random.Next(6) == 0)
                {
                    text.Append("[TdxRegister(TdxRegisterName.").Append(Pick(random, new[] { "Rcx", "Rdx", "R8", "R11", "R15" })).Append(")] ");
                }
                text.Append(Pick(random, ParameterModifiers)).Append(Pick(random, ParameterTypes)).Append(' ').Append(parameterName);
            }
            text.Append(')').Append(random.Next(15) == 0 ? " => default;" : ";").Append('\n');
        }
        for (int i = 0; i < containers; i++)
        {
            text.Append("}\n");
        }
        if (ns.Length > 0)
        {
            text.Append("}\n");
        }
        return text.ToString();
    }

    private static string GuidText(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        string text = new Guid(bytes).ToString("D");
        return random.Next(4) == 0 ? text.ToUpperInvariant() : text;
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}
