namespace Coco.Cli.Boot;

/// <summary>Finds the OVMF images: an explicit path, then COCO_OVMF_CODE / COCO_OVMF_VARS,
/// then where Debian's (and Fedora's) ovmf packages put them.</summary>
public static class OvmfFirmware
{
    private static readonly (string Code, string Vars)[] KnownPairs =
    [
        ("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"),
        ("/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/OVMF/OVMF_VARS.fd"),
        ("/usr/share/edk2/ovmf/OVMF_CODE.fd", "/usr/share/edk2/ovmf/OVMF_VARS.fd"),
        ("/usr/share/edk2-ovmf/x64/OVMF_CODE.fd", "/usr/share/edk2-ovmf/x64/OVMF_VARS.fd"),
    ];

    public static (string Code, string Vars) Locate(string? code, string? vars)
    {
        code ??= Environment.GetEnvironmentVariable("COCO_OVMF_CODE");
        vars ??= Environment.GetEnvironmentVariable("COCO_OVMF_VARS");
        if (code is not null && vars is not null)
        {
            return (Require(code), Require(vars));
        }
        foreach (var pair in KnownPairs)
        {
            if (File.Exists(pair.Code) && File.Exists(pair.Vars))
            {
                return pair;
            }
        }
        throw new BootSetupException(
            "OVMF firmware was not found (looked in /usr/share/OVMF and /usr/share/edk2). " +
            "Install the Debian package 'ovmf' (sudo apt-get install ovmf), or set COCO_OVMF_CODE and COCO_OVMF_VARS.");
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new BootSetupException($"OVMF image '{path}' does not exist.");
}

/// <summary>The boot could not be set up (missing QEMU, OVMF or image); the message says what to do.</summary>
public sealed class BootSetupException(string message) : Exception(message);
