using System.Reflection;

namespace Coco.Packaging.Tests;

/// <summary>Where the repository is and the version its packages carry.</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("CocoRepoRoot");

    public static string Version { get; } = Metadata("CocoVersion");

    /// <summary>The IL compiler version pinned in Directory.Packages.props.</summary>
    public static string IlcVersion { get; } = Metadata("CocoIlcVersion");

    public static string PackScript => Path.Combine(Root, "scripts", "pack.sh");

    /// <summary>The consumers' sources, copied beside the test assembly.</summary>
    public static string AppSource(string app, string file) => Path.Combine(AppContext.BaseDirectory, "Apps", app, file);

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
