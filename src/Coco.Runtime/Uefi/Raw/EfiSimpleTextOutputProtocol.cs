using System.Runtime.InteropServices;

namespace Coco.Uefi.Raw
{
    /// <summary>EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL; only OutputString is used, the rest keep the layout.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct EfiSimpleTextOutputProtocol
    {
        public void* Reset;
        public delegate* unmanaged<EfiSimpleTextOutputProtocol*, char*, EfiStatus> OutputString;
        public void* TestString;
        public void* QueryMode;
        public void* SetMode;
        public void* SetAttribute;
        public void* ClearScreen;
        public void* SetCursorPosition;
        public void* EnableCursor;
        public void* Mode;
    }
}
