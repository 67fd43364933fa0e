using System.Runtime;
using Coco.SevSnp.Guest;
using Coco.Tdx.Guest;
using Coco.Uefi;
using Coco.Uefi.Raw;

namespace UefiApp
{
    /// <summary>
    /// Reports the firmware, the platform and the memory map, then does what the Linux EFI stub
    /// does for unaccepted memory: accepts what the bitmap cannot record and publishes the
    /// rest as the LINUX_EFI_UNACCEPTED_MEM_TABLE. With --chainload it then starts the next
    /// image and takes over its exit status. Returns the status (leaving the table installed),
    /// or powers the machine off with it when --shutdown came before --chainload.
    /// </summary>
    public static unsafe class Program
    {
        [RuntimeExport("EfiMain")]
        private static EfiStatus EfiMain(EfiHandle imageHandle, EfiSystemTable* systemTable)
        {
            Efi.Initialize(imageHandle, systemTable);
            EfiConsole.WriteLine("COCO-START UefiApp");
            // The platforms this app knows; the facade picks the one it runs on.
            TdxGuestPlatform.Register();
            SnpGuestPlatform.Register();

            EfiStatus status = Options.Parse(CommandLine.FromLoadedImage(), out Options options);
            if (status.IsError)
            {
                return EfiExit.Finish(status, options.Shutdown);
            }
            // Acceptance can take longer than the firmware's five-minute watchdog allows.
            Efi.DisableWatchdog();
            Acceptance acceptance = default;
            status = Acceptance.Run(&acceptance, options);
            EfiStatus reported = Report.Print(&acceptance, options, status);
            acceptance.Release();
            if (!status.IsError && reported.IsError)
            {
                status = reported;
            }
            if (options.Chainload)
            {
                // The report comes first, so the child's output follows it on the console.
                status = Chainload.Run(options, status);
            }
            Acceptance.Close(&acceptance);
            return EfiExit.Finish(status, options.Shutdown);
        }
    }
}
