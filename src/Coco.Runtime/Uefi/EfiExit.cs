using Coco.Text;
using Coco.Uefi;

namespace UefiApp
{
    internal static unsafe class Exit
    {
        /// <summary>Prints the status in the form the runner reads (COCO-EXIT), then powers off
        /// or returns it to whoever started the image.</summary>
        public static EfiStatus Finish(EfiStatus status, bool shutdown)
        {
            char* buffer = stackalloc char[64];
            var text = new TextBuilder(buffer, 64);
            text.Append("COCO-EXIT ");
            text.AppendHex(status.Value);
            text.Append(' ');
            text.Append(status.Name);
            EfiConsole.WriteLine(text.AsSpan());
            if (shutdown)
            {
                Efi.Shutdown(status);
            }
            return status;
        }
    }
}
