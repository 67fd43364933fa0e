using System.Globalization;
using Coco.Cli.Input;

namespace Coco.Cli.Reports;

/// <summary>
/// Reads the JSON of a COCO-REPORT line (the sample's report; fields in README "What the sample
/// prints"). Sections may be absent (older reports have no memoryMap.ranges or table.bitmap):
/// they are listed in <see cref="MemoryReport.Missing"/>. Inside a section that is present, the
/// fields it needs are required. Unknown fields are ignored.
/// </summary>
internal static class CocoReportParser
{
    public static MemoryReport Parse(JsonField root, string origin)
    {
        var missing = new List<string>();
        JsonField? firmware = root.Optional("firmware");
        JsonField? memoryMap = root.Optional("memoryMap");
        JsonField? ranges = memoryMap?.Optional("ranges");
        if (ranges is null)
        {
            missing.Add("memoryMap.ranges");
        }
        JsonField? table = root.Optional("table");
        if (table is null)
        {
            missing.Add("table");
        }
        UnacceptedTableReport? tableReport = table is { } t ? ParseTable(t, missing) : null;
        return new MemoryReport
        {
            Origin = origin,
            Ranges = ranges is { } r ? MemoryRangeParser.Parse(r) : null,
            Table = tableReport,
            FirmwareVendor = firmware?.Optional("vendor")?.Text(),
            FirmwareRevision = firmware?.Optional("revision")?.Text(),
            UefiRevision = firmware?.Optional("uefiRevision")?.Text(),
            Platform = root.Optional("platform")?.Text(),
            Acceptor = root.Optional("acceptor")?.Text(),
            Status = root.Optional("status")?.Text(),
            Simulated = root.Optional("simulated")?.Boolean(),
            DescriptorCount = memoryMap?.Optional("descriptors")?.UInt64(),
            TotalBytes = memoryMap?.Optional("totalBytes")?.UInt64(),
            UnacceptedBytes = root.Optional("unacceptedBytes")?.UInt64(),
            AcceptedUpfrontBytes = root.Optional("acceptedUpfrontBytes")?.UInt64(),
            PendingUnits = root.Optional("pendingUnits")?.UInt64(),
            AcceptCalls = root.Optional("acceptCalls") is { } calls
                ? new AcceptCallCounts(calls.Required("4k").UInt64(), calls.Required("2m").UInt64(), calls.Required("1g").UInt64(), calls.Required("total").UInt64())
                : null,
            Missing = missing,
        };
    }

    private static UnacceptedTableReport ParseTable(JsonField table, List<string> missing)
    {
        bool installed = table.Required("installed").Boolean();
        if (!installed)
        {
            return new UnacceptedTableReport(false, false, null, null, 0, 0, 0, null, false);
        }
        JsonField unitField = table.Required("unitSize");
        ulong unitSize = unitField.UInt64();
        if (unitSize == 0 || (unitSize & (unitSize - 1)) != 0 || unitSize % MemoryRange.PageSize != 0)
        {
            throw unitField.Error($"{unitSize} is not a power-of-two multiple of 4 KiB");
        }
        ulong bitmapBytes = table.Required("bitmapBytes").UInt64();
        bool omitted = table.Optional("bitmapOmitted")?.Boolean() ?? false;
        byte[]? bitmap = null;
        if (table.Optional("bitmap") is { } bitmapField)
        {
            bitmap = ParseBitmap(bitmapField, bitmapBytes);
        }
        else if (!omitted)
        {
            missing.Add("table.bitmap");
        }
        return new UnacceptedTableReport(
            true,
            table.Optional("reused")?.Boolean() ?? false,
            table.Optional("address")?.UInt64(),
            table.Optional("version")?.UInt32(),
            unitSize,
            table.Required("physBase").UInt64(),
            bitmapBytes,
            bitmap,
            omitted);
    }

    /// <summary>Lowercase (any case accepted) hex, byte 0 first, exactly bitmapBytes bytes.</summary>
    private static byte[] ParseBitmap(JsonField field, ulong bitmapBytes)
    {
        string hex = field.String();
        if ((ulong)hex.Length != bitmapBytes * 2)
        {
            throw field.Error($"{hex.Length} hex digits, but bitmapBytes {bitmapBytes} needs {bitmapBytes * 2}");
        }
        var bytes = new byte[bitmapBytes];
        for (int i = 0; i < bytes.Length; i++)
        {
            if (!byte.TryParse(hex.AsSpan(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                throw field.Error($"\"{hex.Substring(i * 2, 2)}\" at byte {i} is not hex");
            }
        }
        return bytes;
    }
}
