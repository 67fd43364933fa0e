using Coco.Tdx.Abi;
using Coco.Text;

namespace Coco.Tdx.Abi
{
    /// <summary>Host-only string forms of the firmware's text-builder formatting.</summary>
    public static unsafe class TdxStatusFormatting
    {
        public static string Format(this TdxStatus status)
        {
            char* buffer = stackalloc char[64];
            var text = new TextBuilder(buffer, 64);
            status.AppendTo(ref text);
            return new string(text.AsSpan());
        }
    }
}
