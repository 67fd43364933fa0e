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
}
