using System.Reflection;

namespace Coco.EndToEnd.Tests;

/// <summary>Where the repository and the sample's build outputs are.</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("CocoRepoRoot");

    public static string Configuration { get; } = Metadata("CocoConfiguration");

    public static string SampleProject => Path.Combine(Root, "samples", "UefiApp", "UefiApp.csproj");

    public static string SampleOutput => Path.Combine(Root, "samples", "UefiApp", "bin", Configuration, "net10.0");

    public static string SampleEfi => Path.Combine(SampleOutput, "UefiApp.efi");

    public static string SampleAssembly => Path.Combine(SampleOutput, "UefiApp.dll");

    public static string FailFastEfi => Path.Combine(Root, "tests", "Apps", "FailFastApp", "bin", Configuration, "net10.0", "FailFastApp.efi");

    public static string PrimitivesEfi => Path.Combine(Root, "tests", "Apps", "PrimitivesApp", "bin", Configuration, "net10.0", "PrimitivesApp.efi");

    public static string TdxHostAppEfi => Path.Combine(Root, "tests", "Apps", "TdxHostApp", "bin", Configuration, "net10.0", "TdxHostApp.efi");

    public static string HelloAppEfi => Path.Combine(Root, "tests", "Apps", "HelloApp", "bin", Configuration, "net10.0", "HelloApp.efi");

    public static string DebugAppEfi => Path.Combine(Root, "tests", "Apps", "DebugApp", "bin", Configuration, "net10.0", "DebugApp.efi");

    public static string DebugAppObject => Path.Combine(Root, "tests", "Apps", "DebugApp", "obj", Configuration, "net10.0", "efi", "DebugApp.obj");

    /// <summary>ILC's object before the CodeView fixup (written only for images with symbols).</summary>
    public static string DebugAppIlcObject => Path.Combine(Root, "tests", "Apps", "DebugApp", "obj", Configuration, "net10.0", "efi", "DebugApp.ilc.obj");

    /// <summary>The coco tool as the build leaves it, to run as `dotnet coco.dll`.</summary>
    public static string CocoDll => Path.Combine(Root, "src", "Coco.Cli", "bin", Configuration, "net10.0", "coco.dll");

    public static string RuntimeSources => Path.Combine(Root, "src", "Coco.Runtime");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
