namespace Coco.Cli.Boot;

/// <summary>How to boot an EFI image under QEMU.</summary>
public sealed record BootOptions
{
    public required string EfiPath { get; init; }

    /// <summary>The load options the UEFI shell passes to the image (its command line).</summary>
    public IReadOnlyList<string> AppArguments { get; init; } = [];

    public int MemoryMiB { get; init; } = 256;

    public int Cpus { get; init; } = 1;

    /// <summary>Wall-clock limit for the whole boot, firmware included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Copy the firmware's console output to this writer as it arrives (null: do not).</summary>
    public TextWriter? Echo { get; init; }

    /// <summary>Told of each <see cref="BootPhase"/> as the boot reaches it, on the thread that
    /// reads the console, after the echo of the text that led to it.</summary>
    public Action<BootPhase>? PhaseChanged { get; init; }

    /// <summary>QEMU's accelerator: "tcg" (software emulation, works everywhere) or "kvm".</summary>
    public string Accelerator { get; init; } = "tcg";

    public string QemuPath { get; init; } = "qemu-system-x86_64";

    /// <summary>Fault in all guest RAM on the host before the guest starts (QEMU -mem-prealloc),
    /// so that a benchmark timing the guest's first touches of its memory times the guest and
    /// not the host kernel handing out pages.</summary>
    public bool PreallocateMemory { get; init; }

    /// <summary>OVMF code and variable-store images; found in the usual Debian places when null.</summary>
    public string? OvmfCodePath { get; init; }

    public string? OvmfVarsPath { get; init; }

    /// <summary>One whole firmware image loaded with -bios instead of the OVMF code and
    /// variable-store pair (a TDVF build for TDX guests, or Debian's OVMF.fd).</summary>
    public string? FirmwareImagePath { get; init; }

    /// <summary>Attach a TPM 2.0 (swtpm, fresh for this boot) as a TIS device: OVMF's TCG2 support
    /// then measures the boot and offers EFI_TCG2_PROTOCOL.</summary>
    public bool Tpm { get; init; }

    /// <summary>Boot the image in a TDX trust domain: KVM with TDX on the host, QEMU 10.1 or
    /// later, and a TDVF image (<see cref="FirmwareImagePath"/> or COCO_TDVF).</summary>
    public bool Tdx { get; init; }

    /// <summary>Open QEMU's gdb stub on this port of 127.0.0.1 (`coco debug`).</summary>
    public int? GdbPort { get; init; }

    /// <summary>Arm the debugger handshake in the copy of the image that boots (Debug/DebugHandshake).</summary>
    public bool ArmDebugHandshake { get; init; }

    /// <summary>Run when the armed image announces that it waits for a debugger: from then on the
    /// time limit no longer applies, and QEMU is stopped when the returned task ends.</summary>
    public Func<Debug.DebugWait, CancellationToken, Task>? DebuggerAttach { get; init; }
}
