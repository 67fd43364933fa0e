namespace Coco.Cli.Boot;

/// <summary>
/// The firmware a boot uses: either OVMF's code image with a variable-store template (copied,
/// so the boot can write it), or one whole image for -bios (<see cref="VarsTemplate"/> null),
/// which a TDX trust domain requires.
/// </summary>
public sealed record Firmware(string Code, string? VarsTemplate)
{
    public const string TdvfVariable = "COCO_TDVF";

    public static Firmware For(BootOptions options)
    {
        if (options.Tdx && options.Accelerator != "kvm")
        {
            throw new BootSetupException($"--tdx: a trust domain runs only under KVM, not '{options.Accelerator}' (drop --accel).");
        }
        string? image = options.FirmwareImagePath ?? (options.Tdx ? Environment.GetEnvironmentVariable(TdvfVariable) : null);
        if (image is not null)
        {
            return File.Exists(image)
                ? new Firmware(image, null)
                : throw new BootSetupException($"Firmware image '{image}' does not exist.");
        }
        if (options.Tdx)
        {
            throw new BootSetupException(
                $"--tdx needs a TDVF image (OVMF built with TDX support): give --firmware path/to/OVMF.fd or set {TdvfVariable}. See docs/tdx-guest.md.");
        }
        var (code, vars) = OvmfFirmware.Locate(options.OvmfCodePath, options.OvmfVarsPath);
        return new Firmware(code, vars);
    }
}
