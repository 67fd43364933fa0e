using System.Net.Sockets;
using System.Text;

namespace Coco.Cli.Boot;

/// <summary>
/// The QMP socket of a `coco debug` boot. The runner pauses the guest through it before the
/// debugger connects: QEMU's gdb stub answers a connection to a running guest with an
/// unrequested stop reply, which LLDB takes for the reply to its first packet and gives up
/// ("failed to get reply to handshake packet"). Connected to a paused guest, it does not.
/// </summary>
public static class QemuMonitor
{
    public static async Task PauseAsync(string socketPath, CancellationToken cancel)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel);
        }
        catch (SocketException e)
        {
            throw new BootSetupException($"QEMU's monitor socket '{socketPath}' did not answer ({e.Message}), so the guest could not be paused for the debugger.");
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await reader.ReadLineAsync(cancel); // the greeting
        await ExecuteAsync(stream, reader, "qmp_capabilities", cancel);
        await ExecuteAsync(stream, reader, "stop", cancel);
    }

    private static async Task ExecuteAsync(Stream stream, StreamReader reader, string command, CancellationToken cancel)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"{{\"execute\":\"{command}\"}}\n"), cancel);
        while (await reader.ReadLineAsync(cancel) is string line)
        {
            // Events ({"event": …}) may come first; the command's answer is "return" or "error".
            if (line.Contains("\"return\"", StringComparison.Ordinal))
            {
                return;
            }
            if (line.Contains("\"error\"", StringComparison.Ordinal))
            {
                throw new BootSetupException($"QEMU refused '{command}': {line}");
            }
        }
        throw new BootSetupException($"QEMU closed its monitor before answering '{command}'.");
    }
}
