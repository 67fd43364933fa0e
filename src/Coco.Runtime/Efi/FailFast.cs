using System;
using System.Runtime.CompilerServices;

namespace Coco
{
    /// <summary>Stops the firmware after printing why and where. The .NET build has its own
    /// implementation (Host/FailFast.cs) that throws, so tests can observe fatal paths.</summary>
    public static unsafe class FailFast
    {
        private const int LineChars = 320;

        public static void Halt(
            string message,
            [CallerFilePath] string file = "",
            [CallerLineNumber] int line = 0,
            [CallerMemberName] string member = "")
        {
            fixed (char* chars = message)
            {
                Halt(new ReadOnlySpan<char>(chars, message.Length), file, line, member);
            }
        }

        /// <summary>For a reason formatted at run time (e.g. with a TextBuilder).</summary>
        public static void Halt(
            ReadOnlySpan<char> message,
            [CallerFilePath] string file = "",
            [CallerLineNumber] int line = 0,
            [CallerMemberName] string member = "")
        {
            char* buffer = stackalloc char[LineChars];
            var text = new Coco.Text.TextBuilder(buffer, LineChars);
            text.Append("COCO-FATAL: ");
            text.Append(message);
            text.Append(" at ");
            text.AppendFileName(file);
            text.Append(':');
            text.AppendDecimal(line);
            text.Append(" (");
            text.Append(member);
            text.Append(')');
            Coco.Uefi.EfiConsole.WriteLine(text.AsSpan());
            Coco.Firmware.Native.Halt();
        }
    }
}
