using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coco.EndToEnd.Tests;

/// <summary>The minimal core library and the firmware runtime compile on their own, with no
/// reference to any .NET assembly.</summary>
public class CoreLibraryTests
{
    /// <summary>Every folder an EFI image compiles: all of src/Coco.Runtime but the .NET build's
    /// own (Dotnet/) and the build files.</summary>
    private static IEnumerable<string> FirmwareFolders =>
        Directory.EnumerateDirectories(Repository.RuntimeSources)
            .Select(Path.GetFileName)
            .Where(name => name is not ("Dotnet" or "build" or "buildTransitive" or "bin" or "obj"))
            .Select(name => name!);

    private static CSharpCompilation CompileFirmwareSources(IEnumerable<string> folders)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: ["COCO_EFI"]);
        var trees = folders
            .SelectMany(f => Directory.EnumerateFiles(Path.Combine(Repository.RuntimeSources, f), "*.cs", SearchOption.AllDirectories))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parse, path));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable);
        return CSharpCompilation.Create("CocoFirmware", trees, references: [], options);
    }

    /// <summary>The compilation with Coco's generators run over it (the table and bitmap code of
    /// Unaccepted/), as an EFI build runs them.</summary>
    private static Compilation WithGenerators(CSharpCompilation compilation)
    {
        var generators = System.Reflection.Assembly.Load("Coco.Generators").GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t))
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
            .ToArray();
        Assert.NotEmpty(generators);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out _);
        return generated;
    }

    [Fact]
    public void Core_library_and_firmware_runtime_compile_without_any_reference()
    {
        Compilation compilation = WithGenerators(CompileFirmwareSources(FirmwareFolders));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors.Take(12)));

        using var image = new MemoryStream();
        Assert.True(compilation.Emit(image).Success);
        Assert.Equal(SpecialType.System_Object, compilation.GetSpecialType(SpecialType.System_Object).SpecialType);
        Assert.Same(compilation.Assembly, compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly);
    }

    [Fact]
    public void Core_library_alone_defines_what_the_compiler_requires()
    {
        CSharpCompilation compilation = CompileFirmwareSources(["CoreLib"]);
        // The core library calls into the Coco runtime (fail-fast, console); alone it may only
        // miss those, never a type the compiler needs.
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Where(d => !d.GetMessage().Contains("Coco", StringComparison.Ordinal))
            .Select(d => d.ToString())
            .ToList();
        Assert.Empty(errors);
        foreach (SpecialType type in new[] { SpecialType.System_Object, SpecialType.System_String, SpecialType.System_Int32, SpecialType.System_UInt64, SpecialType.System_IntPtr, SpecialType.System_Array, SpecialType.System_ValueType, SpecialType.System_Enum, SpecialType.System_Nullable_T })
        {
            Assert.NotEqual(TypeKind.Error, compilation.GetSpecialType(type).TypeKind);
        }
    }
}
