using System.Text;
using System.Text.Json;
using Coco.Tdx.Host.Tdmr;
using static Coco.Cli.Formatting.CocoText;

namespace Coco.Cli.Tdmr;

/// <summary>`coco tdmr --json`: the layouts for scripts. Addresses and sizes of areas are
/// "0x…" strings as in the input; totals are plain byte counts.</summary>
internal static class TdmrLayoutJson
{
    public static void Write(TextWriter output, TdmrInput input, IReadOnlyList<TdmrLayout> layouts)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            WriteDocument(json, input, layouts);
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteDocument(Utf8JsonWriter json, TdmrInput input, IReadOnlyList<TdmrLayout> layouts)
    {
        json.WriteStartObject();
        json.WriteString("input", input.Origin);
        json.WriteNumber("memoryBlocks", input.MemoryBlocks.Count);
        if (input.Cmrs is not null)
        {
            json.WriteNumber("cmrs", input.Cmrs.Count);
        }
        json.WriteNumber("tdxMemoryBytes", layouts[0].TdxMemoryBytes);
        if (input.Notes.Count > 0)
        {
            json.WriteStartArray("notes");
            foreach (string note in input.Notes)
            {
                json.WriteStringValue(note);
            }
            json.WriteEndArray();
        }
        WriteLimits(json, input.Limits);
        json.WriteStartArray("layouts");
        foreach (TdmrLayout layout in layouts)
        {
            WriteLayout(json, layout);
        }
        json.WriteEndArray();
        if (TdmrVerdict.Describe(layouts) is string verdict)
        {
            json.WriteString("verdict", verdict);
        }
        json.WriteEndObject();
    }

    private static void WriteLimits(Utf8JsonWriter json, TdxModuleLimits limits)
    {
        json.WriteStartObject("limits");
        json.WriteNumber("maxTdmrs", limits.MaxTdmrs);
        json.WriteNumber("maxReservedAreas", limits.MaxReservedAreasPerTdmr);
        json.WriteStartObject("pamtEntrySize");
        json.WriteNumber("4k", limits.PamtEntrySize4K);
        json.WriteNumber("2m", limits.PamtEntrySize2M);
        json.WriteNumber("1g", limits.PamtEntrySize1G);
        json.WriteEndObject();
        json.WriteBoolean("dynamicPamt", limits.DynamicPamt);
        json.WriteNumber("physicalAddressBits", limits.PhysicalAddressBits);
        json.WriteEndObject();
    }

    private static void WriteLayout(Utf8JsonWriter json, TdmrLayout layout)
    {
        json.WriteStartObject();
        json.WriteString("holes", TdmrLayout.HolesName(layout.Holes));
        json.WriteBoolean("ok", layout.Succeeded);
        if (!layout.Succeeded)
        {
            json.WriteString("error", layout.Error);
            json.WriteEndObject();
            return;
        }
        json.WriteStartArray("tdmrs");
        foreach (TdmrEntry tdmr in layout.Tdmrs)
        {
            json.WriteStartObject();
            json.WriteString("base", Hex(tdmr.Base));
            json.WriteString("size", Hex(tdmr.Size));
            json.WriteStartObject("pamt");
            WriteArea(json, "4k", tdmr.Pamt4K);
            WriteArea(json, "2m", tdmr.Pamt2M);
            WriteArea(json, "1g", tdmr.Pamt1G);
            json.WriteEndObject();
            json.WriteStartArray("reservedAreas");
            foreach (ReservedArea area in tdmr.ReservedAreas)
            {
                json.WriteStartObject();
                json.WriteString("offset", Hex(area.Offset));
                json.WriteString("size", Hex(area.Size));
                json.WriteString("what", area.PamtOfTdmr is null ? "hole" : "pamt");
                if (area.PamtOfTdmr is int owner)
                {
                    json.WriteNumber("pamtOfTdmr", owner);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("pamtBytes", layout.PamtBytes);
        json.WriteNumber("pamtPercent", Math.Round(layout.PamtPercent, 4));
        json.WriteEndObject();
    }

    private static void WriteArea(Utf8JsonWriter json, string name, PamtArea area)
    {
        json.WriteStartObject(name);
        json.WriteString("base", Hex(area.Base));
        json.WriteString("size", Hex(area.Size));
        json.WriteEndObject();
    }
}
