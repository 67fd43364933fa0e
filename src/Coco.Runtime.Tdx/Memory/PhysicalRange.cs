using Coco.Text;

namespace Coco.Tdx.Memory
{
    /// <summary>A half-open physical address range [Start, End).</summary>
    public readonly struct PhysicalRange
    {
        public PhysicalRange(ulong start, ulong end)
        {
            Start = start;
            End = end;
        }

        public ulong Start { get; }

        public ulong End { get; }

        public ulong Size => End - Start;

        public bool IsEmpty => End <= Start;

        public static PhysicalRange FromBaseSize(ulong start, ulong size) => new PhysicalRange(start, start + size);

        public bool Contains(PhysicalRange other) => other.Start >= Start && other.End <= End;

        public bool Overlaps(PhysicalRange other) => other.Start < End && Start < other.End;

        public PhysicalRange Intersect(PhysicalRange other)
        {
            ulong start = Start > other.Start ? Start : other.Start;
            ulong end = End < other.End ? End : other.End;
            return end > start ? new PhysicalRange(start, end) : new PhysicalRange(start, start);
        }

        /// <summary>Appends "[0x..., 0x...)".</summary>
        public void AppendTo(ref TextBuilder text)
        {
            text.Append('[');
            text.AppendHex(Start);
            text.Append(", ");
            text.AppendHex(End);
            text.Append(')');
        }
    }

    /// <summary>Power-of-two alignment helpers.</summary>
    public static class Align
    {
        public const ulong Size4K = 0x1000;
        public const ulong Size2M = 0x200000;
        public const ulong Size1G = 0x40000000;
        public const ulong Size1M = 0x100000;

        public static ulong Down(ulong value, ulong alignment) => value & ~(alignment - 1);

        public static ulong Up(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);

        public static bool IsAligned(ulong value, ulong alignment) => (value & (alignment - 1)) == 0;
    }
}
