using System;

namespace Coco.Layouts
{
    /// <summary>C's flexible array member (<c>T name[]</c>) after a layout struct's fields: the
    /// size of a table with its trailing elements, and checked access to the elements a
    /// binary layout's record holds. What every generated trailing-array member calls.</summary>
    public static unsafe class TrailingArray
    {
        /// <summary><paramref name="headerSize"/> + <paramref name="count"/> * <paramref name="elementSize"/>,
        /// Linux's <c>struct_size()</c>; saturates at ulong.MaxValue, which no allocation satisfies.</summary>
        public static ulong SizeWith(ulong headerSize, ulong elementSize, ulong count) =>
            count > (ulong.MaxValue - headerSize) / elementSize ? ulong.MaxValue : headerSize + (count * elementSize);

        /// <summary>Element <paramref name="index"/> of <paramref name="capacity"/> elements of
        /// <paramref name="elementSize"/> bytes from <paramref name="first"/>. An index outside
        /// the capacity fails as a span index does, because it is one (a byte span of
        /// <paramref name="capacity"/> bytes, all inside the array): IndexOutOfRangeException on
        /// .NET, a fail-fast naming the site in firmware.</summary>
        public static void* Element(void* first, int capacity, int elementSize, int index)
        {
            _ = new ReadOnlySpan<byte>(first, capacity)[index];
            return (byte*)first + ((nint)index * elementSize);
        }
    }
}
