// Three mistakes a user makes with Coco's generators (AnalyzerWarningTests). The tests find each
// diagnostic's line by the text on it, so keep each declaration on one line.
using System.Runtime;
using Coco;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;
using Coco.Uefi;
using Coco.Uefi.Raw;

namespace Mistakes
{
    // Forgot 'partial': Coco cannot add the generated members.
    [EfiConfigurationTable("0b5f4a8e-7d35-4b8e-9a55-8f0c1d2e3a41")]
    public struct BootLog
    {
        public uint Version;
        public uint Count;
    }

    // Copied from BootLog's declaration, GUID and all.
    [EfiConfigurationTable("0b5f4a8e-7d35-4b8e-9a55-8f0c1d2e3a41")]
    public partial struct CrashLog
    {
        public uint Version;
        public uint Count;
    }

    public static partial class GuestCalls
    {
        // Wrote the body by hand instead of letting Coco generate it.
        [TdCall(TdxGuestLeaf.VmRd)]
        public static TdxStatus ReadField(ulong fieldId, out ulong value)
        {
            value = 0;
            return default;
        }
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
