using System.CommandLine;
using Coco.Cli.Boot;

namespace Coco.Cli;

/// <summary>`coco boot app.efi [options] [-- load options…]`</summary>
public static class BootCommand
{
    public static Command Create()
    {
        var arguments = new BootArguments();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not copy the firmware console to the terminal." };
        var noProgress = new Option<bool>("--no-progress")
        {
            Description = "No live status while the firmware starts (it is shown only when stdout is an interactive terminal).",
        };

        var command = new Command("boot", "Boot an EFI application in QEMU with OVMF (headless, serial console on the terminal) and exit with its status.");
        arguments.AddTo(command);
        command.Options.Add(quiet);
        command.Options.Add(noProgress);
        command.SetAction(async (parse, cancel) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            TextWriter? echo = parse.GetValue(quiet) ? null : output;
            BootOptions options = arguments.Read(parse) with { Echo = echo };
            try
            {
                BootResult result = parse.GetValue(noProgress) || !BootProgressDisplay.IsAvailable(output)
                    ? await QemuRunner.BootAsync(options, cancel)
                    : await BootWithProgressAsync(options, echo, cancel);
                Report(result, echo, error);
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

    /// <summary>The runner's last line on stderr, on a line of its own even when the firmware's
    /// output stopped mid-line (its "Shell> " prompt, a reset message).</summary>
    internal static void Report(BootResult result, TextWriter? echo, TextWriter error)
    {
        if (echo is not null && result.ConsoleEndsMidLine)
        {
            echo.WriteLine();
            echo.Flush();
        }
        error.WriteLine($"coco: {result.Message} ({result.Elapsed.TotalSeconds:F1} s)");
    }

    private static Task<BootResult> BootWithProgressAsync(BootOptions options, TextWriter? echo, CancellationToken cancel)
    {
        var display = new BootProgressDisplay(Spectre.Console.AnsiConsole.Console, echo, Path.GetFileName(options.EfiPath));
        var watched = options with { Echo = display.Echo, PhaseChanged = display.OnPhase };
        return display.RunAsync(() => QemuRunner.BootAsync(watched, cancel));
    }
}

/// <summary>The image, its load options and the machine: what `coco boot` and `coco debug` share.</summary>
internal sealed class BootArguments
{
    private readonly Argument<FileInfo> _image = new("image") { Description = "The EFI application to boot." };

    private readonly Argument<string[]> _loadOptions = new("load-options")
    {
        Description = "Passed to the app as its command line (put them after --).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<int> _memory = new("--memory", "-m") { Description = "Guest memory in MiB.", DefaultValueFactory = _ => 256 };

    private readonly Option<int> _cpus = new("--cpus", "-c") { Description = "Number of virtual CPUs.", DefaultValueFactory = _ => 1 };

    private readonly Option<int> _timeout = new("--timeout", "-t") { Description = "Seconds before giving up, firmware start included.", DefaultValueFactory = _ => 120 };

    private readonly Option<string> _accel = new("--accel") { Description = "QEMU accelerator: tcg (software emulation; the default) or kvm (the default with --tdx)." };

    private readonly Option<FileInfo> _firmware = new("--firmware")
    {
        Description = "One whole firmware image, loaded with -bios instead of OVMF's code and variable-store pair (required for --tdx: a TDVF build).",
    };

    private readonly Option<bool> _tdx = new("--tdx")
    {
        Description = "Boot in an Intel TDX trust domain (needs a TDX host with KVM, QEMU 10.1 or later, and a TDVF image: --firmware or COCO_TDVF).",
    };

    private readonly Option<bool> _tpm = new("--tpm")
    {
        Description = "Attach a TPM 2.0 (swtpm, fresh for this boot; Debian package swtpm): OVMF measures the boot into it and offers EFI_TCG2_PROTOCOL.",
    };

    public BootArguments(bool withTdx = true)
    {
        _accel.AcceptOnlyFromAmong("tcg", "kvm");
        WithTdx = withTdx;
    }

    private bool WithTdx { get; }

    public void AddTo(Command command)
    {
        command.Arguments.Add(_image);
        command.Arguments.Add(_loadOptions);
        command.Options.Add(_memory);
        command.Options.Add(_cpus);
        command.Options.Add(_timeout);
        command.Options.Add(_accel);
        command.Options.Add(_firmware);
        command.Options.Add(_tpm);
        if (WithTdx)
        {
            command.Options.Add(_tdx);
        }
    }

    public BootOptions Read(ParseResult parse)
    {
        bool tdx = WithTdx && parse.GetValue(_tdx);
        return new BootOptions
        {
            EfiPath = parse.GetValue(_image)!.FullName,
            AppArguments = parse.GetValue(_loadOptions) ?? [],
            MemoryMiB = parse.GetValue(_memory),
            Cpus = parse.GetValue(_cpus),
            Timeout = TimeSpan.FromSeconds(parse.GetValue(_timeout)),
            Accelerator = parse.GetValue(_accel) ?? (tdx ? "kvm" : "tcg"),
            FirmwareImagePath = parse.GetValue(_firmware)?.FullName,
            Tdx = tdx,
            Tpm = parse.GetValue(_tpm),
        };
    }
}
