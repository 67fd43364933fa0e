// Mistakes in declarations whose partial members Coco was to implement (AnalyzerWarningTests).
// The compiler reports the unimplemented members itself, and a build with compiler errors shows
// no analyzer diagnostics: Coco's generator reports these. The tests find each diagnostic's line
// by the text on it, so keep each declaration on one line.
using System.Runtime;
using Coco;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;
using Coco.Uefi;
using Coco.Uefi.Raw;

namespace PartialMistakes
{
    // Forgot 'partial' on a table with a bitmap.
    [EfiConfigurationTable("6a0c3b1e-2f4d-4c8a-9b7e-1d2c3e4f5a60")]
    public unsafe struct PageLog
    {
        public ulong Size;

        [TrailingArray] [Bitmap(4096)] public partial ulong* Bitmap { get; }
    }

    // A bitmap unit that is not a power of two.
    [EfiConfigurationTable("7b1d4c2f-3a5e-4d9b-8c6f-2e3d4f5a6b71")]
    public unsafe partial struct FrameLog
    {
        public ulong Size;

        [TrailingArray] [Bitmap(4000)] public partial ulong* Frames { get; }
    }

    public static partial class GuestCalls
    {
        // Eleven operands for ten registers.
        [TdCall(TdxGuestLeaf.VmRd)]
        public static partial TdxStatus ReadMany(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f, ulong g, ulong h, ulong i, ulong j, ulong k);
    }

    public static unsafe class Program
    {
        [RuntimeExport("EfiMain")]
        private static EfiStatus EfiMain(EfiHandle image, EfiSystemTable* systemTable)
        {
            Efi.Initialize(image, systemTable);
            return EfiExit.Finish(EfiStatus.Success, shutdown: true);
        }
    }
}
