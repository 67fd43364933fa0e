using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Coco.Cli.Boot;
using Coco.Memory;
using Coco.Tdx.Abi;
using Coco.Tdx.Host;
using Coco.Tdx.Host.Pamt;
using Coco.Tdx.Host.Simulation;
using Coco.Tdx.Host.Tdmr;
using Coco.Text;
using TdxHostApp;

namespace Coco.EndToEnd.Tests;

/// <summary>Boots tests/Apps/TdxHostApp once for all of <see cref="TdxHostAppTests"/>.</summary>
public sealed class TdxHostAppBoot : IAsyncLifetime
{
    public BootResult Result { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Result = await QemuRunner.BootAsync(new BootOptions { EfiPath = Repository.TdxHostAppEfi, Timeout = TimeSpan.FromSeconds(120) });

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// Coco.Runtime.Tdx's host side compiled into an EFI image and run under OVMF: what the app
/// prints is checked against the same computation in this (host) process, on the same map
/// (HostMemoryMap.cs, compiled into both), so the firmware and the .NET build must agree
/// field for field and byte for byte.
/// </summary>
public class TdxHostAppTests(TdxHostAppBoot boot) : IClassFixture<TdxHostAppBoot>
{
    private const ulong GiB = 1UL << 30;

    private IReadOnlyList<string> Lines => boot.Result.ConsoleLines;

    [Fact]
    public void The_app_runs_every_part_and_powers_off_with_success()
    {
        BootResult result = boot.Result;
        Assert.True(result.Outcome == BootOutcome.Exited, result.Message + "\n" + string.Join('\n', Lines));
        Assert.Equal(0UL, result.EfiStatus);
        Assert.Equal(0, result.ExitCode);
        int ok = IndexOf("COCO-TDX-HOST OK");
        Assert.StartsWith("COCO-EXIT 0x0 SUCCESS", Lines[ok + 1]);
    }

    [Fact]
    public void The_generated_tdmr_info_constants_are_the_linux_layout_in_firmware_too()
    {
        string host = $"TdmrInfo: LayoutSize {TdmrInfo.LayoutSize}, LayoutAlignment {TdmrInfo.LayoutAlignment}, sizeof {Unsafe.SizeOf<TdmrInfo>()}, " +
            $"Pamt4KBaseOffset {TdmrInfo.Pamt4KBaseOffset}, ReservedAreasOffset {TdmrInfo.ReservedAreasOffset}, " +
            $"ReservedAreasElementSize {TdmrInfo.ReservedAreasElementSize}, ReservedAreasCapacity {TdmrInfo.ReservedAreasCapacity}";
        // struct tdmr_info: eight u64s, then 16-byte reserved areas up to the 512-byte record.
        Assert.Equal("TdmrInfo: LayoutSize 512, LayoutAlignment 512, sizeof 512, Pamt4KBaseOffset 48, ReservedAreasOffset 64, " +
            "ReservedAreasElementSize 16, ReservedAreasCapacity 28", host);
        Assert.Equal(host, Lines[IndexOf("TdmrInfo: ", prefix: true)]);
    }

    [Theory]
    [InlineData("blocks-static", ReservedAreaSource.MemoryBlocks, false)]
    [InlineData("cmrs-static", ReservedAreaSource.Cmrs, false)]
    [InlineData("cmrs-dynamic", ReservedAreaSource.Cmrs, true)]
    public void Firmware_lays_out_the_same_tdmrs_as_the_host_build(string name, ReservedAreaSource holes, bool dynamicPamt)
    {
        TdmrInfo[] host = LayOut(HostMemoryMap.Limits.WithDynamicPamt(dynamicPamt), holes);
        Assert.Equal(new[] { (0UL, 2 * GiB), (4 * GiB, 8 * GiB), (9 * GiB, 12 * GiB) }, host.Select(t => (t.Base, t.End)));

        int header = IndexOf($"Layout {name}: ", prefix: true);
        Match match = Regex.Match(Lines[header],
            $@"^Layout {name}: (?<count>\d+) TDMRs, TDMR_INFO at 0x(?<address>[0-9A-F]+), (?<bytes>\d+) bytes, fnv1a64 0x(?<digest>[0-9A-F]{{16}})$");
        Assert.True(match.Success, Lines[header]);
        Assert.Equal(host.Length, int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(0UL, Hex(match.Groups["address"].Value) % 4096);
        Assert.Equal(host.Length * TdmrInfo.LayoutSize, int.Parse(match.Groups["bytes"].Value, CultureInfo.InvariantCulture));
        // Every byte of the records, unused reserved-area slots included.
        Assert.Equal(Fnv1a64(MemoryMarshal.AsBytes(host.AsSpan())), Hex(match.Groups["digest"].Value));

        string[] printed = Lines.Skip(header + 1)
            .TakeWhile(l => l.StartsWith($"TDMR {name} #", StringComparison.Ordinal) || l.StartsWith($"  area {name} #", StringComparison.Ordinal))
            .ToArray();
        // Joined, so a mismatch shows the differing line in full.
        Assert.Equal(string.Join('\n', Describe(name, host)), string.Join('\n', printed));
    }

    [Fact]
    public void A_tight_reserved_area_limit_fails_the_memory_block_way_with_the_builders_message_and_leaves_nothing()
    {
        var storage = new TdmrInfo[HostMemoryMap.TightLimits.MaxTdmrs];
        TdmrBuildError error = TdmrBuilder.Build(Blocks(), Cmrs(), HostMemoryMap.TightLimits, ReservedAreaSource.MemoryBlocks, storage, out _);
        Assert.Equal("TDMR [0x0, 0x80000000): reserved areas exhausted (limit 4)", Format(error));

        Assert.Equal($"Tight limit 4, holes from memory blocks: error: {Format(error)}", Lines[IndexOf("Tight limit 4, holes from memory blocks: ", prefix: true)]);
        Assert.Contains("Tight limit 4, after the error: 0 TDMRs, TDMR_INFO storage all zero", Lines);

        TdmrInfo[] fitting = LayOut(HostMemoryMap.TightLimits, ReservedAreaSource.Cmrs);
        int mostAreas = fitting.Max(t => t.ReservedAreaCount);
        Assert.Equal(3, mostAreas);
        Assert.Contains($"Tight limit 4, holes from CMRs: {fitting.Length} TDMRs, at most {mostAreas} reserved areas per TDMR", Lines);
    }

    [Fact]
    public void The_simulated_module_in_firmware_brings_up_as_the_host_build_does()
    {
        Assert.Contains("TDH.SYS.CONFIG with no module: TDX_SEAMCALL_VMFAILINVALID (0x8000FF00FFFF0000)", Lines);
        string[] host = HostBringUp(out long tdmrInitCalls);
        // 16 MiB per TDH.SYS.TDMR.INIT with Dynamic PAMT, over [0, 2G), [4G, 8G), [9G, 12G).
        Assert.Equal(9 * GiB / (16UL << 20), (ulong)tdmrInitCalls);
        int first = IndexOf("Simulated TDX module: ", prefix: true);
        Assert.Equal(string.Join('\n', host), string.Join('\n', Lines.Skip(first).Take(host.Length)));
    }

    /// <summary>The app's bring-up lines, produced here by the same simulator in this process.</summary>
    private static unsafe string[] HostBringUp(out long tdmrInitCalls)
    {
        PhysicalRange[] cmrs = Cmrs();
        TdmrInfo[] dynamic = LayOut(HostMemoryMap.Limits.WithDynamicPamt(true), ReservedAreaSource.Cmrs);
        var lines = new List<string>();
        using var session = new SimulatedTdxModuleSession(cmrs).InstallUninitialized();
        lines.Add($"Simulated TDX module: {SimulatedTdxModule.StateBytes(cmrs, SimulatedTdxPlatform.Default)} bytes of state for {cmrs.Length} CMRs");
        lines.Add($"TDH.SYS.INIT: {HostSeamcalls.TdhSysInit().Format()}");
        lines.Add($"TDH.SYS.LP.INIT: {HostSeamcalls.TdhSysLpInit().Format()}");
        TdmrInfo* entries = (TdmrInfo*)NativeMemory.AlignedAlloc((nuint)(dynamic.Length * sizeof(TdmrInfo)), 4096);
        ulong* addresses = (ulong*)NativeMemory.AlignedAlloc(4096, 4096);
        try
        {
            dynamic.CopyTo(new Span<TdmrInfo>(entries, dynamic.Length));
            TdxStatus config = TdxMemoryConfigurator.Configure(entries, dynamic.Length, addresses, 32, dynamicPamt: true);
            lines.Add($"TDH.SYS.CONFIG (Dynamic PAMT, HKID 32): {config.Format()}, module has {session.Module->TdmrCount} TDMRs");
            lines.Add($"TDH.SYS.TDMR.INIT before TDH.SYS.KEY.CONFIG: {HostSeamcalls.TdhSysTdmrInit(dynamic[0].Base, out _).Format()}");
            lines.Add($"TDH.SYS.KEY.CONFIG: {TdxMemoryConfigurator.ConfigureGlobalKey().Format()}");
            TdxStatus init = TdxMemoryConfigurator.InitializeTdmrs(entries, dynamic.Length, out _, out tdmrInitCalls);
            lines.Add($"TDH.SYS.TDMR.INIT: {init.Format()} in {tdmrInitCalls} calls");
        }
        finally
        {
            NativeMemory.AlignedFree(entries);
            NativeMemory.AlignedFree(addresses);
        }
        return lines.ToArray();
    }

    [Fact]
    public void Dynamic_pamt_counts_regions_adds_and_removes_pairs_and_ends_idle_in_firmware()
    {
        PhysicalRange[] tdxMemory = Blocks()[HostMemoryMap.FirstTdxBlock..];
        PamtRefcountTable.Measure(tdxMemory, out int segments, out long counters);
        ulong storageBytes = (ulong)segments * (ulong)Unsafe.SizeOf<PamtRefcountSegment>() + (ulong)counters * sizeof(int);
        TdmrInfo[] staticLayout = LayOut(HostMemoryMap.Limits, ReservedAreaSource.Cmrs);
        TdmrInfo[] dynamicLayout = LayOut(HostMemoryMap.Limits.WithDynamicPamt(true), ReservedAreaSource.Cmrs);

        string[] expected =
        [
            $"Dynamic PAMT: {tdxMemory.Length} TDX memory blocks, reference counts in {segments} segments, {counters} counters, {storageBytes} bytes of pool memory",
            "Dynamic PAMT: pool filled with 4 of 8 pairs, 8 pages from AllocatePages",
            // Two pages of one 2 MiB region share its pair; the fault-path get takes one from the pool.
            "Dynamic PAMT for 0x100003000: ok; count 1, pairs installed 1, pool 4",
            "Dynamic PAMT for 0x1001FF000: ok; count 2, pairs installed 1, pool 4",
            "Dynamic PAMT for 0x240400000: ok; count 1, pairs installed 2, pool 3",
            $"PAMT bytes: static PAMT {PamtAccounting.StaticBytes(staticLayout)}, Dynamic PAMT {PamtAccounting.StaticBytes(dynamicLayout)} " +
                $"+ 16384 in 2 pairs = {PamtAccounting.TotalBytes(dynamicLayout, 2)}",
            // The firmware's 4 MiB hole lies inside TDMR 0 but has no counter.
            "Dynamic PAMT for 0x6F900000: not TDX memory; count 0, pairs installed 2, pool 3",
            "Dynamic PAMT for 0x1C0000000: put without a get (reference count is zero); count 0, pairs installed 2, pool 3",
            // A pair added behind the manager's back: its own ADD is refused and changes nothing.
            "TDH.PHYMEM.PAMT.ADD 0x2C0000001 outside the manager: TDX_SUCCESS (0x0000000000000000)",
            "Dynamic PAMT for 0x2C0000000: the module refused: TDX_HPA_RANGE_NOT_FREE (0xC000030400000001); count 0, pairs installed 2, pool 3",
            "TDH.PHYMEM.PAMT.REMOVE 0x2C0000001 outside the manager: TDX_SUCCESS (0x0000000000000000)",
            // The last put of a region removes its pair, whose pages go back to the pool.
            "Dynamic PAMT for 0x1001FF000: ok; count 1, pairs installed 2, pool 3",
            "Dynamic PAMT for 0x100003000: ok; count 0, pairs installed 1, pool 4",
            "Dynamic PAMT for 0x240400000: ok; count 0, pairs installed 0, pool 5",
            // 8 pool pages, 2 for the first get, 2 for the outside ADD, 2 for the refused ADD: all freed.
            "Dynamic PAMT end: regions in use 0, pairs installed 0, module pairs 0, PAMT.ADD calls 4, PAMT.REMOVE calls 3, pages allocated 14, outstanding 0",
        ];
        int first = IndexOf("Dynamic PAMT: ", prefix: true);
        Assert.Equal(string.Join('\n', expected), string.Join('\n', Lines.Skip(first).Take(expected.Length)));
    }

    private int IndexOf(string text, bool prefix = false)
    {
        for (int i = 0; i < Lines.Count; i++)
        {
            if (prefix ? Lines[i].StartsWith(text, StringComparison.Ordinal) : Lines[i] == text)
            {
                return i;
            }
        }
        Assert.Fail($"No console line {(prefix ? "starts with" : "is")} '{text}'. {boot.Result.Message}\n{string.Join('\n', Lines)}");
        return -1;
    }

    private static PhysicalRange[] Blocks()
    {
        var blocks = new PhysicalRange[HostMemoryMap.BlockCount];
        HostMemoryMap.WriteBlocks(blocks);
        return blocks;
    }

    private static PhysicalRange[] Cmrs()
    {
        var cmrs = new PhysicalRange[HostMemoryMap.CmrCount];
        HostMemoryMap.WriteCmrs(cmrs);
        return cmrs;
    }

    private static TdmrInfo[] LayOut(TdxModuleLimits limits, ReservedAreaSource holes)
    {
        var storage = new TdmrInfo[limits.MaxTdmrs];
        TdmrBuildError error = TdmrBuilder.Build(Blocks(), Cmrs(), limits, holes, storage, out int count);
        Assert.True(error.IsSuccess, Format(error));
        return storage[..count];
    }

    /// <summary>The app's TDMR and reserved-area lines, written here with .NET formatting.</summary>
    private static IEnumerable<string> Describe(string name, TdmrInfo[] tdmrs)
    {
        for (int i = 0; i < tdmrs.Length; i++)
        {
            TdmrInfo t = tdmrs[i];
            yield return $"TDMR {name} #{i}: base 0x{t.Base:X} size 0x{t.Size:X} pamt4k 0x{t.Pamt4KBase:X}+0x{t.Pamt4KSize:X} " +
                $"pamt2m 0x{t.Pamt2MBase:X}+0x{t.Pamt2MSize:X} pamt1g 0x{t.Pamt1GBase:X}+0x{t.Pamt1GSize:X} reserved {t.ReservedAreaCount}";
            for (int j = 0; j < t.ReservedAreaCount; j++)
            {
                TdmrReservedArea area = t.ReservedAreasAt(j);
                yield return $"  area {name} #{i}.{j}: offset 0x{area.Offset:X} size 0x{area.Size:X}";
            }
        }
    }

    private static unsafe string Format(TdmrBuildError error)
    {
        char* buffer = stackalloc char[256];
        var text = new TextBuilder(buffer, 256);
        error.AppendTo(ref text);
        return new string(text.AsSpan());
    }

    private static ulong Hex(string digits) => ulong.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211;
        }
        return hash;
    }
}
