namespace Coco.Memory
{
    /// <summary>Rounding and alignment tests for power-of-two alignments (page sizes among them).</summary>
    public static class Align
    {
        public static ulong Down(ulong value, ulong alignment) => value & ~(alignment - 1);

        /// <summary>Rounds up; wraps to 0 when the result would pass 2^64 (callers at the top of
        /// the address space check for that).</summary>
        public static ulong Up(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);

        public static bool IsAligned(ulong value, ulong alignment) => (value & (alignment - 1)) == 0;
    }
}
