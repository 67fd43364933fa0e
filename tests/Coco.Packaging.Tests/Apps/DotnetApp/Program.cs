// An ordinary .NET program against the packages' .NET libraries (DotnetLibraryTests): the same
// generated table code and TDCALL stub as firmware, on the full .NET library.
using System;
using Coco;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest;
using Coco.Tdx.Guest.Simulation;

namespace DotnetApp
{
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

    public static partial class GuestCalls
    {
        [TdCall(TdxGuestLeaf.MemPageAccept)]
        public static partial TdxStatus AcceptPage(ulong gpaAndLevel);
    }

    public static unsafe class Program
    {
        private const ulong WindowBase = 0x100000;

        public static int Main()
        {
            PageLedger header = default;
            header.Version = 1;
            header.PageCount = 100;
            header.Base = WindowBase;
            byte[] table = new byte[PageLedger.SizeWithTrailing(2)];
            bool written = PageLedger.TryWrite(in header, table);
            ulong set;
            fixed (byte* bytes = table)
            {
                var pages = new PageLedger.PagesView((ulong*)(bytes + PageLedger.PagesOffset), header.PageCount);
                pages.Set(3);
                pages.SetRange(10, 20);
                set = pages.CountSet();
            }
            Console.WriteLine($"HOST-APP table headerSize={PageLedger.HeaderSize} written={written} guid={PageLedger.TableGuidText} set={set} bytes={table.Length}");

            SimulatedTdxGuestModule module;
            ulong* acceptedState = stackalloc ulong[(int)SimulatedTdxGuestModule.StateWordsFor(16)];
            SimulatedTdxGuestModule.Initialize(&module, WindowBase, 16, acceptedState, null);
            SimulatedTdxGuestModule.Install(&module);
            TdxStatus first = GuestCalls.AcceptPage(WindowBase + 0x3000);
            TdxStatus again = GuestCalls.AcceptPage(WindowBase + 0x3000);
            TdcallGate.Uninstall();
            Console.WriteLine($"HOST-APP tdcall first={first.Name} again={again.Name} acceptedPages={module.AcceptedPages}");
            return 0;
        }
    }
}
