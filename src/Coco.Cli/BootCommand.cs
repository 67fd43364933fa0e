using System.CommandLine;
using Coco.Cli.Boot;

namespace Coco.Cli;

/// <summary>`coco boot app.efi [options] [-- load options…]`</summary>
public static class BootCommand
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "The EFI application to boot." };
        var loadOptions = new Argument<string[]>("load-options")
        {
            Description = "Passed to the app as its command line (put them after --).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var memory = new Option<int>("--memory", "-m") { Description = "Guest memory in MiB.", DefaultValueFactory = _ => 256 };
        var cpus = new Option<int>("--cpus", "-c") { Description = "Number of virtual CPUs.", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout", "-t") { Description = "Seconds before giving up, firmware start included.", DefaultValueFactory = _ => 120 };
        var accel = new Option<string>("--accel") { Description = "QEMU accelerator: tcg (software emulation; the default) or kvm (the default with --tdx)." };
        accel.AcceptOnlyFromAmong("tcg", "kvm");
        var firmware = new Option<FileInfo>("--firmware")
        {
            Description = "One whole firmware image, loaded with -bios instead of OVMF's code and variable-store pair (required for --tdx: a TDVF build).",
        };
        var tdx = new Option<bool>("--tdx")
        {
            Description = "Boot in an Intel TDX trust domain (needs a TDX host with KVM, QEMU 10.1 or later, and a TDVF image: --firmware or COCO_TDVF).",
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not copy the firmware console to the terminal." };
        var noProgress = new Option<bool>("--no-progress")
        {
            Description = "No live status while the firmware starts (it is shown only when stdout is an interactive terminal).",
        };

        var command = new Command("boot", "Boot an EFI application in QEMU with OVMF (headless, serial console on the terminal) and exit with its status.")
        {
            image, loadOptions, memory, cpus, timeout, accel, firmware, tdx, quiet, noProgress,
        };
        command.SetAction(async (parse, cancel) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            TextWriter? echo = parse.GetValue(quiet) ? null : output;
            var options = new BootOptions
            {
                EfiPath = parse.GetValue(image)!.FullName,
                AppArguments = parse.GetValue(loadOptions) ?? [],
                MemoryMiB = parse.GetValue(memory),
                Cpus = parse.GetValue(cpus),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                Accelerator = parse.GetValue(accel) ?? (parse.GetValue(tdx) ? "kvm" : "tcg"),
                FirmwareImagePath = parse.GetValue(firmware)?.FullName,
                Tdx = parse.GetValue(tdx),
                Echo = echo,
            };
            try
            {
                BootResult result = parse.GetValue(noProgress) || !BootProgressDisplay.IsAvailable(output)
                    ? await QemuRunner.BootAsync(options, cancel)
                    : await BootWithProgressAsync(options, echo, cancel);
                error.WriteLine($"coco: {result.Message} ({result.Elapsed.TotalSeconds:F1} s)");
                return result.ExitCode;
            }
            catch (BootSetupException e)
            {
                error.WriteLine($"coco: {e.Message}");
                return 64;
            }
        });
        return command;
    }

    private static Task<BootResult> BootWithProgressAsync(BootOptions options, TextWriter? echo, CancellationToken cancel)
    {
        var display = new BootProgressDisplay(Spectre.Console.AnsiConsole.Console, echo, Path.GetFileName(options.EfiPath));
        var watched = options with { Echo = display.Echo, PhaseChanged = display.OnPhase };
        return display.RunAsync(() => QemuRunner.BootAsync(watched, cancel));
    }
}
