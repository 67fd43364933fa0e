using Coco.Text;

namespace Coco.Uefi
{
    /// <summary>How a Coco application ends: it prints its status as "COCO-EXIT 0x… NAME" (the
    /// line `coco boot` reads), then powers the machine off or returns the status to whoever
    /// started the image.</summary>
    public static unsafe class EfiExit
    {
        public const string Marker = "COCO-EXIT ";

        public static EfiStatus Finish(EfiStatus status, bool shutdown)
        {
            char* buffer = stackalloc char[64];
            var text = new TextBuilder(buffer, 64);
            text.Append(Marker);
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
