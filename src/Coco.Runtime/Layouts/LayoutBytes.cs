using System;

namespace Coco.Layouts
{
    /// <summary>Copies a layout struct (a configuration table's header, a binary layout's
    /// record) from and to bytes: the body of every generated TryRead/TryWrite. The struct's C#
    /// size is its C size (Coco checks, or sets, that), so the copy is sizeof(T) bytes.</summary>
    public static unsafe class LayoutBytes
    {
        /// <summary>Reads <typeparamref name="T"/> from the first sizeof(T) bytes of
        /// <paramref name="source"/>; false (and default) when it is shorter.</summary>
        public static bool TryRead<T>(ReadOnlySpan<byte> source, out T value) where T : unmanaged
        {
            value = default;
            if (source.Length < sizeof(T))
            {
                return false;
            }
            fixed (byte* bytes = source)
            {
                value = *(T*)bytes;
            }
            return true;
        }

        /// <summary>Writes <paramref name="value"/> to the first sizeof(T) bytes of
        /// <paramref name="destination"/>; false (and nothing written) when it is shorter.</summary>
        public static bool TryWrite<T>(in T value, Span<byte> destination) where T : unmanaged
        {
            if (destination.Length < sizeof(T))
            {
                return false;
            }
            fixed (byte* bytes = destination)
            {
                *(T*)bytes = value;
            }
            return true;
        }
    }
}
