namespace Coco.EndToEnd.Tests;

/// <summary>Two clean builds of the sample, from two checkouts in different directories, give
/// the same image bytes: no build machine's path or time ends up in an EFI image.</summary>
public class ReproducibleBuildTests
{
    /// <summary>What building the sample needs, copied without bin/ and obj/.</summary>
    private static readonly string[] Parts = ["src", Path.Combine("samples", "UefiApp"), "Directory.Build.props", "Directory.Packages.props", "global.json"];

    private static void CopyCheckout(string destination)
    {
        foreach (string part in Parts)
        {
            string source = Path.Combine(Repository.Root, part);
            string target = Path.Combine(destination, part);
            if (File.Exists(source))
            {
                File.Copy(source, target);
                continue;
            }
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, file);
                string[] directories = relative.Split(Path.DirectorySeparatorChar)[..^1];
                if (directories.Contains("bin") || directories.Contains("obj"))
                {
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
                File.Copy(file, Path.Combine(target, relative));
            }
        }
    }

    [Fact]
    public void Two_checkouts_in_different_directories_build_the_same_sample_image()
    {
        string root = Directory.CreateTempSubdirectory("coco-repro-").FullName;
        try
        {
            string first = Path.Combine(root, "a");
            string second = Path.Combine(root, "a checkout", "somewhere else entirely");
            CopyCheckout(Directory.CreateDirectory(first).FullName);
            CopyCheckout(Directory.CreateDirectory(second).FullName);

            // The second build also takes NUGET_PACKAGES without its trailing slash, which once
            // broke the path to ILC.
            string packages = (Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")).TrimEnd('/');
            var firstBuild = Dotnet.RunIn(first, null, "build", Path.Combine("samples", "UefiApp"), "-c", "Release", "-nologo");
            Assert.True(firstBuild.ExitCode == 0, firstBuild.Output);
            var secondBuild = Dotnet.RunIn(second, new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages },
                "build", Path.Combine("samples", "UefiApp"), "-c", "Release", "-nologo");
            Assert.True(secondBuild.ExitCode == 0, secondBuild.Output);

            string image = Path.Combine("samples", "UefiApp", "bin", "Release", "net10.0", "UefiApp.efi");
            byte[] one = File.ReadAllBytes(Path.Combine(first, image));
            byte[] two = File.ReadAllBytes(Path.Combine(second, image));
            Assert.Equal(one.Length, two.Length);
            int firstDifference = Enumerable.Range(0, one.Length).FirstOrDefault(i => one[i] != two[i], -1);
            Assert.True(firstDifference < 0, $"the images differ first at file offset 0x{firstDifference:X}");
            // Neither checkout's directory is in the image, in UTF-16 (CallerFilePath) or in bytes.
            foreach (string directory in new[] { first, second })
            {
                Assert.Equal(-1, one.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(directory)));
                Assert.Equal(-1, one.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(directory)));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void No_image_of_the_repository_holds_a_path_of_this_machine()
    {
        foreach (string efi in new[] { Repository.SampleEfi, Repository.FailFastEfi, Repository.TdxHostAppEfi, Repository.DebugAppEfi, Repository.PrimitivesEfi })
        {
            byte[] image = File.ReadAllBytes(efi);
            Assert.Equal(-1, image.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(Repository.Root)));
            Assert.Equal(-1, image.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(Repository.Root)));
        }
    }
}
