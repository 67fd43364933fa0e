namespace Coco.Generators.Tests;

/// <summary>[BinaryLayout] inputs shared by the snapshot, runtime-layout, incrementality and fuzz tests.</summary>
internal static class BinaryLayoutTestSources
{
    /// <summary>TDX's TDMR_INFO as Coco.Runtime.Tdx declares it (struct tdmr_info, 512-byte aligned).</summary>
    public const string TdmrInfo = """
        using Coco;

        namespace Sample.Tdx
        {
            public struct ReservedArea
            {
                public ulong Offset;
                public ulong Size;
            }

            [BinaryLayout(Size = 512, Alignment = 512)]
            public unsafe partial struct TdmrInfo
            {
                [LayoutOffset(0)] public ulong Base;
                [LayoutOffset(8)] public ulong Size;
                [LayoutOffset(16)] public ulong Pamt1GBase;
                [LayoutOffset(24)] public ulong Pamt1GSize;
                [LayoutOffset(32)] public ulong Pamt2MBase;
                [LayoutOffset(40)] public ulong Pamt2MSize;
                [LayoutOffset(48)] public ulong Pamt4KBase;
                [LayoutOffset(56)] public ulong Pamt4KSize;

                [TrailingArray, LayoutOffset(64)]
                public partial ReservedArea* ReservedAreas { get; }
            }
        }
        """;

    /// <summary>Size and alignment left to C, raised alignment only, a nested readonly record
    /// (no setter), a bitmap inside a record, a record as another's field, and a matching
    /// [StructLayout] the user wrote (no generated one).</summary>
    public const string Shapes = """
        using System.Runtime.InteropServices;
        using Coco;

        namespace Sample.Shapes
        {
            // C: { u8; u64; u16 } is 24 bytes, aligned 8.
            [BinaryLayout]
            public partial struct Padded
            {
                public byte Kind;
                [LayoutOffset(8)] public ulong Address;
                public ushort Flags;
            }

            // __aligned(64): sizeof rounds up to 64.
            [BinaryLayout(Alignment = 64)]
            public partial struct CacheLine
            {
                public ulong Head;
                public uint Count;
            }

            public static partial class Registers
            {
                [BinaryLayout(Size = 32)]
                public readonly unsafe partial struct Window
                {
                    public readonly uint Index;
                    public readonly uint Length;

                    [TrailingArray]
                    public partial uint* Values { get; }
                }
            }

            [BinaryLayout(Size = 4096, Alignment = 4096)]
            public unsafe partial struct PageBitmap
            {
                public ulong Base;
                public ulong Pages;

                [TrailingArray, Bitmap(4096)]
                public partial ulong* Bits { get; }
            }

            // A record as a field keeps its declared size.
            [BinaryLayout(Size = 48)]
            public partial struct Pair
            {
                public Padded First;
                [LayoutOffset(24)] public Padded Second;
            }

            [BinaryLayout(Size = 16)]
            [StructLayout(LayoutKind.Sequential, Size = 16)]
            public partial struct AlreadySized
            {
                public ulong A;
            }
        }
        """;

    /// <summary>A [BinaryLayout] struct that breaks most of its own rules at once.</summary>
    public const string Invalid = """
        using System.Runtime.InteropServices;
        using Coco;

        [BinaryLayout(Size = 20, Alignment = 3)]
        public unsafe struct BadAlignment
        {
            public ulong A;
            [LayoutOffset(4)] public uint B;
            [LayoutOffset(0)] public const int C = 1;
        }

        [BinaryLayout(Size = 64)]
        [StructLayout(LayoutKind.Sequential, Size = 32)]
        public unsafe partial struct NoRoom
        {
            public fixed ulong Header[8];
            [TrailingArray] public partial ulong* Items { get; }
        }

        [BinaryLayout, EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
        public partial struct Both
        {
            public ulong A;
        }

        public struct NotALayout
        {
            [LayoutOffset(0)] public ulong A;
        }
        """;
}
