using System.Runtime;
using Coco.Uefi;
using Coco.Uefi.Raw;

public static unsafe class Program
{
    [RuntimeExport("EfiMain")]
    private static EfiStatus EfiMain(EfiHandle image, EfiSystemTable* systemTable)
    {
        Efi.Initialize(image, systemTable);
        EfiConsole.WriteLine("Hello from C#");
        return EfiExit.Finish(EfiStatus.Success, shutdown: true);
    }
}
