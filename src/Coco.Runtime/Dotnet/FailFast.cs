using System;
using System.Runtime.CompilerServices;

namespace Coco
{
    /// <summary>.NET counterpart of the firmware fail-fast: the same message and site, raised
    /// as an exception so that tests can assert on fatal paths.</summary>
    public static class FailFast
    {
        public static void Halt(
            string message,
            [CallerFilePath] string file = "",
            [CallerLineNumber] int line = 0,
            [CallerMemberName] string member = "")
        {
            throw new FatalFirmwareErrorException(
                $"COCO-FATAL: {message} at {System.IO.Path.GetFileName(file)}:{line} ({member})");
        }

        public static void Halt(
            ReadOnlySpan<char> message,
            [CallerFilePath] string file = "",
            [CallerLineNumber] int line = 0,
            [CallerMemberName] string member = "") => Halt(new string(message), file, line, member);
    }

    public sealed class FatalFirmwareErrorException : Exception
    {
        public FatalFirmwareErrorException(string message) : base(message) { }
    }
}
