using System.Diagnostics;

namespace Coco.Cli.Boot;

/// <summary>
/// A TPM 2.0 for one boot: swtpm (Debian's swtpm package) serving QEMU's TPM emulator backend over
/// a Unix socket in a fresh state directory, so every boot starts with PCRs reset. QEMU attaches
/// it as a TIS device, which OVMF's TCG2 support finds. swtpm ends when QEMU disconnects
/// (--terminate); disposing stops it in any case and removes the directory.
/// </summary>
public sealed class SoftwareTpm : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private SoftwareTpm(Process process, string directory, string socket)
    {
        _process = process;
        _directory = directory;
        SocketPath = socket;
    }

    public string SocketPath { get; }

    /// <summary>QEMU's arguments for the device: the socket chardev, the emulator backend, TIS.</summary>
    public IReadOnlyList<string> QemuArguments =>
    [
        "-chardev", $"socket,id=chrtpm,path={SocketPath}",
        "-tpmdev", "emulator,id=tpm0,chardev=chrtpm",
        "-device", "tpm-tis,tpmdev=tpm0",
    ];

    /// <summary>Starts swtpm and waits (up to 10 s) for its socket.</summary>
    public static SoftwareTpm Start(string swtpmPath = "swtpm")
    {
        string directory = Path.Combine(Path.GetTempPath(), "coco-tpm-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        string socket = Path.Combine(directory, "swtpm.sock");
        var start = new ProcessStartInfo(swtpmPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Absolute paths: swtpm resolves them itself.
        foreach (string argument in new[] { "socket", "--tpm2", "--tpmstate", $"dir={directory}", "--ctrl", $"type=unixio,path={socket}", "--terminate" })
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BootSetupException("swtpm did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Directory.Delete(directory, recursive: true);
            throw new BootSetupException($"--tpm needs swtpm, which was not found ('{swtpmPath}'). Install the Debian package 'swtpm' (sudo apt-get install swtpm).");
        }
        var tpm = new SoftwareTpm(process, directory, socket);
        var waited = Stopwatch.StartNew();
        while (!File.Exists(socket))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                string error = process.HasExited ? process.StandardError.ReadToEnd().Trim() : "no socket after 10 s";
                tpm.Dispose();
                throw new BootSetupException($"swtpm did not come up: {error}");
            }
            Thread.Sleep(20);
        }
        return tpm;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // swtpm may still hold a file for a moment; the directory is in /tmp.
        }
    }
}
