using System.Diagnostics;

namespace Coco.Cli.Inspect;

/// <summary>
/// An external SVG-to-PNG converter: rsvg-convert (librsvg), Inkscape 1.x, or ImageMagick
/// (magick, or convert — but only if `convert -version` says ImageMagick: other programs
/// are installed under that name too).
/// </summary>
internal sealed record SvgConverter(string Name, string Executable)
{
    /// <summary>In order of preference, with the Debian package that provides each.</summary>
    public static readonly (string Name, string Package)[] Known =
    [
        ("rsvg-convert", "librsvg2-bin"),
        ("inkscape", "inkscape"),
        ("magick", "imagemagick"),
        ("convert", "imagemagick"),
    ];

    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConvertTimeout = TimeSpan.FromSeconds(120);

    public static string KnownList => string.Join(", ", Known.Select(k => $"{k.Name} ({k.Package})"));

    /// <summary>The first converter on <paramref name="searchPath"/> (a PATH-style list), and
    /// the programs found under a converter's name that turned out not to be one.</summary>
    public static (SvgConverter? Found, IReadOnlyList<string> Rejected) Find(string? searchPath)
    {
        var rejected = new List<string>();
        string[] directories = (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var (name, _) in Known)
        {
            foreach (string directory in directories)
            {
                string candidate = Path.Combine(directory, name);
                if (!IsExecutable(candidate))
                {
                    continue;
                }
                if (name is "magick" or "convert" && !IsImageMagick(candidate))
                {
                    rejected.Add($"{candidate} is not ImageMagick");
                    continue;
                }
                return (new SvgConverter(name, candidate), rejected);
            }
        }
        return (null, rejected);
    }

    public IReadOnlyList<string> Arguments(string svgPath, string pngPath) => Name switch
    {
        "rsvg-convert" => ["--format", "png", "--output", pngPath, svgPath],
        "inkscape" => ["--export-type=png", $"--export-filename={pngPath}", svgPath],
        _ => [svgPath, pngPath],
    };

    /// <summary>Converts, or throws <see cref="SvgConversionException"/> with what the tool said.</summary>
    public void Convert(string svgPath, string pngPath)
    {
        File.Delete(pngPath);
        var (exitCode, output) = Run(Executable, Arguments(svgPath, pngPath), ConvertTimeout);
        if (exitCode != 0 || !File.Exists(pngPath))
        {
            string said = output.Trim();
            throw new SvgConversionException(
                $"{Name} ({Executable}) did not write {pngPath}" + (exitCode is int code ? $" (exit code {code})" : " (timed out)") + (said.Length > 0 ? $": {said}" : ""));
        }
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) &&
        (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    /// <summary>ImageMagick's -version starts "Version: ImageMagick 7.1…".</summary>
    private static bool IsImageMagick(string executable)
    {
        var (exitCode, output) = Run(executable, ["-version"], VersionTimeout);
        return exitCode == 0 && output.TrimStart().StartsWith("Version: ImageMagick", StringComparison.Ordinal);
    }

    /// <summary>Exit code (null on time-out or failure to start) and stdout+stderr.</summary>
    private static (int? ExitCode, string Output) Run(string executable, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (null, stderr.IsCompleted ? stderr.Result : "");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, e.Message);
        }
    }
}

/// <summary>The converter ran but produced no PNG.</summary>
internal sealed class SvgConversionException(string message) : Exception(message);
