using System.Reflection;
using System.Text.RegularExpressions;

namespace Coco.Conformance;

/// <summary>One row of a conformance table: a rule a simulator enforces, where it comes from,
/// and the test that checks it.</summary>
public sealed record ConformanceRow(string Id, string Rule, string Source, string Test, int Line);

/// <summary>
/// Reads a conformance table (docs/conformance/*.md): the first Markdown table whose header has
/// the columns Id, Rule, Source and Test. Every row must name its source (or say "no public
/// source" and why) and a test; <see cref="CheckAgainst"/> holds the table and the test assembly
/// to each other, row for test.
/// </summary>
public static partial class ConformanceTable
{
    public static IReadOnlyList<ConformanceRow> Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        var rows = new List<ConformanceRow>();
        int header = Array.FindIndex(lines, IsHeader);
        if (header < 0)
        {
            throw new InvalidDataException($"{path}: no table with the columns Id | Rule | Source | Test");
        }
        string[] columns = Cells(lines[header]);
        int id = Index(columns, "Id"), rule = Index(columns, "Rule"), source = Index(columns, "Source"), test = Index(columns, "Test");
        for (int i = header + 2; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++)
        {
            string[] cells = Cells(lines[i]);
            if (cells.Length != columns.Length)
            {
                throw new InvalidDataException($"{path}:{i + 1}: {cells.Length} cells, the header has {columns.Length}");
            }
            rows.Add(new ConformanceRow(cells[id], cells[rule], cells[source], cells[test].Trim('`'), i + 1));
        }
        return rows;
    }

    /// <summary>
    /// The problems between a table and the [Conformance] tests of <paramref name="tests"/>: a row
    /// without source or test, a test the assembly lacks or that carries another row's id, a
    /// duplicate id, a [Conformance] test no row names. Empty when they agree.
    /// </summary>
    public static IReadOnlyList<string> CheckAgainst(string path, Assembly tests)
    {
        var problems = new List<string>();
        IReadOnlyList<ConformanceRow> rows = Read(path);
        if (rows.Count == 0)
        {
            problems.Add($"{path}: the table has no rows");
        }
        var marked = tests.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Mark: m.GetCustomAttribute<ConformanceAttribute>()))
            .Where(x => x.Mark != null)
            .ToList();
        string prefix = rows.Count == 0 ? "" : IdPrefix().Match(rows[0].Id).Value;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ConformanceRow row in rows)
        {
            string where = $"{Path.GetFileName(path)}:{row.Line} ({row.Id})";
            if (!seen.Add(row.Id))
            {
                problems.Add($"{where}: duplicate id");
            }
            if (string.IsNullOrWhiteSpace(row.Source))
            {
                problems.Add($"{where}: no source (name the file and function, or say why no public source settles it)");
            }
            if (string.IsNullOrWhiteSpace(row.Rule))
            {
                problems.Add($"{where}: no rule");
            }
            var named = marked.Where(x => x.Method.Name == row.Test).ToList();
            if (named.Count == 0)
            {
                problems.Add($"{where}: test '{row.Test}' has no [Conformance] method of that name in {tests.GetName().Name}");
            }
            else if (named.All(x => x.Mark!.RowId != row.Id))
            {
                problems.Add($"{where}: test '{row.Test}' is marked [Conformance(\"{named[0].Mark!.RowId}\")], not this row");
            }
        }
        foreach (var (method, mark) in marked.Where(x => x.Mark!.RowId.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (!rows.Any(r => r.Id == mark!.RowId && r.Test == method.Name))
            {
                problems.Add($"{method.DeclaringType!.Name}.{method.Name} is marked [Conformance(\"{mark!.RowId}\")] but no row of {Path.GetFileName(path)} names it");
            }
        }
        return problems;
    }

    /// <summary>The repository's docs/conformance/<paramref name="file"/>, found above the test's directory.</summary>
    public static string PathOf(string file)
    {
        for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "docs", "conformance", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"docs/conformance/{file} not found above {AppContext.BaseDirectory}");
    }

    private static bool IsHeader(string line)
    {
        if (!line.TrimStart().StartsWith('|'))
        {
            return false;
        }
        string[] cells = Cells(line);
        return cells.Contains("Id") && cells.Contains("Rule") && cells.Contains("Source") && cells.Contains("Test");
    }

    private static int Index(string[] columns, string name) => Array.IndexOf(columns, name);

    private static string[] Cells(string line)
    {
        string trimmed = line.Trim();
        trimmed = trimmed.Substring(1, trimmed.Length - (trimmed.EndsWith('|') ? 2 : 1));
        // A "\|" inside a cell is a literal bar.
        return CellSplit().Split(trimmed).Select(c => c.Replace("\\|", "|").Trim()).ToArray();
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSplit();

    [GeneratedRegex(@"^[A-Z]+(-[A-Z]+)?-")]
    private static partial Regex IdPrefix();
}
