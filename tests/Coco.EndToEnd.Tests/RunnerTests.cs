using Coco.Cli.Boot;

namespace Coco.EndToEnd.Tests;

public class RunnerTests
{
    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(4UL, 0)] // a warning is not a failure
    [InlineData(0x8000000000000002UL, 2)]
    [InlineData(0x8000000000000100UL, 1)] // low byte zero: still an error
    public void Efi_status_maps_to_an_exit_code(ulong status, int expected) => Assert.Equal(expected, EfiExitCode.From(status));

    [Theory]
    [InlineData("0x0 SUCCESS", true, 0UL)]
    [InlineData("0x8000000000000002 INVALID_PARAMETER", true, 0x8000000000000002UL)]
    [InlineData("  0x2", true, 2UL)]
    [InlineData("garbage", false, 0UL)]
    public void Exit_lines_parse(string text, bool ok, ulong expected)
    {
        Assert.Equal(ok, EfiExitCode.TryParse(text, out ulong status));
        Assert.Equal(expected, status);
    }

    [Fact]
    public void Startup_script_announces_runs_with_options_reports_and_powers_off()
    {
        string script = BootDisk.StartupScript(["--shutdown", "--path=a b"]);
        string[] lines = script.Split("\r\n");
        Assert.Equal("echo COCO-LAUNCH", lines[1]);
        Assert.Equal("fs0:\\coco\\app.efi --shutdown \"--path=a b\"", lines[2]);
        Assert.Equal("echo \"COCO-SHELL-EXIT %lasterror%\"", lines[3]);
        Assert.Equal("reset -s", lines[4]);
    }

    [Fact]
    public void Options_the_shell_cannot_carry_are_refused() =>
        Assert.Throws<BootSetupException>(() => BootDisk.StartupScript(["say \"hi\""]));

    [Fact]
    public void Console_escape_sequences_are_removed() =>
        Assert.Equal("Shell> fs0:", AnsiText.Strip("\u001b[1m\u001b[33m\u001b[40mShell> \u001b[0m\u001b[37m\u001b[40mfs0:"));

    [Fact]
    public async Task A_missing_image_is_a_setup_error_naming_it()
    {
        var e = await Assert.ThrowsAsync<BootSetupException>(() => QemuRunner.BootAsync(new BootOptions { EfiPath = "/nonexistent/app.efi" }));
        Assert.Contains("/nonexistent/app.efi", e.Message);
    }

    [Fact]
    public async Task An_image_the_firmware_cannot_load_ends_at_once_as_never_started_not_as_unfinished()
    {
        // A valid header with an image size no 256 MiB guest can hold: the loader refuses it.
        string path = Path.Combine(Path.GetTempPath(), $"coco-refused-{Guid.NewGuid():N}.efi");
        byte[] image = File.ReadAllBytes(Repository.FailFastEfi);
        int optionalHeader = BitConverter.ToInt32(image, 0x3C) + 24;
        BitConverter.GetBytes(0xF000_0000u).CopyTo(image, optionalHeader + 56);
        File.WriteAllBytes(path, image);
        try
        {
            BootResult result = await QemuRunner.BootAsync(new BootOptions { EfiPath = path, Timeout = TimeSpan.FromSeconds(90) });

            Assert.Equal(BootOutcome.FirmwareNeverReachedApp, result.Outcome);
            Assert.Equal(72, result.ExitCode);
            Assert.Equal("The firmware never started the app: the UEFI shell could not start it: Out of Resources (startup.nsh, line 3).", result.Message);
            Assert.True(result.Elapsed < TimeSpan.FromSeconds(60), $"took {result.Elapsed}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IReadOnlyList<string> ArgumentsFor(BootOptions options)
    {
        Firmware firmware = Firmware.For(options);
        using var disk = BootDisk.Create(Repository.SampleEfi, [], firmware.VarsTemplate);
        return QemuRunner.QemuArguments(options, firmware, disk);
    }

    private static string After(IReadOnlyList<string> arguments, string flag) =>
        arguments[arguments.ToList().IndexOf(flag) + 1];

    [Fact]
    public void Several_cpus_under_tcg_get_one_host_thread_each()
    {
        var arguments = ArgumentsFor(new BootOptions { EfiPath = Repository.SampleEfi, Cpus = 2 });
        Assert.Equal("2", After(arguments, "-smp"));
        Assert.Equal("tcg,thread=multi", After(arguments, "-accel"));
        Assert.Equal("tcg", After(ArgumentsFor(new BootOptions { EfiPath = Repository.SampleEfi }), "-accel"));
    }

    [Fact]
    public void A_trust_domain_gets_kvm_the_tdx_guest_object_and_one_bios_image()
    {
        string tdvf = Path.GetTempFileName();
        try
        {
            var arguments = ArgumentsFor(new BootOptions { EfiPath = Repository.SampleEfi, Tdx = true, Accelerator = "kvm", FirmwareImagePath = tdvf });

            Assert.Equal("q35,kernel-irqchip=split,confidential-guest-support=tdx0", After(arguments, "-machine"));
            Assert.Equal("tdx-guest,id=tdx0", After(arguments, "-object"));
            Assert.Equal(tdvf, After(arguments, "-bios"));
            Assert.Equal("kvm", After(arguments, "-accel"));
            Assert.Equal("host", After(arguments, "-cpu"));
            Assert.DoesNotContain(arguments, a => a.StartsWith("if=pflash", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(tdvf);
        }
    }

    [Fact]
    public void An_ordinary_boot_uses_the_pflash_pair_and_no_tdx_object()
    {
        var arguments = ArgumentsFor(new BootOptions { EfiPath = Repository.SampleEfi });

        Assert.Equal("q35", After(arguments, "-machine"));
        Assert.DoesNotContain("-object", arguments);
        Assert.DoesNotContain("-bios", arguments);
        Assert.Equal(2, arguments.Count(a => a.StartsWith("if=pflash", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("tcg", null, "runs only under KVM, not 'tcg'")]
    [InlineData("kvm", null, "--tdx needs a TDVF image")]
    [InlineData("kvm", "/nonexistent/OVMF.tdx.fd", "'/nonexistent/OVMF.tdx.fd' does not exist")]
    public void A_trust_domain_that_cannot_start_is_refused_before_qemu_runs(string accelerator, string? firmware, string expected)
    {
        string? saved = Environment.GetEnvironmentVariable(Firmware.TdvfVariable);
        Environment.SetEnvironmentVariable(Firmware.TdvfVariable, null);
        try
        {
            var e = Assert.Throws<BootSetupException>(() =>
                Firmware.For(new BootOptions { EfiPath = Repository.SampleEfi, Tdx = true, Accelerator = accelerator, FirmwareImagePath = firmware }));
            Assert.Contains(expected, e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Firmware.TdvfVariable, saved);
        }
    }
}
