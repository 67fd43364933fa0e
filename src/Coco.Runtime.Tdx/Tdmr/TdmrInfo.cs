using System;
using System.Runtime.InteropServices;
using Coco.Tdx.Memory;

namespace Coco.Tdx.Tdmr
{
    /// <summary>One reserved area of a TDMR: offset from the TDMR base and size, both 4 KiB
    /// aligned. A zero size ends the list.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TdmrReservedArea
    {
        public ulong Offset;
        public ulong Size;
    }

    /// <summary>
    /// TDMR_INFO in the module's binary layout (mainline struct tdmr_info, tdx-module
    /// tdmr_info_entry_t): base and size, the PAMT base and size per level, then the reserved
    /// areas. The module reads it from a 512-byte aligned address; one entry here is exactly
    /// 512 bytes so an array keeps every entry aligned. Hand-written until the table/layout
    /// generator takes it over.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = SizeInBytes)]
    public unsafe struct TdmrInfo
    {
        public const int SizeInBytes = 512;
        public const int Alignment = 512;
        public const int ReservedAreasOffset = 64;

        /// <summary>Reserved areas one 512-byte entry has room for; the module's own limit
        /// (16 in TDX 1.5) is smaller.</summary>
        public const int ReservedAreaCapacity = (SizeInBytes - ReservedAreasOffset) / 16;

        [FieldOffset(0)] public ulong Base;
        [FieldOffset(8)] public ulong Size;
        [FieldOffset(16)] public ulong Pamt1GBase;
        [FieldOffset(24)] public ulong Pamt1GSize;
        [FieldOffset(32)] public ulong Pamt2MBase;
        [FieldOffset(40)] public ulong Pamt2MSize;
        [FieldOffset(48)] public ulong Pamt4KBase;
        [FieldOffset(56)] public ulong Pamt4KSize;

        /// <summary>{offset, size} pairs, <see cref="ReservedAreaCapacity"/> of them.</summary>
        [FieldOffset(ReservedAreasOffset)] private fixed ulong _reservedAreas[ReservedAreaCapacity * 2];

        public ulong End => Base + Size;

        public PhysicalRange Range => new PhysicalRange(Base, Base + Size);

        public ulong PamtTotalSize => Pamt1GSize + Pamt2MSize + Pamt4KSize;

        public TdmrReservedArea GetReservedArea(int index)
        {
            TdmrReservedArea area;
            fixed (ulong* areas = _reservedAreas)
            {
                // The span's bounds check rejects an index past the capacity.
                Span<ulong> pair = new Span<ulong>(areas, ReservedAreaCapacity * 2).Slice(index * 2, 2);
                area.Offset = pair[0];
                area.Size = pair[1];
            }
            return area;
        }

        public void SetReservedArea(int index, ulong offset, ulong size)
        {
            fixed (ulong* areas = _reservedAreas)
            {
                Span<ulong> pair = new Span<ulong>(areas, ReservedAreaCapacity * 2).Slice(index * 2, 2);
                pair[0] = offset;
                pair[1] = size;
            }
        }

        /// <summary>Areas before the first zero-size entry.</summary>
        public int ReservedAreaCount
        {
            get
            {
                int count = 0;
                while (count < ReservedAreaCapacity && _reservedAreas[count * 2 + 1] != 0)
                {
                    count++;
                }
                return count;
            }
        }

        /// <summary>Writes the entry little-endian into <paramref name="destination"/>
        /// (at least <see cref="SizeInBytes"/> bytes), the form the module reads.</summary>
        public void WriteTo(Span<byte> destination)
        {
            destination = destination.Slice(0, SizeInBytes);
            WriteUInt64(destination, 0, Base);
            WriteUInt64(destination, 8, Size);
            WriteUInt64(destination, 16, Pamt1GBase);
            WriteUInt64(destination, 24, Pamt1GSize);
            WriteUInt64(destination, 32, Pamt2MBase);
            WriteUInt64(destination, 40, Pamt2MSize);
            WriteUInt64(destination, 48, Pamt4KBase);
            WriteUInt64(destination, 56, Pamt4KSize);
            for (int i = 0; i < ReservedAreaCapacity * 2; i++)
            {
                WriteUInt64(destination, ReservedAreasOffset + i * 8, _reservedAreas[i]);
            }
        }

        private static void WriteUInt64(Span<byte> destination, int offset, ulong value)
        {
            for (int i = 0; i < 8; i++)
            {
                destination[offset + i] = (byte)(value >> (i * 8));
            }
        }
    }
}
