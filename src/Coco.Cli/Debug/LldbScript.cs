using System.Globalization;
using System.Text;

namespace Coco.Cli.Debug;

/// <summary>
/// The LLDB commands that take over a waiting image: load the image and its PDB at the base the
/// firmware chose, connect to QEMU's gdb stub, break at EfiMain, release the wait and run to
/// the breakpoint. The user's own command files follow it.
/// </summary>
public static class LldbScript
{
    /// <summary>The preferred base lld-link gives x64 images; the PDB's addresses are relative to it.</summary>
    public const ulong LinkedImageBase = 0x1_4000_0000;

    public static string For(string imagePath, string? sourceMapCommands, int gdbPort, DebugWait wait)
    {
        ulong slide = unchecked(wait.ImageBase - LinkedImageBase);
        var script = new StringBuilder();
        script.AppendLine(CultureInfo.InvariantCulture, $"target create {Quote(imagePath)}");
        // QEMU's stub answers slowly under TCG on a busy machine.
        script.AppendLine("settings set plugin.process.gdb-remote.packet-timeout 30");
        if (sourceMapCommands is not null)
        {
            script.AppendLine(sourceMapCommands.Trim());
        }
        script.AppendLine(CultureInfo.InvariantCulture, $"gdb-remote 127.0.0.1:{gdbPort}");
        script.AppendLine(CultureInfo.InvariantCulture, $"target modules load --file {Quote(imagePath)} --slide 0x{slide:x}");
        script.AppendLine(CultureInfo.InvariantCulture, $"breakpoint set --one-shot true --address 0x{wait.EfiMain:x}");
        script.AppendLine(CultureInfo.InvariantCulture, $"memory write --size 4 0x{wait.Flag:x} 0");
        script.AppendLine("continue");
        return script.ToString();
    }

    private static string Quote(string path) => "\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
