using System.Text;

namespace Coco.Cli.Boot;

/// <summary>
/// A temporary directory QEMU serves as a FAT drive: the image under \coco\ (not on the
/// removable-media path, so OVMF falls through to its shell) and a startup.nsh that announces
/// the launch, runs the image with its load options, reports %lasterror% and powers off.
/// Also holds the writable copy of the OVMF variable store, when the firmware has one. Deleted
/// on dispose.
/// </summary>
public sealed class BootDisk : IDisposable
{
    public const string ImageName = "app.efi";

    private BootDisk(string root, string? varsPath)
    {
        Root = root;
        DriveDirectory = Path.Combine(root, "drive");
        VarsPath = varsPath;
    }

    public string Root { get; }

    public string DriveDirectory { get; }

    /// <summary>The writable variable store; null when the firmware is one -bios image.</summary>
    public string? VarsPath { get; }

    public static BootDisk Create(string efiPath, IReadOnlyList<string> appArguments, string? ovmfVarsTemplate, bool armDebugHandshake = false)
    {
        string root = Directory.CreateTempSubdirectory("coco-boot-").FullName;
        var disk = new BootDisk(root, ovmfVarsTemplate is null ? null : Path.Combine(root, "OVMF_VARS.fd"));
        Directory.CreateDirectory(Path.Combine(disk.DriveDirectory, "coco"));
        string image = Path.Combine(disk.DriveDirectory, "coco", ImageName);
        File.Copy(efiPath, image);
        if (armDebugHandshake)
        {
            Debug.DebugHandshake.Arm(image);
        }
        if (ovmfVarsTemplate is not null)
        {
            File.Copy(ovmfVarsTemplate, disk.VarsPath!);
        }
        File.WriteAllText(Path.Combine(disk.DriveDirectory, "startup.nsh"), StartupScript(appArguments), new UnicodeEncoding(false, true));
        return disk;
    }

    /// <summary>The shell script, CR LF lines. Arguments with blanks are quoted.</summary>
    public static string StartupScript(IReadOnlyList<string> appArguments)
    {
        var command = new StringBuilder(@"fs0:\coco\" + ImageName);
        foreach (string argument in appArguments)
        {
            if (argument.Contains('"') || argument.Contains('\r') || argument.Contains('\n'))
            {
                throw new BootSetupException($"Load option '{argument}' cannot be passed through the UEFI shell (quotes and line breaks are not allowed).");
            }
            command.Append(' ').Append(argument.Contains(' ') || argument.Contains('\t') ? $"\"{argument}\"" : argument);
        }
        return string.Join("\r\n",
            "@echo -off",
            $"echo {ConsoleMarkers.Launch}",
            command.ToString(),
            $"echo \"{ConsoleMarkers.ShellExit}%lasterror%\"",
            "reset -s",
            "");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; never mask the boot's own result.
        }
    }
}
