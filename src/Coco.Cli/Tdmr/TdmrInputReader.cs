using System.Text.Json;
using Coco.Cli.Input;
using Coco.Cli.Reports;
using Coco.Memory;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Cli.Tdmr;

/// <summary>
/// Reads the input of `coco tdmr`: {"memoryBlocks":[…],"cmrs":[…],"limits":{…}} (schema in
/// docs/cli.md), a kernel log with the e820 table and the TDX host driver's CMRs
/// (<see cref="KernelLog"/>), or anything `coco inspect` reads (a COCO-REPORT log, a report's
/// JSON, a ranges dump), whose RAM ranges become the memory blocks (<see cref="TdxMemoryBlocks"/>).
/// Block and CMR order, alignment and overlap are left to TdmrBuilder, which names the culprit.
/// </summary>
internal static class TdmrInputReader
{
    public static TdmrInput Read(string path, string? cmrsPath)
    {
        string text = MemoryReportReader.ReadText(path);
        TdmrInput input;
        bool kernelLog = KernelLog.LooksLikeKernelLog(text);
        JsonInput? json = !kernelLog && MemoryReportReader.LooksLikeJson(text) ? JsonInput.Parse(path, text) : null;
        if (kernelLog)
        {
            KernelLogMemory log = KernelLog.Read(path, text);
            input = new TdmrInput(path, log.MemoryBlocks, log.Cmrs, TdxModuleLimits.Tdx15) { Notes = log.Notes };
        }
        else if (json is not null && json.Root.Kind == JsonValueKind.Object && json.Root.Has("memoryBlocks"))
        {
            input = FromBlocksFile(json);
        }
        else
        {
            MemoryReport report = json is not null ? MemoryReportReader.FromJson(json) : MemoryReportReader.FromText(path, text, null);
            if (report.Ranges is null)
            {
                throw new InputException($"{report.Origin}: the report has no memoryMap.ranges, so there are no memory blocks to lay out");
            }
            input = new TdmrInput(report.Origin, TdxMemoryBlocks.FromEfiRanges(report.Ranges), null, TdxModuleLimits.Tdx15);
        }
        if (cmrsPath is not null)
        {
            input = input with { Cmrs = ReadCmrsFile(cmrsPath), Notes = [.. input.Notes, $"CMRs from {cmrsPath}, replacing any in {input.Origin}."] };
        }
        return input;
    }

    private static TdmrInput FromBlocksFile(JsonInput json)
    {
        JsonField root = json.Root;
        IReadOnlyList<PhysicalRange> blocks = Ranges(root.Required("memoryBlocks"));
        IReadOnlyList<PhysicalRange>? cmrs = root.Optional("cmrs") is { } cmrField ? Ranges(cmrField) : null;
        TdxModuleLimits limits = root.Optional("limits") is { } limitsField ? Limits(limitsField) : TdxModuleLimits.Tdx15;
        return new TdmrInput(json.FileName, blocks, cmrs, limits);
    }

    /// <summary>A CMR file: [{"start":…,"end":…}, …] or {"cmrs":[…]}, or a kernel log's CMR lines.</summary>
    private static IReadOnlyList<PhysicalRange> ReadCmrsFile(string path)
    {
        string text = MemoryReportReader.ReadText(path);
        if (KernelLog.LooksLikeKernelLog(text) || !MemoryReportReader.LooksLikeJson(text))
        {
            return KernelLog.ReadCmrs(path, text);
        }
        JsonInput json = JsonInput.Parse(path, text);
        JsonField list = json.Root.Kind == JsonValueKind.Object ? json.Root.Required("cmrs") : json.Root;
        return Ranges(list);
    }

    private static IReadOnlyList<PhysicalRange> Ranges(JsonField array) =>
        array.Items().Select(item => new PhysicalRange(item.Required("start").UInt64(), item.Required("end").UInt64())).ToList();

    private static TdxModuleLimits Limits(JsonField field)
    {
        TdxModuleLimits limits = TdxModuleLimits.Tdx15;
        if (field.Optional("maxTdmrs") is { } maxTdmrs)
        {
            limits.MaxTdmrs = TdmrLimitChecks.MaxTdmrs(maxTdmrs.UInt64(), maxTdmrs.Error);
        }
        if (field.Optional("maxReservedAreas") is { } maxReserved)
        {
            limits.MaxReservedAreasPerTdmr = TdmrLimitChecks.MaxReservedAreas(maxReserved.UInt64(), maxReserved.Error);
        }
        if (field.Optional("pamtEntrySize") is { } entry)
        {
            limits.PamtEntrySize4K = entry.Optional("4k")?.PositiveInt32() ?? limits.PamtEntrySize4K;
            limits.PamtEntrySize2M = entry.Optional("2m")?.PositiveInt32() ?? limits.PamtEntrySize2M;
            limits.PamtEntrySize1G = entry.Optional("1g")?.PositiveInt32() ?? limits.PamtEntrySize1G;
        }
        if (field.Optional("dynamicPamt") is { } dynamic)
        {
            limits.DynamicPamt = dynamic.Boolean();
        }
        if (field.Optional("physicalAddressBits") is { } bits)
        {
            limits.PhysicalAddressBits = TdmrLimitChecks.PhysicalAddressBits(bits.UInt64(), bits.Error);
        }
        return limits;
    }
}
