using System.Text;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Tests;

/// <summary>
/// Random TDX call declarations (seeded, so failures reproduce): random operand types,
/// modifiers, registers, constants, retry bounds, leaves and versions. The generator never
/// throws; the analyzers never fail; and the two agree: a declaration Coco reports nothing for
/// compiles with its generated stub, one it rejects (from the analyzers or the generator) gets no stub.
/// </summary>
public sealed class TdxCallFuzzTests
{
    private const int Cases = 400;
    private const int Seed = 20_261_121;

    private static readonly string[] Types =
    {
        "ulong", "long", "uint", "int", "ushort", "byte", "sbyte", "bool", "nint", "nuint", "void*", "byte*",
        "Wide", "Narrow", "string", "double", "object", "char", "System.Guid",
    };

    private static readonly string[] Modifiers = { "", "", "", "out ", "out ", "ref ", "in " };

    private static readonly string[] Registers = { "Rcx", "Rdx", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15" };

    [Fact]
    public void Random_declarations_never_throw_and_analyzers_agree_with_the_generator()
    {
        var random = new Random(Seed);
        int accepted = 0;
        for (int i = 0; i < Cases; i++)
        {
            string source = RandomDeclaration(random);
            (GeneratorRunResult result, Compilation output) = GeneratorHarness.TdxCalls.Run(GeneratorHarness.TdxCalls.Compilation(source));
            Assert.Null(result.Exception);
            Diagnostic[] diagnostics = GeneratorHarness.TdxCalls.Reported(result, output).ToArray();
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

            bool generated = GeneratorHarness.DeclarationSources(result).Any();
            if (diagnostics.Length == 0)
            {
                accepted++;
                Assert.True(generated, "no stub for an accepted declaration:\n" + source);
                Assert.Empty(GeneratorHarness.CompilerErrors(output).Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
                Assert.True(GeneratorHarness.CompilerErrors(output).IsEmpty, "accepted but does not compile:\n" + source + "\n" + string.Join("\n", GeneratorHarness.CompilerErrors(output)));
            }
            else
            {
                Assert.False(generated, "a stub for a rejected declaration:\n" + source);
            }
        }
        // Both sides of the agreement must be exercised.
        Assert.InRange(accepted, Cases / 5, Cases * 4 / 5);
    }

    private static string RandomDeclaration(Random random)
    {
        var text = new StringBuilder(TdxCallTestSources.Usings);
        text.Append("public enum Wide : ulong { A }\npublic enum Narrow : int { A }\n");
        text.Append("public static unsafe partial class Calls\n{\n");
        // Half the cases draw only from valid choices, so that accepted declarations are common.
        bool clean = random.Next(2) == 0;
        bool seamcall = random.Next(2) == 0;
        ulong leaf = !clean && random.Next(10) == 0 ? 0x10000UL + (ulong)random.Next(4) : (ulong)random.Next(64);
        text.Append(seamcall ? "[Seamcall(" : "[TdCall(").Append(leaf);
        if (random.Next(4) == 0)
        {
            text.Append(", Version = ").Append(!clean && random.Next(10) == 0 ? 256 : random.Next(4));
        }
        text.Append(")]\n");
        int constants = !clean && random.Next(4) == 0 ? random.Next(1, 3) : 0;
        for (int c = 0; c < constants; c++)
        {
            text.Append("[TdxInput(TdxRegisterName.").Append(Registers[random.Next(Registers.Length)]).Append(", ").Append(random.Next(100)).Append(")]\n");
        }
        if (random.Next(4) == 0)
        {
            text.Append("[RetryOnBusy(").Append(clean ? random.Next(1, 6) : random.Next(-1, 6)).Append(")]\n");
        }
        text.Append("public static partial TdxStatus Call(");
        int parameters = clean ? random.Next(6) : random.Next(12);
        for (int p = 0; p < parameters; p++)
        {
            if (p > 0)
            {
                text.Append(", ");
            }
            if (!clean && random.Next(3) == 0)
            {
                text.Append("[TdxRegister(TdxRegisterName.").Append(Registers[random.Next(Registers.Length)]).Append(")] ");
            }
            string modifier = Modifiers[random.Next(Modifiers.Length)];
            string type = clean
                ? (modifier.Length > 0 && modifier != "in " ? Types[random.Next(2)] : Types[random.Next(13)])
                : Types[random.Next(Types.Length)];
            text.Append(modifier).Append(type).Append(" p").Append(p);
        }
        text.Append(");\n}\n");
        return text.ToString();
    }
}
