using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Coco.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace Coco.Generators.Tests;

/// <summary>The generated [BinaryLayout] members, compiled and loaded: the constants must be
/// what the runtime actually lays out (the emitted [StructLayout] gives C# the declared size).</summary>
public sealed class BinaryLayoutRuntimeTests
{
    [Fact]
    public void Generated_constants_match_the_runtime_layout_of_every_record()
    {
        Assembly assembly = CompileAndLoad(BinaryLayoutTestSources.TdmrInfo, BinaryLayoutTestSources.Shapes);
        Type[] records = assembly.GetTypes().Where(t => t.GetField("LayoutSize") is not null).ToArray();
        Assert.Equal(7, records.Length);

        foreach (Type record in records)
        {
            int size = Constant(record, "LayoutSize");
            Assert.Equal(size, (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(record).Invoke(null, null)!);
            Assert.Equal(0, size % Constant(record, "LayoutAlignment"));
            foreach (FieldInfo field in record.GetFields(BindingFlags.Instance | BindingFlags.Public))
            {
                Assert.Equal(Constant(record, field.Name + "Offset"), (int)Marshal.OffsetOf(record, field.Name));
            }
        }

        Type tdmr = records.Single(t => t.Name == "TdmrInfo");
        Assert.Equal((512, 512, 64, 16, 28),
            (Constant(tdmr, "LayoutSize"), Constant(tdmr, "LayoutAlignment"), Constant(tdmr, "ReservedAreasOffset"), Constant(tdmr, "ReservedAreasElementSize"), Constant(tdmr, "ReservedAreasCapacity")));
        Type padded = records.Single(t => t.Name == "Padded");
        Assert.Equal((24, 8), (Constant(padded, "LayoutSize"), Constant(padded, "LayoutAlignment")));
        Type cacheLine = records.Single(t => t.Name == "CacheLine");
        Assert.Equal((64, 64), (Constant(cacheLine, "LayoutSize"), Constant(cacheLine, "LayoutAlignment")));
        Type pageBitmap = records.Single(t => t.Name == "PageBitmap");
        Assert.Equal(510, Constant(pageBitmap, "BitsCapacity"));
        Assert.NotNull(pageBitmap.GetNestedType("BitsView"));
    }

    [Fact]
    public void A_readonly_record_gets_no_setter()
    {
        Assembly assembly = CompileAndLoad(BinaryLayoutTestSources.Shapes);
        Type window = assembly.GetTypes().Single(t => t.Name == "Window");

        Assert.NotNull(window.GetMethod("ValuesAt"));
        Assert.Null(window.GetMethod("SetValuesAt"));
        Assert.Equal(6, Constant(window, "ValuesCapacity"));
    }

    [Fact]
    public void Without_Coco_Runtime_nothing_is_generated_and_COCO1017_says_why()
    {
        // The generated members call Coco.Runtime's Layouts/ (trailing access, byte copies).
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Layouts.Run(TestCompilation.Create(new[] { BinaryLayoutTestSources.TdmrInfo }, withCocoRuntime: false));

        Assert.Empty(GeneratorHarness.DeclarationSources(result));
        Diagnostic missing = Assert.Single(result.Diagnostics);
        Assert.Equal("COCO1017", missing.Id);
        Assert.Contains("'TdmrInfo' needs Coco.Runtime", missing.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains(GeneratorHarness.CompilerErrors(output), d => d.Id == "CS9248");
    }

    private static int Constant(Type type, string name) =>
        (int)(type.GetField(name, BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException(type.Name + " has no " + name)).GetRawConstantValue()!;

    private static Assembly CompileAndLoad(params string[] sources)
    {
        (_, Compilation output) = GeneratorHarness.Layouts.Run(TestCompilation.Create(sources));
        using var image = new MemoryStream();
        EmitResult emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext("binary-layouts", isCollectible: true).LoadFromStream(image);
    }
}
