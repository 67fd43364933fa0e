using Coco.Cli.Boot;
using Coco.Cli.Debug;
using Coco.Cli.Tests.Support;

namespace Coco.Cli.Tests;

/// <summary>`coco boot` refuses what is not an x64 EFI application before QEMU starts, tells the
/// shell's refusal apart from an app that runs too long, and never glues its own line to the
/// firmware's last one.</summary>
public class BootChecksTests
{
    /// <summary>A minimal PE header: MZ, e_lfanew 0x40, PE signature, machine, optional header magic and subsystem.</summary>
    private static byte[] PeImage(ushort machine, ushort magic, ushort subsystem)
    {
        byte[] image = new byte[512];
        image[0] = (byte)'M';
        image[1] = (byte)'Z';
        BitConverter.GetBytes(0x40).CopyTo(image, 0x3C);
        "PE\0\0"u8.CopyTo(image.AsSpan(0x40));
        BitConverter.GetBytes(machine).CopyTo(image, 0x44);
        BitConverter.GetBytes(magic).CopyTo(image, 0x58);
        BitConverter.GetBytes(subsystem).CopyTo(image, 0x58 + 68);
        return image;
    }

    public static TheoryData<string, byte[], string> NotEfiApplications => new()
    {
        { "text.efi", "not an image\n"u8.ToArray(), "is not a PE image: it starts with text ('not an image'), not the 'MZ' of a DOS header." },
        { "empty.efi", [], "is empty, not an EFI image." },
        { "elf.efi", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, .. new byte[60]], "it starts with 0x7F 'ELF' (an ELF file: build for UEFI, which loads PE32+)" },
        { "i386.efi", PeImage(0x014C, 0x10B, 10), "is a PE image for i386 (machine 0x014C), not x64 (0x8664)." },
        { "arm64.efi", PeImage(0xAA64, 0x20B, 10), "is a PE image for ARM64 (machine 0xAA64), not x64 (0x8664)." },
        { "pe32.efi", PeImage(0x8664, 0x10B, 10), "is a 32-bit PE32 image, not PE32+" },
        { "console.exe", PeImage(0x8664, 0x20B, 3), "is a PE32+ x64 image with subsystem Windows console (3), not EFI application (10)" },
        { "driver.efi", PeImage(0x8664, 0x20B, 11), "with subsystem EFI boot service driver (11), not EFI application (10)" },
    };

    [Theory]
    [MemberData(nameof(NotEfiApplications))]
    public void What_is_not_an_x64_efi_application_is_refused_at_once_naming_the_file_and_what_it_is(string name, byte[] bytes, string expected)
    {
        using var files = new TempFiles();
        string path = files.PathOf(name);
        File.WriteAllBytes(path, bytes);

        var (exitCode, _, error) = Support.Coco.Run("boot", path);

        Assert.Equal(64, exitCode);
        Assert.Contains($"coco: '{path}' ", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_directory_is_named_as_one()
    {
        using var files = new TempFiles();
        var (exitCode, _, error) = Support.Coco.Run("boot", files.Directory);
        Assert.Equal(64, exitCode);
        Assert.Contains($"'{files.Directory}' is a directory, not an EFI image.", error);
    }

    [Fact]
    public void A_dotnet_assembly_is_named_as_an_i386_pe32_image()
    {
        // The coco tool itself: a .NET assembly is PE32 with machine i386.
        Assert.Equal("is a PE image for i386 (machine 0x014C), not x64 (0x8664).",
            EfiImageCheck.Describe(File.ReadAllBytes(typeof(Program).Assembly.Location)));
    }

    [Fact]
    public void An_x64_efi_application_passes() => Assert.Null(EfiImageCheck.Describe(PeImage(0x8664, 0x20B, 10)));

    [Fact]
    public void The_shells_refusal_to_start_the_image_is_seen_and_the_console_ends_mid_line()
    {
        var console = new SerialConsole(null, null);
        console.Append("COCO-LAUNCH\r\nScript Error Status: Unsupported (line number 3)\r\n\u001b[1mShell> \u001b[0m");
        Assert.Equal("Unsupported (line number 3)", console.ScriptError);
        Assert.True(console.EndsMidLine);
        console.Append("\r\n");
        Assert.False(console.EndsMidLine);
    }

    [Fact]
    public void The_runners_line_starts_on_a_line_of_its_own()
    {
        var echo = new StringWriter();
        var error = new StringWriter();
        var result = new BootResult(BootOutcome.Exited, 0, 0, "The app exited with EFI status 0x0.", [], TimeSpan.FromSeconds(1))
        {
            ConsoleEndsMidLine = true,
        };
        BootCommand.Report(result, echo, error);
        Assert.Equal(Environment.NewLine, echo.ToString());
        Assert.StartsWith("coco: The app exited", error.ToString());

        var whole = new StringWriter();
        BootCommand.Report(result with { ConsoleEndsMidLine = false }, whole, error);
        Assert.Equal("", whole.ToString());
    }

    [Fact]
    public void The_debug_wait_line_parses_and_the_image_is_armed_once()
    {
        Assert.True(DebugHandshake.TryParse("COCO-DEBUG-WAIT base=000000000DE0A000 main=000000000DE0BED0 flag=000000000DE0DA30", out DebugWait wait));
        Assert.Equal(new DebugWait(0xDE0A000, 0xDE0BED0, 0xDE0DA30), wait);
        Assert.False(DebugHandshake.TryParse("COCO-DEBUG-WAIT base=0000000000000001 main=nothexnothexnot0 flag=0000000000000003", out _));
        Assert.False(DebugHandshake.TryParse("COCO-DEBUG-WAIT base=0000000000000001 flag=0000000000000003", out _));

        using var files = new TempFiles();
        byte[] image = [.. new byte[100], .. DebugHandshake.Marker, 0, 0, 0, 0, .. new byte[8]];
        string path = files.PathOf("app.efi");
        File.WriteAllBytes(path, image);
        DebugHandshake.Arm(path);
        byte[] armed = File.ReadAllBytes(path);
        Assert.Equal(1, armed[100 + DebugHandshake.Marker.Length]);
        Assert.Equal(image.Length, armed.Length);

        File.WriteAllBytes(path, new byte[64]);
        var e = Assert.Throws<BootSetupException>(() => DebugHandshake.Arm(path));
        Assert.Contains("has no debugger handshake", e.Message);
    }

    [Fact]
    public void The_lldb_script_loads_the_image_at_the_firmwares_base_and_releases_the_wait()
    {
        string script = LldbScript.For("/x/app.efi", "settings set target.source-map /_/ \"/src/\"", 4321, new DebugWait(0xDE0A000, 0xDE0BED0, 0xDE0DA30));
        string[] lines = script.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("target create \"/x/app.efi\"", lines[0]);
        Assert.Contains("gdb-remote 127.0.0.1:4321", lines);
        Assert.Contains("target modules load --file \"/x/app.efi\" --slide 0xfffffffecde0a000", lines);
        Assert.Contains("breakpoint set --one-shot true --address 0xde0bed0", lines);
        Assert.Contains("memory write --size 4 0xde0da30 0", lines);
        Assert.Equal("continue", lines[^1]);
        // The wait is released only after the breakpoint is in place.
        Assert.True(Array.IndexOf(lines, "breakpoint set --one-shot true --address 0xde0bed0") < Array.FindIndex(lines, l => l.StartsWith("memory write", StringComparison.Ordinal)));
    }
}
