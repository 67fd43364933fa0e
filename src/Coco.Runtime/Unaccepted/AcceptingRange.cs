namespace Coco.Unaccepted
{
    /// <summary>A caller's unit range [Start, End) while it accepts, linked into
    /// <see cref="LazyAcceptance"/>'s accepting list. Lives on the caller's stack.</summary>
    public unsafe struct AcceptingRange
    {
        public ulong Start;
        public ulong End;
        public AcceptingRange* Next;

        public bool Overlaps(ulong start, ulong end) => Start < end && start < End;
    }
}
