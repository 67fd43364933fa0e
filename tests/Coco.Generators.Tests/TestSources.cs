namespace Coco.Generators.Tests;

/// <summary>Inputs shared by the snapshot, incrementality and fuzz tests.</summary>
internal static class TestSources
{
    /// <summary>Linux's unaccepted-memory table as Coco.Runtime declares it.</summary>
    public const string UnacceptedMemoryTable = """
        namespace Sample
        {
            [Coco.EfiConfigurationTable("d5d1de3c-105c-44f9-9ea9-bcef98120031")]
            public unsafe partial struct UnacceptedMemoryTable
            {
                public uint Version;
                public uint UnitSize;
                public ulong PhysBase;
                public ulong Size;

                [Coco.TrailingArray]
                [Coco.Bitmap(2 * 1024 * 1024)]
                public partial ulong* Bitmap { get; }
            }
        }
        """;

    /// <summary>Padding between fields and at the end, a fixed buffer, an enum and a nested struct.</summary>
    public const string PaddedTable = """
        using Coco;

        namespace Sample.Layouts
        {
            public enum Kind : ushort { None, Some }

            public struct Range
            {
                public ulong Start;
                public uint Pages;
            }

            [EfiConfigurationTable("{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}")]
            public partial struct PaddedTable
            {
                public byte Revision;
                public ulong Base;
                public Kind Kind;
                public unsafe fixed byte Name[5];
                public Range Window;
                public byte Last;
            }
        }
        """;

    /// <summary>Nested in partial types, with a byte trailing array (no bitmap).</summary>
    public const string NestedTable = """
        public static partial class Firmware
        {
            internal partial class Tables
            {
                [Coco.EfiConfigurationTable("11111111-2222-3333-4444-555555555555")]
                internal unsafe partial struct Blob
                {
                    public uint Length;
                    public ushort Flags;

                    [Coco.TrailingArray]
                    internal partial ushort* Data { get; }
                }
            }
        }
        """;

    /// <summary>A struct that breaks most rules at once.</summary>
    public const string InvalidTable = """
        using System.Runtime.InteropServices;
        using Coco;

        [EfiConfigurationTable("not-a-guid")]
        [StructLayout(LayoutKind.Sequential, Pack = 1)]
        public unsafe struct Broken
        {
            public bool Flag;
            public string Name;
            [TrailingArray] public partial ulong* First { get; }
            public ulong After;
            [TrailingArray, Bitmap(3000)] public partial ulong* Second { get; }
        }
        """;
}
