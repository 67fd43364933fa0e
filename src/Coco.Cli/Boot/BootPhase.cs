namespace Coco.Cli.Boot;

/// <summary>How far a boot has got, as the runner sees it on the serial console.</summary>
public enum BootPhase
{
    /// <summary>Preparing the boot drive and starting the QEMU process.</summary>
    StartingQemu,
    /// <summary>QEMU runs; OVMF initialises (SEC, PEI, DXE, BDS) until the shell appears.</summary>
    FirmwareStarting,
    /// <summary>The UEFI shell printed its startup countdown and will run startup.nsh.</summary>
    UefiShell,
    /// <summary>startup.nsh announced the launch: from here on the console is the app's.</summary>
    RunningApp,
}
