// An EFI application written from nothing against the packages (EfiApplicationTests): its own
// configuration table with a bitmap, its own TDCALL binding, and a line of output for each.
using System.Runtime;
using Coco;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;
using Coco.Tdx.Guest.Simulation;
using Coco.Text;
using Coco.Uefi;
using Coco.Uefi.Raw;

namespace PackagedApp
{
    /// <summary>A configuration table of this app's own: which 4 KiB pages of a window it has seen.</summary>
    [EfiConfigurationTable("6c1e6a52-0c8e-4b43-9a55-2d1f0b7e4c11")]
    public unsafe partial struct PageLedger
    {
        public uint Version;
        public uint PageCount;
        public ulong Base;

        [TrailingArray]
        [Bitmap(4096)]
        public partial ulong* Pages { get; }
    }

    /// <summary>TDG.MEM.PAGE.ACCEPT, declared here; Coco generates the stub.</summary>
    public static partial class GuestCalls
    {
        [TdCall(TdxGuestLeaf.MemPageAccept)]
        public static partial TdxStatus AcceptPage(ulong gpaAndLevel);
    }

    public static unsafe class Program
    {
        private const ulong WindowBase = 0x100000;

        [RuntimeExport("EfiMain")]
        private static EfiStatus EfiMain(EfiHandle image, EfiSystemTable* systemTable)
        {
            Efi.Initialize(image, systemTable);
            EfiConsole.WriteLine("PACKAGED-APP start");
            char* buffer = stackalloc char[160];
            var line = new TextBuilder(buffer, 160);

            PageLedger header = default;
            header.Version = 1;
            header.PageCount = 100;
            header.Base = WindowBase;
            EfiStatus status = PageLedger.Install(in header, 2, out PageLedger* ledger);
            if (status.IsError)
            {
                return EfiExit.Finish(status, shutdown: true);
            }
            var pages = new PageLedger.PagesView(ledger->Pages, ledger->PageCount);
            pages.Set(3);
            pages.SetRange(10, 20);
            PageLedger* found = PageLedger.Find();
            line.Append("PACKAGED-APP table headerSize=");
            line.AppendDecimal((ulong)PageLedger.HeaderSize);
            line.Append(" found=");
            line.Append(found == ledger ? "same" : "other");
            line.Append(" version=");
            line.AppendDecimal((ulong)found->Version);
            line.Append(" set=");
            line.AppendDecimal(pages.CountSet());
            line.Append(" bit3=");
            line.Append(pages.Test(3) ? '1' : '0');
            line.Append(" bit4=");
            line.Append(pages.Test(4) ? '1' : '0');
            line.Append(" bitOf(0x10A000)=");
            line.AppendDecimal(PageLedger.PagesView.BitOfAddress(0x10A000, WindowBase));
            EfiConsole.WriteLine(line.AsSpan());

            // The generated stub's TDCALL, answered by the simulated TDX module (no TDX under QEMU's TCG).
            SimulatedTdxGuestModule module;
            ulong* acceptedState = stackalloc ulong[(int)SimulatedTdxGuestModule.StateWordsFor(16)];
            SimulatedTdxGuestModule.Initialize(&module, WindowBase, 16, acceptedState, null);
            SimulatedTdxGuestModule.Install(&module);
            TdxStatus first = GuestCalls.AcceptPage(WindowBase + 0x3000);
            TdxStatus again = GuestCalls.AcceptPage(WindowBase + 0x3000);
            line.Clear();
            line.Append("PACKAGED-APP tdcall first=");
            first.AppendTo(ref line);
            line.Append(" again=");
            again.AppendTo(ref line);
            line.Append(" acceptedPages=");
            line.AppendDecimal((ulong)module.AcceptedPages);
            EfiConsole.WriteLine(line.AsSpan());

            return EfiExit.Finish(EfiStatus.Success, shutdown: true);
        }
    }
}
