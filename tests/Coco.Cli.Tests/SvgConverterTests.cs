using Coco.Cli.Inspect;
using Coco.Cli.Tests.Support;

namespace Coco.Cli.Tests;

/// <summary>Finding a PNG converter on a PATH made of temporary directories.</summary>
public class SvgConverterTests
{
    private static string Program(TempFiles files, string directory, string name, string script, bool executable = true)
    {
        string folder = Path.Combine(files.Directory, directory);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        if (executable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return folder;
    }

    [Fact]
    public void Nothing_on_the_path_finds_nothing()
    {
        using var files = new TempFiles();
        var (found, rejected) = SvgConverter.Find(files.Directory);
        Assert.Null(found);
        Assert.Empty(rejected);
        Assert.Null(SvgConverter.Find(null).Found);
    }

    [Fact]
    public void A_convert_that_is_not_imagemagick_is_passed_over_and_named()
    {
        using var files = new TempFiles();
        string bin = Program(files, "bin", "convert", "echo 'convert: ImageMagick is not installed here, and this stand-in only prints a PNG'");
        var (found, rejected) = SvgConverter.Find(bin);
        Assert.Null(found);
        Assert.Equal(new[] { $"{Path.Combine(bin, "convert")} is not ImageMagick" }, rejected);
    }

    [Fact]
    public void Imagemagick_is_recognised_by_its_version_line()
    {
        using var files = new TempFiles();
        string bin = Program(files, "bin", "magick", "echo 'Version: ImageMagick 7.1.1-43 Q16-HDRI x86_64 22550 https://imagemagick.org'");
        var (found, _) = SvgConverter.Find(bin);
        Assert.Equal(new SvgConverter("magick", Path.Combine(bin, "magick")), found);
        Assert.Equal(new[] { "in.svg", "out.png" }, found!.Arguments("in.svg", "out.png"));
    }

    [Fact]
    public void Rsvg_convert_comes_first_and_non_executables_do_not_count()
    {
        using var files = new TempFiles();
        string first = Program(files, "a", "rsvg-convert", "exit 0", executable: false);
        string second = Program(files, "b", "inkscape", "exit 0");
        string third = Program(files, "c", "rsvg-convert", "exit 0");
        var (found, _) = SvgConverter.Find(string.Join(Path.PathSeparator, first, second, third));
        Assert.Equal(Path.Combine(third, "rsvg-convert"), found!.Executable);
        Assert.Equal(new[] { "--format", "png", "--output", "o.png", "i.svg" }, found.Arguments("i.svg", "o.png"));
        Assert.Equal(new[] { "--export-type=png", "--export-filename=o.png", "i.svg" },
            new SvgConverter("inkscape", "inkscape").Arguments("i.svg", "o.png"));
    }

    [Fact]
    public void A_converter_that_writes_nothing_is_an_error_with_what_it_said()
    {
        using var files = new TempFiles();
        string bin = Program(files, "bin", "rsvg-convert", "echo 'rsvg-convert: Error reading SVG' >&2; exit 1");
        var converter = SvgConverter.Find(bin).Found!;
        var e = Assert.Throws<SvgConversionException>(() => converter.Convert(files.PathOf("in.svg"), files.PathOf("out.png")));
        Assert.Contains("(exit code 1): rsvg-convert: Error reading SVG", e.Message);
    }
}
