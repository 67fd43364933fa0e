using System;
using Coco.Text;
using Coco.Uefi;

namespace UefiApp
{
    /// <summary>The sample's load options.</summary>
    public unsafe struct Options
    {
        public bool Shutdown;
        public bool Eager;

        /// <summary>After acceptance, time an 8-byte store loop over the same simulated memory:
        /// the baseline of the acceptance benchmark (tests/Coco.Benchmarks, qemu-acceptance).</summary>
        public bool MeasureStoreLoop;

        /// <summary>MiB of conventional memory to present as unaccepted (0: none).</summary>
        public ulong SimulateUnacceptedMiB;

        /// <summary>MiB of unaccepted memory to accept before handing over, lowest addresses
        /// first (0: none; --eager: all).</summary>
        public ulong AcceptUpfrontMiB;

        /// <summary>MiB each CPU takes at a time in eager and up-front acceptance (0: the default).</summary>
        public ulong ChunkMiB;

        // --platform=<name>: whose simulation --simulate-unaccepted runs (default "tdx").
        private char* _platform;
        private int _platformLength;

        // --chainload=<path>: the image to start once the table is published, and the rest of
        // the line, unparsed, for it. Both point into this image's load options.
        private char* _chainloadPath;
        private int _chainloadPathLength;
        private char* _chainloadArguments;
        private int _chainloadArgumentsLength;

        private const string SimulatePrefix = "--simulate-unaccepted=";
        private const string ChainloadPrefix = "--chainload=";
        private const string PlatformPrefix = "--platform=";
        private const string UpfrontPrefix = "--accept-upfront=";
        private const string ChunkPrefix = "--chunk=";
        private const string DefaultSimulatedPlatform = "tdx";
        private const string Known = "--shutdown, --eager, --accept-upfront=<MiB>, --chunk=<MiB>, --simulate-unaccepted=<MiB>, --platform=<name>, --measure-store-loop, --chainload=<path> [its options]";

        public bool Chainload => _chainloadPath != null;

        /// <summary>The platform whose simulation --simulate-unaccepted runs.</summary>
        public ReadOnlySpan<char> SimulatedPlatform => _platform == null ? DefaultSimulatedPlatform : new ReadOnlySpan<char>(_platform, _platformLength);

        /// <summary>True when --platform= was given.</summary>
        public bool PlatformGiven => _platform != null;

        public ReadOnlySpan<char> ChainloadPath => new ReadOnlySpan<char>(_chainloadPath, _chainloadPathLength);

        public ReadOnlySpan<char> ChainloadArguments => new ReadOnlySpan<char>(_chainloadArguments, _chainloadArgumentsLength);

        /// <summary>Reads the options up to --chainload=&lt;path&gt;, whose following words belong
        /// to the image it names; prints each word it does not understand and returns
        /// EFI_INVALID_PARAMETER if there was any.</summary>
        public static EfiStatus Parse(CommandLine line, out Options options)
        {
            options = default;
            EfiStatus status = EfiStatus.Success;
            int cursor = line.FirstOptionCursor();
            while (line.NextWord(ref cursor, out ReadOnlySpan<char> word))
            {
                if (CharSpan.StartsWith(word, ChainloadPrefix))
                {
                    return options.CheckPlatform(ParseChainload(line, cursor, word, ref options, status));
                }
                if (CharSpan.EqualsText(word, "--shutdown"))
                {
                    options.Shutdown = true;
                }
                else if (CharSpan.EqualsText(word, "--eager"))
                {
                    options.Eager = true;
                }
                else if (CharSpan.EqualsText(word, "--measure-store-loop"))
                {
                    options.MeasureStoreLoop = true;
                }
                else if (CharSpan.StartsWith(word, UpfrontPrefix))
                {
                    if (!CharSpan.TryParseUInt64(word.Slice(UpfrontPrefix.Length), out options.AcceptUpfrontMiB) || options.AcceptUpfrontMiB == 0
                        || options.AcceptUpfrontMiB > UnacceptedSimulation.MaximumMiB * 1024)
                    {
                        Refuse(word, "give a whole number of MiB, at least 1");
                        status = EfiStatus.InvalidParameter;
                    }
                }
                else if (CharSpan.StartsWith(word, ChunkPrefix))
                {
                    if (!CharSpan.TryParseUInt64(word.Slice(ChunkPrefix.Length), out options.ChunkMiB) || options.ChunkMiB == 0 || options.ChunkMiB > 4096)
                    {
                        Refuse(word, "give a whole number of MiB from 1 to 4096");
                        status = EfiStatus.InvalidParameter;
                    }
                }
                else if (CharSpan.StartsWith(word, PlatformPrefix))
                {
                    ReadOnlySpan<char> name = word.Slice(PlatformPrefix.Length);
                    fixed (char* chars = name)
                    {
                        // The span lies in the load options, which outlive this image's run.
                        options._platform = chars;
                        options._platformLength = name.Length;
                    }
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
            return options.CheckPlatform(status);
        }

        private static void Refuse(ReadOnlySpan<char> word, string why)
        {
            EfiConsole.Write("UefiApp: '");
            EfiConsole.Write(word);
            EfiConsole.Write("': ");
            EfiConsole.WriteLine(why);
        }

        /// <summary>--platform= needs --simulate-unaccepted and a registered vendor's name;
        /// --eager and --accept-upfront= exclude each other.</summary>
        private EfiStatus CheckPlatform(EfiStatus status)
        {
            if (MeasureStoreLoop && SimulateUnacceptedMiB == 0)
            {
                EfiConsole.WriteLine("UefiApp: --measure-store-loop times stores over the simulated memory; give --simulate-unaccepted=<MiB> too");
                status = EfiStatus.InvalidParameter;
            }
            if (Eager && AcceptUpfrontMiB != 0)
            {
                EfiConsole.WriteLine("UefiApp: --eager accepts everything and --accept-upfront=<MiB> a part: give one of them");
                status = EfiStatus.InvalidParameter;
            }
            if (_platform == null)
            {
                return status;
            }
            if (SimulateUnacceptedMiB == 0)
            {
                EfiConsole.WriteLine("UefiApp: --platform= chooses whose simulation --simulate-unaccepted runs; give --simulate-unaccepted=<MiB> too");
                return EfiStatus.InvalidParameter;
            }
            if (!Coco.Platform.ConfidentialPlatforms.IsRegistered(SimulatedPlatform))
            {
                char* buffer = stackalloc char[160];
                var line = new TextBuilder(buffer, 160);
                line.Append("UefiApp: unknown platform '");
                line.Append(SimulatedPlatform);
                line.Append("' (known: ");
                Coco.Platform.ConfidentialPlatforms.AppendNames(ref line);
                line.Append(')');
                EfiConsole.WriteLine(line.AsSpan());
                return EfiStatus.InvalidParameter;
            }
            return status;
        }

        private static EfiStatus ParseChainload(CommandLine line, int cursor, ReadOnlySpan<char> word, ref Options options, EfiStatus status)
        {
            ReadOnlySpan<char> path = word.Slice(ChainloadPrefix.Length);
            if (path.Length == 0)
            {
                EfiConsole.WriteLine("UefiApp: '--chainload=': give the path of the image to start, e.g. --chainload=\\EFI\\Linux\\vmlinuz.efi");
                return EfiStatus.InvalidParameter;
            }
            if (HasDrive(path))
            {
                EfiConsole.Write("UefiApp: '");
                EfiConsole.Write(word);
                EfiConsole.WriteLine("': give the path on the device this app was loaded from, without a drive such as 'fs0:'");
                return EfiStatus.InvalidParameter;
            }
            ReadOnlySpan<char> arguments = line.Remainder(cursor);
            fixed (char* pathChars = path)
            fixed (char* argumentChars = arguments)
            {
                // Both spans lie in the load options, which outlive this image's run.
                options._chainloadPath = pathChars;
                options._chainloadPathLength = path.Length;
                options._chainloadArguments = argumentChars;
                options._chainloadArgumentsLength = arguments.Length;
            }
            return status;
        }

        // A shell mapping such as fs0: means nothing to the firmware's file-system protocol.
        private static bool HasDrive(ReadOnlySpan<char> path)
        {
            for (int i = 0; i < path.Length; i++)
            {
                if (path[i] == ':')
                {
                    return true;
                }
            }
            return false;
        }
    }
}
