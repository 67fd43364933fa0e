using System;
using System.Buffers.Binary;
using Coco.Memory;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>A TDMR as the simulated module copied it from a TDMR_INFO entry.</summary>
    public sealed class SimulatedTdmr
    {
        public ulong Base { get; init; }
        public ulong Size { get; init; }
        public ulong Pamt1GBase { get; init; }
        public ulong Pamt1GSize { get; init; }
        public ulong Pamt2MBase { get; init; }
        public ulong Pamt2MSize { get; init; }
        public ulong Pamt4KBase { get; init; }
        public ulong Pamt4KSize { get; init; }

        /// <summary>All reserved-area slots the module reads, zero-size ones included.</summary>
        public (ulong Offset, ulong Size)[] ReservedAreas { get; init; } = Array.Empty<(ulong, ulong)>();

        public ulong End => Base + Size;

        /// <summary>Next address TDH.SYS.TDMR.INIT will initialize.</summary>
        internal ulong NextToInitialize;

        internal int InitLock;

        public bool IsInitialized => NextToInitialize >= End;

        public bool Contains(ulong address) => address >= Base && address - Base < Size;

        public bool IsReserved(ulong address)
        {
            foreach ((ulong offset, ulong size) in ReservedAreas)
            {
                if (size != 0 && address >= Base + offset && address - (Base + offset) < size)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// Parses TDMR_INFO from raw bytes at the offsets of the module's layout (base, size,
    /// PAMT 1G/2M/4K base and size, then {offset, size} reserved areas from byte 64). Written
    /// independently of the firmware's struct so a layout slip shows up as a failed config.
    /// </summary>
    public static class TdmrInfoReader
    {
        public const int HeaderBytes = 64;
        public const int ReservedAreaBytes = 16;

        public static SimulatedTdmr Read(ReadOnlySpan<byte> entry, int reservedAreaSlots)
        {
            var areas = new (ulong, ulong)[reservedAreaSlots];
            for (int j = 0; j < reservedAreaSlots; j++)
            {
                int at = HeaderBytes + j * ReservedAreaBytes;
                areas[j] = (U64(entry, at), U64(entry, at + 8));
            }
            return new SimulatedTdmr
            {
                Base = U64(entry, 0),
                Size = U64(entry, 8),
                Pamt1GBase = U64(entry, 16),
                Pamt1GSize = U64(entry, 24),
                Pamt2MBase = U64(entry, 32),
                Pamt2MSize = U64(entry, 40),
                Pamt4KBase = U64(entry, 48),
                Pamt4KSize = U64(entry, 56),
                ReservedAreas = areas,
            };
        }

        public static int EntryBytes(int reservedAreaSlots) => HeaderBytes + reservedAreaSlots * ReservedAreaBytes;

        private static ulong U64(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(offset, 8));
    }

    /// <summary>How the simulated module reads host memory the VMM points it at.</summary>
    public interface ISimulatedPhysicalMemory
    {
        void Read(ulong physicalAddress, Span<byte> destination);
    }

    /// <summary>Physical address = host pointer, as under UEFI's identity mapping.</summary>
    public sealed unsafe class IdentityMappedMemory : ISimulatedPhysicalMemory
    {
        public static readonly IdentityMappedMemory Instance = new IdentityMappedMemory();

        public void Read(ulong physicalAddress, Span<byte> destination) =>
            new ReadOnlySpan<byte>((void*)physicalAddress, destination.Length).CopyTo(destination);
    }
}
