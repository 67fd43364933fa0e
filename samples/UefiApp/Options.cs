using System;
using Coco.Text;
using Coco.Uefi;

namespace UefiApp
{
    /// <summary>The sample's load options.</summary>
    public struct Options
    {
        public bool Shutdown;

        /// <summary>Reads the options; prints each word it does not understand and returns
        /// EFI_INVALID_PARAMETER if there was any.</summary>
        public static EfiStatus Parse(CommandLine line, out Options options)
        {
            options = default;
            EfiStatus status = EfiStatus.Success;
            int cursor = line.FirstOptionCursor();
            while (line.NextWord(ref cursor, out ReadOnlySpan<char> word))
            {
                if (CharSpan.EqualsText(word, "--shutdown"))
                {
                    options.Shutdown = true;
                }
                else
                {
                    EfiConsole.Write("UefiApp: unknown option '");
                    EfiConsole.Write(word);
                    EfiConsole.WriteLine("' (known: --shutdown)");
                    status = EfiStatus.InvalidParameter;
                }
            }
            return status;
        }
    }
}
