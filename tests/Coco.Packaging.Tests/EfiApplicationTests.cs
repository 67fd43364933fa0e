using Xunit.Abstractions;

namespace Coco.Packaging.Tests;

/// <summary>Issue #7, item 2: a new project that references the packages, declares a
/// configuration table with a bitmap and a TDCALL binding, sets CocoEfiApplication, builds an
/// .efi and boots it in QEMU with OVMF through the packed coco tool (`dotnet run`).</summary>
[Collection(LocalFeedCollection.Name)]
public class EfiApplicationTests(LocalFeed feed, ITestOutputHelper output)
{
    [Fact]
    public void A_project_from_nothing_builds_an_efi_image_that_dotnet_run_boots()
    {
        var app = ConsumerProject.EfiApplication(feed, "PackagedApp", "EfiApp");

        CommandResult build = Step(app.Dotnet("build", "-c", "Release", "-nologo", "--disable-build-servers"));
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotMatch(@"warning [A-Z]+[0-9]+", build.Output);
        string image = Path.Combine(app.OutputDirectory("Release"), "PackagedApp.efi");
        Assert.Contains($"PackagedApp -> {image}", build.Output);
        AssertEfiApplicationImage(image);

        Assert.Equal(0, Step(app.Dotnet("new", "tool-manifest")).ExitCode);
        CommandResult install = Step(app.Dotnet("tool", "install", "Coco.Cli", "--add-source", feed.Directory, "--version", feed.Version));
        Assert.True(install.ExitCode == 0, install.ToString());

        CommandResult run = Step(app.Dotnet("run", "-c", "Release", "--no-build", "--", "--timeout", "240"));
        Assert.True(run.ExitCode == 0, run.ToString());
        string[] lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains("PACKAGED-APP start", lines);
        Assert.Contains("PACKAGED-APP table headerSize=16 found=same version=1 set=11 bit3=1 bit4=0 bitOf(0x10A000)=10", lines);
        Assert.Contains("PACKAGED-APP tdcall first=TDX_SUCCESS (0x0000000000000000) again=TDX_PAGE_ALREADY_ACCEPTED (0x00000B0A00000000) acceptedPages=1", lines);
        Assert.Contains("COCO-EXIT 0x0 SUCCESS", lines);
        Assert.Contains("coco: The app exited with EFI status 0x0.", run.Output);
    }

    [Fact]
    public void Dotnet_run_says_how_to_install_coco_and_finds_it_in_a_tool_manifest_or_CocoRunner()
    {
        var app = ConsumerProject.EfiApplication(feed, "Runner", "EfiApp");
        Assert.Equal(0, Step(app.Dotnet("restore", "--disable-build-servers")).ExitCode);
        string image = $"\"{Path.Combine(app.OutputDirectory("Release"), "Runner.efi")}\"";

        CommandResult run = Step(app.Dotnet("run", "-c", "Release", "--no-build"));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Coco: 'dotnet run' boots the image with the coco tool, which is neither listed in a dotnet tool manifest", run.Output);
        Assert.Contains("'dotnet tool install Coco.Cli'", run.Output);
        Assert.DoesNotContain("COCO-LAUNCH", run.Output);

        // The manifest's other place (`dotnet new tool-manifest` writes dotnet-tools.json beside the project).
        Directory.CreateDirectory(Path.Combine(app.Directory, ".config"));
        File.WriteAllText(Path.Combine(app.Directory, ".config", "dotnet-tools.json"), $$"""
            { "version": 1, "isRoot": true, "tools": { "coco.cli": { "version": "{{feed.Version}}", "commands": [ "coco" ], "rollForward": false } } }
            """);
        Assert.Equal(("dotnet", $"coco boot {image}"), RunCommand(app));
        Assert.Equal(("dotnet", $"exec \"/opt/coco/coco.dll\" boot {image}"), RunCommand(app, "-p:CocoRunner=/opt/coco/coco.dll"));
        Assert.Equal(("/opt/coco/coco", $"boot {image}"), RunCommand(app, "-p:CocoRunner=/opt/coco/coco"));
    }

    /// <summary>What `dotnet run` would start: RunCommand and RunArguments after ComputeRunArguments.</summary>
    private (string Command, string Arguments) RunCommand(ConsumerProject app, params string[] properties)
    {
        CommandResult result = Step(app.Dotnet(["msbuild", "-t:ComputeRunArguments", "-p:Configuration=Release",
            "-getProperty:RunCommand", "-getProperty:RunArguments", .. properties]));
        Assert.True(result.ExitCode == 0, result.ToString());
        System.Text.Json.JsonElement values = System.Text.Json.JsonDocument.Parse(result.Output).RootElement.GetProperty("Properties");
        return (values.GetProperty("RunCommand").GetString()!, values.GetProperty("RunArguments").GetString()!);
    }

    /// <summary>PE32+ for x64 with subsystem EFI application, as OVMF loads it.</summary>
    private static void AssertEfiApplicationImage(string path)
    {
        byte[] image = File.ReadAllBytes(path);
        Assert.Equal((byte)'M', image[0]);
        Assert.Equal((byte)'Z', image[1]);
        int pe = BitConverter.ToInt32(image, 0x3C);
        Assert.Equal(0x00004550u, BitConverter.ToUInt32(image, pe));      // "PE\0\0"
        Assert.Equal((ushort)0x8664, BitConverter.ToUInt16(image, pe + 4)); // IMAGE_FILE_MACHINE_AMD64
        int optional = pe + 24;
        Assert.Equal((ushort)0x20B, BitConverter.ToUInt16(image, optional));      // PE32+
        Assert.Equal((ushort)10, BitConverter.ToUInt16(image, optional + 68));     // IMAGE_SUBSYSTEM_EFI_APPLICATION
    }

    private CommandResult Step(CommandResult result)
    {
        output.WriteLine($"$ {result.CommandLine}  -> exit {result.ExitCode} in {result.Elapsed.TotalSeconds:F1} s");
        return result;
    }
}
