namespace Coco.Cli.Reports;

/// <summary>
/// What `coco inspect` and `coco tdmr` read: a COCO-REPORT line, or a memory-map dump (then
/// only <see cref="Ranges"/> is known). Everything but <see cref="Origin"/> may be missing in
/// an older report; <see cref="Missing"/> lists what was not there, for the user.
/// </summary>
public sealed record MemoryReport
{
    /// <summary>Where it came from: "run.log:57 (COCO-REPORT 2 of 2)" or "map.json".</summary>
    public required string Origin { get; init; }

    public IReadOnlyList<MemoryRange>? Ranges { get; init; }

    public UnacceptedTableReport? Table { get; init; }

    public string? FirmwareVendor { get; init; }

    public string? FirmwareRevision { get; init; }

    public string? UefiRevision { get; init; }

    public string? Platform { get; init; }

    public string? Acceptor { get; init; }

    public string? Status { get; init; }

    public bool? Simulated { get; init; }

    public ulong? DescriptorCount { get; init; }

    public ulong? TotalBytes { get; init; }

    public ulong? UnacceptedBytes { get; init; }

    public ulong? AcceptedUpfrontBytes { get; init; }

    public ulong? PendingUnits { get; init; }

    public AcceptCallCounts? AcceptCalls { get; init; }

    /// <summary>Report fields that were absent ("memoryMap.ranges", "table.bitmap").</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}

/// <summary>TDG.MEM.PAGE.ACCEPT calls by page size, and the acceptor's calls in total.</summary>
public sealed record AcceptCallCounts(ulong Calls4K, ulong Calls2M, ulong Calls1G, ulong Total);
