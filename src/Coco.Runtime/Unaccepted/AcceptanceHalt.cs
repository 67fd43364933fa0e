using Coco.Text;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Stops the machine on an acceptance failure, naming it: touching memory that was not
    /// accepted kills a TDX guest, so (like Linux's arch_accept_memory) there is no way on.
    /// Firmware prints the reason and halts through FailFast; the host raises it as
    /// FatalFirmwareErrorException with the same text.
    /// </summary>
    public static unsafe class AcceptanceHalt
    {
        public const int MessageCapacity = 200;

        public static void Halt(in AcceptResult failure)
        {
            char* buffer = stackalloc char[MessageCapacity];
            TextBuilder text = new TextBuilder(buffer, MessageCapacity);
            failure.AppendTo(ref text);
            Halt(ref text);
        }

        /// <summary>Halts with <paramref name="text"/> as the reason.</summary>
        public static void Halt(ref TextBuilder text) => FailFast.Halt(text.AsSpan());
    }
}
