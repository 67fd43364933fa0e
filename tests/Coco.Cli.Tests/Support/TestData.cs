namespace Coco.Cli.Tests.Support;

/// <summary>The files under Data/, copied next to the test assembly.</summary>
internal static class TestData
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>A real console log of the sample (before reports carried ranges and bitmaps).</summary>
    public static string SampleBeforeRanges => Path("sample-before-ranges.log");

    /// <summary>A hand-written report to the COCO-REPORT spec: 29 ranges of an OVMF-like 256 MiB
    /// guest, 64 MiB simulated unaccepted memory in 3 ranges, a 5-byte bitmap with 31 bits set.</summary>
    public static string Simulated64M => Path("simulated-64m.log");

    /// <summary>Two hand-written reports, as a chainloaded run prints: the second reused the table and has
    /// 5 more units accepted.</summary>
    public static string Chainload => Path("chainload.log");

    /// <summary>A real console log: the sample at 256 MiB with --simulate-unaccepted=64
    /// (132 ranges, 3 of them type 15, a 5-byte bitmap with 30 bits set).</summary>
    public static string QemuSimulated64M => Path("qemu-simulated-64m.log");

    /// <summary>A real console log of the sample chainloading itself: the parent publishes,
    /// the child reuses the table.</summary>
    public static string QemuChainload => Path("qemu-chainload.log");

    public static string RangesDump => Path("ovmf-256m-ranges.json");

    public static string SmallMap => Path("small-map.json");

    public static string EmeraldRapids => Path("emerald-rapids.json");

    /// <summary>The Emerald Rapids map as a kernel log: its usable e820 entries (from
    /// emerald-rapids.json, in e820__print_table's format) and the CMR lines and failure the
    /// TDX host driver printed (canonical/tdx issue 135).</summary>
    public static string EmeraldRapidsDmesg => Path("emerald-rapids-dmesg.log");

    /// <summary>A hand-made journalctl -k log with what Linux sanitizes: an unaligned usable end,
    /// touching usable entries, a reserved entry inside a usable one, a sub-page usable entry,
    /// and CMRs in the CMR series' "CMR[i]" format.</summary>
    public static string E820Quirks => Path("e820-quirks.log");
}
