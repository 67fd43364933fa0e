using System.Runtime;
using System;
using Coco.Text;
using Coco.Uefi.Raw;
using Coco.Uefi;

namespace FailFastApp
{
    /// <summary>--halt: Coco.FailFast.Halt with a message; --index: a span index out of range
    /// (the compiler's bounds check); anything else: return success.</summary>
    public static unsafe class Program
    {
        [RuntimeExport("EfiMain")]
        private static EfiStatus EfiMain(EfiHandle imageHandle, EfiSystemTable* systemTable)
        {
            Efi.Initialize(imageHandle, systemTable);
            CommandLine line = CommandLine.FromLoadedImage();
            int cursor = line.FirstOptionCursor();
            line.NextWord(ref cursor, out ReadOnlySpan<char> mode);
            if (CharSpan.EqualsText(mode, "--halt"))
            {
                Coco.FailFast.Halt("the test asked to halt");
            }
            if (CharSpan.EqualsText(mode, "--index"))
            {
                int* storage = stackalloc int[4];
                var span = new Span<int>(storage, 4);
                int index = 4 + mode.Length - mode.Length;
                span[index] = 1;
            }
            return EfiExit.Finish(EfiStatus.Success, shutdown: true);
        }
    }
}
