using Coco.Text;

namespace Coco.Memory
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
}
