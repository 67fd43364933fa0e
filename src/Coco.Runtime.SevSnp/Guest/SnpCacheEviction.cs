namespace Coco.SevSnp.Guest
{
    /// <summary>
    /// After validating, reads the first and last byte of each 4 KiB page with the guest's key,
    /// which evicts cache lines the hypervisor may have left for that memory (edk2
    /// SnpPageStateChangeInternal.c SevEvictCache: "a read from the first/last cache-lines of a
    /// 4K page using the guest key is sufficient"; Linux sev_evict_cache). Not needed when CPUID
    /// 0x8000001F EBX[31] (COHERENCY_SFW_NO) is set.
    /// </summary>
    internal static unsafe class SnpCacheEviction
    {
        // The reads go into a field, so the compiler cannot drop them.
        private static int s_sink;

        public static void Touch(ulong address, ulong pages)
        {
            byte* bytes = (byte*)address;
            int sum = 0;
            for (ulong page = 0; page < pages; page++)
            {
                sum += bytes[page * 4096] + bytes[page * 4096 + 4095];
            }
            s_sink += sum;
        }
    }
}
