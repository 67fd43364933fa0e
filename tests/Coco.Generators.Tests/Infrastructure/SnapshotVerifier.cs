using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Tests.Infrastructure;

/// <summary>
/// Snapshot checks in Verify.SourceGenerators' file conventions (the package is not available
/// here): one <c>{Class}.{Method}#{HintName}.verified.cs</c> per generated source, first line
/// <c>//HintName: {hint name}</c>; diagnostics in <c>{Class}.{Method}.verified.txt</c>. A mismatch
/// writes <c>.received.</c> files beside them and fails; verified files the run did not
/// produce (stale) fail too. COCO_ACCEPT_SNAPSHOTS=1 accepts what was received.
/// </summary>
internal static class SnapshotVerifier
{
    public const string AcceptVariable = "COCO_ACCEPT_SNAPSHOTS";

    public static string Directory { get; } = typeof(SnapshotVerifier).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "SnapshotDirectory").Value!;

    private static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    /// <summary>Checks a generator run's sources and diagnostics against the snapshots of
    /// <c>{testClass}.{testMethod}</c>.</summary>
    public static void Verify(
        IEnumerable<GeneratedSourceResult> sources,
        IEnumerable<Diagnostic> diagnostics,
        string testClass,
        [CallerMemberName] string testMethod = "")
    {
        string prefix = testClass + "." + testMethod;
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (GeneratedSourceResult source in sources.OrderBy(s => s.HintName, StringComparer.Ordinal))
        {
            string name = prefix + "#" + Path.GetFileNameWithoutExtension(source.HintName) + ".verified.cs";
            expected[name] = "//HintName: " + source.HintName + "\n" + Normalize(source.SourceText.ToString());
        }
        expected[prefix + ".verified.txt"] = DiagnosticsText(diagnostics);

        VerifyFiles(prefix, expected);
    }

    /// <summary>Compares <paramref name="expected"/> (file name to text) with the verified files
    /// of <paramref name="prefix"/>; exposed for the harness's own tests.</summary>
    public static void VerifyFiles(string prefix, IReadOnlyDictionary<string, string> expected, string? directory = null, bool? accept = null)
    {
        directory ??= Directory;
        bool accepting = accept ?? Accepting;
        System.IO.Directory.CreateDirectory(directory);
        var failures = new List<string>();

        foreach ((string name, string text) in expected)
        {
            string verifiedPath = Path.Combine(directory, name);
            string receivedPath = Path.Combine(directory, name.Replace(".verified.", ".received.", StringComparison.Ordinal));
            string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
            if (verified == text)
            {
                File.Delete(receivedPath);
                continue;
            }
            if (accepting)
            {
                File.WriteAllText(verifiedPath, text);
                File.Delete(receivedPath);
                continue;
            }
            File.WriteAllText(receivedPath, text);
            failures.Add(verified is null ? "new: " + receivedPath : "changed: " + receivedPath);
        }

        foreach (string stale in ExistingVerifiedFiles(directory, prefix).Where(name => !expected.ContainsKey(name)))
        {
            if (accepting)
            {
                File.Delete(Path.Combine(directory, stale));
                continue;
            }
            failures.Add("stale (no longer generated): " + Path.Combine(directory, stale));
        }

        if (failures.Count > 0)
        {
            throw new SnapshotMismatchException(
                "Snapshots of " + prefix + " do not match; set " + AcceptVariable + "=1 to accept:\n" + string.Join("\n", failures));
        }
    }

    private static IEnumerable<string> ExistingVerifiedFiles(string directory, string prefix) =>
        System.IO.Directory.EnumerateFiles(directory, prefix + "*.verified.*")
            .Select(path => Path.GetFileName(path)!)
            .Where(name => name.StartsWith(prefix + "#", StringComparison.Ordinal) || name.StartsWith(prefix + ".verified.", StringComparison.Ordinal));

    private static string DiagnosticsText(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        Diagnostic[] ordered = diagnostics
            .OrderBy(d => d.Location.GetLineSpan().Path ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToArray();
        if (ordered.Length == 0)
        {
            return "{\n  Diagnostics: []\n}\n";
        }
        text.Append("{\n  Diagnostics: [\n");
        for (int i = 0; i < ordered.Length; i++)
        {
            Diagnostic diagnostic = ordered[i];
            DiagnosticDescriptor descriptor = diagnostic.Descriptor;
            text.Append("    {\n");
            text.Append("      Location: ").Append(LocationText(diagnostic.Location)).Append(",\n");
            text.Append("      Message: ").Append(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Append(",\n");
            text.Append("      Severity: ").Append(diagnostic.Severity).Append(",\n");
            text.Append("      Descriptor: {\n");
            text.Append("        Id: ").Append(descriptor.Id).Append(",\n");
            text.Append("        Title: ").Append(descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(",\n");
            text.Append("        HelpLink: ").Append(descriptor.HelpLinkUri).Append(",\n");
            text.Append("        Category: ").Append(descriptor.Category).Append(",\n");
            text.Append("        DefaultSeverity: ").Append(descriptor.DefaultSeverity).Append(",\n");
            text.Append("        IsEnabledByDefault: ").Append(descriptor.IsEnabledByDefault ? "true" : "false").Append('\n');
            text.Append("      }\n");
            text.Append(i == ordered.Length - 1 ? "    }\n" : "    },\n");
        }
        text.Append("  ]\n}\n");
        return text.ToString();
    }

    private static string LocationText(Location location)
    {
        FileLinePositionSpan span = location.GetLineSpan();
        return span.Path + ": (" + span.StartLinePosition.Line + "," + span.StartLinePosition.Character + ")-("
            + span.EndLinePosition.Line + "," + span.EndLinePosition.Character + ")";
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}

/// <summary>A snapshot check failed.</summary>
internal sealed class SnapshotMismatchException(string message) : Exception(message);
