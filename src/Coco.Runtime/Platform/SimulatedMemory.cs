namespace Coco.Platform
{
    /// <summary>
    /// Memory a simulated platform stands in for: the 4 KiB pages [WindowBase, + PageCount) it
    /// keeps state for, the caller's memory that state lives in (<see cref="State"/>, at least
    /// <see cref="ConfidentialPlatforms.SimulationStateBytes"/> bytes, 8-byte aligned), and the
    /// window's own memory (<see cref="Backing"/>, zeroed on accept as hardware does; null to
    /// keep contents, as .NET tests over addresses they do not own must).
    /// </summary>
    public unsafe struct SimulatedMemory
    {
        public ulong WindowBase;
        public ulong PageCount;
        public void* State;
        public ulong StateBytes;
        public byte* Backing;

        public ulong WindowEnd => WindowBase + (PageCount << Coco.Memory.PageSize.Shift4K);
    }
}
