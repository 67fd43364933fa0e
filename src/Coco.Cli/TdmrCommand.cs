using System.CommandLine;
using Coco.Cli.Formatting;
using Coco.Cli.Input;
using Coco.Cli.Tdmr;
using Coco.Tdx.Host.Tdmr;

namespace Coco.Cli;

/// <summary>`coco tdmr map [--cmrs file] [--holes blocks|cmrs] [--max-tdmrs N]
/// [--max-reserved N] [--pa-bits N] [--dynamic-pamt] [--json]`: lays out TDMRs with TdmrBuilder.
/// The map is TDMR input JSON, a kernel log (dmesg) or anything `coco inspect` reads.</summary>
public static class TdmrCommand
{
    public static Command Create()
    {
        var map = new Argument<FileInfo>("map")
        {
            Description = "Memory blocks as JSON ({\"memoryBlocks\":[…],\"cmrs\":[…],\"limits\":{…}}); a kernel log (dmesg) with its BIOS-e820 table and the TDX host driver's CMR lines; or a COCO-REPORT log or memory-map dump whose RAM ranges become the blocks.",
        };
        var cmrs = new Option<FileInfo>("--cmrs") { Description = "CMRs as JSON ([{\"start\":…,\"end\":…}…] or {\"cmrs\":[…]}) or a kernel log's 'virt/tdx: CMR' lines; replaces any in the map." };
        var holes = new Option<string>("--holes")
        {
            Description = "Where reserved areas for holes come from: blocks (mainline) or cmrs. Default: both when CMRs are known, else blocks.",
        };
        holes.AcceptOnlyFromAmong("blocks", "cmrs");
        var maxTdmrs = new Option<int?>("--max-tdmrs") { Description = "The module's MAX_TDMRS (default 64, or the map's limits)." };
        var maxReserved = new Option<int?>("--max-reserved") { Description = "The module's MAX_RESERVED_PER_TDMR (default 16, or the map's limits)." };
        var paBits = new Option<int?>("--pa-bits") { Description = "Physical address bits TDMRs must stay below (30..52; default 52, TDX 1.5's MAX_PA; fewer when MK-TME KeyID bits take the top)." };
        var dynamicPamt = new Option<bool>("--dynamic-pamt") { Description = "Size the PAMT_4K level as Dynamic PAMT's page bitmap." };
        var json = new Option<bool>("--json") { Description = "Print the layouts as JSON." };

        var command = new Command("tdmr", "Lay out TDMRs, PAMTs and reserved areas for a memory map, as the TDX host does.")
        {
            map, cmrs, holes, maxTdmrs, maxReserved, paBits, dynamicPamt, json,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            TdmrInput input;
            IReadOnlyList<ReservedAreaSource> sources;
            try
            {
                input = TdmrInputReader.Read(parse.GetValue(map)!.ToString(), parse.GetValue(cmrs)?.ToString());
                input = input with { Limits = WithOverrides(input.Limits, parse.GetValue(maxTdmrs), parse.GetValue(maxReserved), parse.GetValue(paBits), parse.GetValue(dynamicPamt)) };
                sources = Sources(parse.GetValue(holes), input);
            }
            catch (InputException e)
            {
                error.WriteLine($"coco tdmr: {e.Message}");
                return ExitCodes.InputError;
            }
            var layouts = sources.Select(source => TdmrLayout.Build(input.MemoryBlocks, input.Cmrs, input.Limits, source)).ToList();
            if (parse.GetValue(json))
            {
                TdmrLayoutJson.Write(output, input, layouts);
            }
            else
            {
                TdmrLayoutTable.Write(CliConsole.For(output), input, layouts);
            }
            foreach (TdmrLayout failed in layouts.Where(l => !l.Succeeded))
            {
                error.WriteLine($"coco tdmr: {TdmrLayout.HolesDescription(failed.Holes)}: {failed.Error}");
            }
            return layouts.All(l => l.Succeeded) ? ExitCodes.Success : ExitCodes.LayoutFailed;
        });
        return command;
    }

    private static TdxModuleLimits WithOverrides(TdxModuleLimits limits, int? maxTdmrs, int? maxReserved, int? paBits, bool dynamicPamt)
    {
        if (paBits is int bits)
        {
            limits.PhysicalAddressBits = TdmrLimitChecks.PhysicalAddressBits(bits, message => new InputException($"--pa-bits {message}"));
        }
        if (maxTdmrs is int tdmrs)
        {
            limits.MaxTdmrs = TdmrLimitChecks.MaxTdmrs(tdmrs, message => new InputException($"--max-tdmrs {message}"));
        }
        if (maxReserved is int reserved)
        {
            limits.MaxReservedAreasPerTdmr = TdmrLimitChecks.MaxReservedAreas(reserved, message => new InputException($"--max-reserved {message}"));
        }
        return dynamicPamt ? limits.WithDynamicPamt(true) : limits;
    }

    private static IReadOnlyList<ReservedAreaSource> Sources(string? holes, TdmrInput input) => holes switch
    {
        "blocks" => [ReservedAreaSource.MemoryBlocks],
        "cmrs" when input.Cmrs is null => throw new InputException(
            $"--holes cmrs needs CMRs: give --cmrs FILE or \"cmrs\" in {input.Origin}"),
        "cmrs" => [ReservedAreaSource.Cmrs],
        _ when input.Cmrs is null => [ReservedAreaSource.MemoryBlocks],
        _ => [ReservedAreaSource.MemoryBlocks, ReservedAreaSource.Cmrs],
    };
}
