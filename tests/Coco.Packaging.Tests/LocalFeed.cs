using System.Text;

namespace Coco.Packaging.Tests;

/// <summary>
/// This checkout's packages, packed once for the test run by scripts/pack.sh into a temporary
/// feed. They get a version of their own (NuGet caches packages by id and version, so a rebuilt
/// 0.1.0 would be silently ignored in favour of the cached one); the builds put bin/ and obj/ in
/// the temporary folder, never in the projects' own, which the outer build may be writing.
/// Disposing deletes the folder and this version from NuGet's global packages folder.
/// </summary>
public sealed class LocalFeed : IDisposable
{
    public static readonly string[] PackageIds = ["Coco.Generators", "Coco.Runtime", "Coco.Runtime.Tdx", "Coco.Runtime.SevSnp", "Coco.Cli"];

    public LocalFeed()
    {
        Root = Path.Combine(Path.GetTempPath(), $"coco-packaging-{Guid.NewGuid():N}");
        Directory = Path.Combine(Root, "feed");
        Version = $"{Repository.Version}-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        System.IO.Directory.CreateDirectory(Root);
        try
        {
            Pack = Commands.Run("bash", Repository.Root,
                [Repository.PackScript, "--output", Directory, "--artifacts", Path.Combine(Root, "artifacts"), "--version", Version]);
            if (Pack.ExitCode != 0)
            {
                throw new InvalidOperationException("scripts/pack.sh failed:\n" + Pack);
            }
            GlobalPackagesFolder = FindGlobalPackagesFolder(Root);
            UserSources = FindUserSources(Root);
        }
        catch
        {
            System.IO.Directory.Delete(Root, recursive: true);
            throw;
        }
    }

    /// <summary>The temporary folder: the feed, the pack's bin/obj, and the test projects.</summary>
    public string Root { get; }

    /// <summary>The feed: a folder of .nupkg files.</summary>
    public string Directory { get; }

    public string Version { get; }

    /// <summary>What scripts/pack.sh printed, and how long it took.</summary>
    public CommandResult Pack { get; }

    public string GlobalPackagesFolder { get; } = "";

    /// <summary>The package sources the user's own NuGet configuration enables (where the
    /// packages' dependencies, ILC among them, come from).</summary>
    public IReadOnlyList<string> UserSources { get; } = [];

    public string PackagePath(string id) => Path.Combine(Directory, $"{id}.{Version}.nupkg");

    /// <summary>A new, empty project folder outside the repository with a nuget.config that
    /// knows only this feed and the user's sources.</summary>
    public string NewProjectDirectory(string name)
    {
        string directory = Path.Combine(Root, "projects", name);
        System.IO.Directory.CreateDirectory(directory);
        var config = new StringBuilder();
        config.AppendLine("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        config.AppendLine("<configuration>");
        config.AppendLine("  <packageSources>");
        config.AppendLine("    <clear />");
        config.AppendLine($"    <add key=\"coco-local\" value=\"{Directory}\" />");
        for (int i = 0; i < UserSources.Count; i++)
        {
            config.AppendLine($"    <add key=\"user-{i + 1}\" value=\"{UserSources[i]}\" />");
        }
        config.AppendLine("  </packageSources>");
        config.AppendLine("</configuration>");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), config.ToString());
        return directory;
    }

    public void Dispose()
    {
        foreach (string id in PackageIds)
        {
            string versions = Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant());
            string cached = Path.Combine(versions, Version.ToLowerInvariant());
            if (System.IO.Directory.Exists(cached))
            {
                System.IO.Directory.Delete(cached, recursive: true);
            }
            if (System.IO.Directory.Exists(versions) && !System.IO.Directory.EnumerateFileSystemEntries(versions).Any())
            {
                System.IO.Directory.Delete(versions);
            }
        }
        System.IO.Directory.Delete(Root, recursive: true);
    }

    private static string FindGlobalPackagesFolder(string workingDirectory)
    {
        // "global-packages: /root/.nuget/packages/"
        CommandResult result = Commands.Dotnet(workingDirectory, ["nuget", "locals", "global-packages", "--list"]);
        const string Prefix = "global-packages: ";
        string? line = result.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (result.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException("Could not find NuGet's global packages folder:\n" + result);
        }
        return line[Prefix.Length..];
    }

    private static IReadOnlyList<string> FindUserSources(string workingDirectory)
    {
        // One "E <url>" line per enabled source ("D" for disabled ones).
        CommandResult result = Commands.Dotnet(workingDirectory, ["nuget", "list", "source", "--format", "short"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("Could not list the NuGet sources:\n" + result);
        }
        return result.Output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("E ", StringComparison.Ordinal))
            .Select(l => l[2..].Trim())
            .ToList();
    }
}

[CollectionDefinition(Name)]
public sealed class LocalFeedCollection : ICollectionFixture<LocalFeed>
{
    public const string Name = "Local feed";
}
