namespace Coco.Tdx.Guest
{
    /// <summary>Firmware: TDCALLs go to the processor (Efi/TdxThunks.asm).</summary>
    internal static class TdxHardware
    {
        public static bool TryUseTdcall()
        {
            Coco.Tdx.Firmware.TdxThunks.UseHardwareTdcall();
            return true;
        }
    }
}
