using Coco.Text;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Stops the machine on an acceptance failure, naming it: touching memory that was not
    /// accepted kills a TDX guest, so (like Linux's arch_accept_memory) there is no way on.
    /// Firmware prints the reason and halts through FailFast; the .NET build raises it as
    /// FatalFirmwareErrorException with the same text. Callers record what was accepted first.
    /// </summary>
    public static unsafe class AcceptanceHalt
    {
        public const int MessageCapacity = 200;

        /// <summary>Halts when <paramref name="result"/> failed and the acceptor's policy is
        /// <see cref="AcceptFailurePolicy.Halt"/>; otherwise returns.</summary>
        public static void IfFatal(in MemoryAcceptor acceptor, in AcceptResult result)
        {
            if (result.IsError && acceptor.FailurePolicy == AcceptFailurePolicy.Halt)
            {
                Halt(result);
            }
        }

        public static void Halt(in AcceptResult failure)
        {
            char* buffer = stackalloc char[MessageCapacity];
            TextBuilder text = new TextBuilder(buffer, MessageCapacity);
            failure.AppendTo(ref text);
            FailFast.Halt(text.AsSpan());
        }
    }
}
