namespace Coco.Cli;

/// <summary>Exit codes of `coco inspect` and `coco tdmr` (`coco boot` exits with the app's
/// status, see Boot/EfiExitCode and BootResult). 1 is System.CommandLine's for a bad command line.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The input file is missing, not JSON, or lacks a required field.</summary>
    public const int InputError = 2;

    /// <summary>`coco tdmr`: TdmrBuilder refused a layout (reserved areas exhausted, …).</summary>
    public const int LayoutFailed = 3;

    /// <summary>`coco inspect --png`: no SVG converter found, or the converter failed.</summary>
    public const int PngFailed = 4;

    /// <summary>`coco inspect`: the SVG could not be written (no such directory, no permission).</summary>
    public const int CannotWrite = 5;
}
