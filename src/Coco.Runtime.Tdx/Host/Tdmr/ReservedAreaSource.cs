namespace Coco.Tdx.Host.Tdmr
{
    /// <summary>Where the memory holes that become TDMR reserved areas come from.</summary>
    public enum ReservedAreaSource
    {
        /// <summary>Gaps between TDX memory blocks (mainline today). Fine-grained memory maps
        /// can exhaust the module's reserved areas.</summary>
        MemoryBlocks,

        /// <summary>Gaps between CMRs (seed "Reduce TDMR's reserved areas by using CMRs to find
        /// memory holes"). Every memory block must then lie inside one CMR.</summary>
        Cmrs,
    }
}
