using System;
using Coco.Text;
using Coco.Uefi;

namespace UefiApp
{
    /// <summary>The sample's load options.</summary>
    public struct Options
    {
        public bool Shutdown;
        public bool Eager;

        /// <summary>MiB of conventional memory to present as unaccepted (0: none).</summary>
        public ulong SimulateUnacceptedMiB;

        private const string SimulatePrefix = "--simulate-unaccepted=";
        private const string Known = "--shutdown, --eager, --simulate-unaccepted=<MiB>";

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
                else if (CharSpan.EqualsText(word, "--eager"))
                {
                    options.Eager = true;
                }
                else if (CharSpan.StartsWith(word, SimulatePrefix))
                {
                    ReadOnlySpan<char> value = word.Slice(SimulatePrefix.Length);
                    if (!CharSpan.TryParseUInt64(value, out options.SimulateUnacceptedMiB)
                        || options.SimulateUnacceptedMiB < UnacceptedSimulation.MinimumMiB
                        || options.SimulateUnacceptedMiB > UnacceptedSimulation.MaximumMiB)
                    {
                        EfiConsole.Write("UefiApp: '");
                        EfiConsole.Write(word);
                        EfiConsole.WriteLine("': give a whole number of MiB from 8 to 1048576");
                        status = EfiStatus.InvalidParameter;
                    }
                }
                else
                {
                    EfiConsole.Write("UefiApp: unknown option '");
                    EfiConsole.Write(word);
                    EfiConsole.Write("' (known: ");
                    EfiConsole.Write(Known);
                    EfiConsole.WriteLine(")");
                    status = EfiStatus.InvalidParameter;
                }
            }
            return status;
        }
    }
}
