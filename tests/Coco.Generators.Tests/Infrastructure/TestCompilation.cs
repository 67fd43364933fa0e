using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Coco.Generators.Tests.Infrastructure;

/// <summary>Compilations like a host project's: the .NET library, and Coco.Runtime unless a
/// test asks for a compilation without Coco's EFI services.</summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    private static readonly Lazy<MetadataReference> CocoRuntime = new(() =>
        MetadataReference.CreateFromFile(typeof(Coco.Uefi.EfiGuid).Assembly.Location));

    public static CSharpCompilation Create(IEnumerable<string> sources, bool withCocoRuntime = true)
    {
        IEnumerable<MetadataReference> references = FrameworkReferences.Value;
        if (withCocoRuntime)
        {
            references = references.Append(CocoRuntime.Value);
        }
        return CSharpCompilation.Create(
            "Coco.Generators.TestInput",
            sources.Select((text, index) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: "Input" + index + ".cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static CSharpCompilation Create(params string[] sources) => Create((IEnumerable<string>)sources);
}
