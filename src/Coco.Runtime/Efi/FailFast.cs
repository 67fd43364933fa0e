using System;
using System.Runtime.CompilerServices;

namespace Coco
{
    /// <summary>Stops the firmware after printing why and where. The host build has its own
    /// implementation (Host/FailFast.cs) that throws, so tests can observe fatal paths.</summary>
    public static unsafe class FailFast
    {
        public static void Halt(
            string message,
            [CallerFilePath] string file = "",
            [CallerLineNumber] int line = 0,
            [CallerMemberName] string member = "")
        {
            char* buffer = stackalloc char[256];
            var text = new Coco.Text.TextBuilder(buffer, 256);
            text.Append("COCO-FATAL: ");
            text.Append(message);
            AppendSite(ref text, file, line, member);
            Coco.Uefi.EfiConsole.WriteLine(text.AsSpan());
            Coco.Efi.Native.Halt();
        }

        internal static void AppendSite(ref Coco.Text.TextBuilder text, string file, int line, string member)
        {
            text.Append(" at ");
            text.AppendFileName(file);
            text.Append(':');
            text.AppendDecimal(line);
            text.Append(" (");
            text.Append(member);
            text.Append(')');
        }
    }
}
