using System;
using System.Runtime;
using Coco.Efi;
using Coco.Text;
using Coco.Uefi;

namespace UefiApp
{
    /// <summary>
    /// Prints the firmware, the platform and a summary of the memory map, then returns
    /// EFI_SUCCESS, or powers the machine off when started with --shutdown.
    /// </summary>
    public static unsafe class Program
    {
        [RuntimeExport("EfiMain")]
        private static EfiStatus EfiMain(EfiHandle imageHandle, EfiSystemTable* systemTable)
        {
            Efi.Initialize(imageHandle, systemTable);
            EfiConsole.WriteLine("COCO-START UefiApp");

            EfiStatus status = Options.Parse(CommandLine.FromLoadedImage(), out Options options);
            if (status.IsSuccess)
            {
                status = Report.Print();
            }
            return EfiExit.Finish(status, options.Shutdown);
        }
    }
}
