using System.Text.Json;
using Coco.Cli.Boot;

namespace Coco.Benchmarks.Qemu
{
    /// <summary>
    /// The multi-CPU acceptance benchmark in QEMU (issue 13), a harness rather than a
    /// BenchmarkDotNet suite: each figure is a whole boot. It boots the sample with
    /// <c>--simulate-unaccepted=&lt;MiB&gt; --eager --measure-store-loop</c> under 1 and 2 vCPUs
    /// (multi-threaded TCG), alternating, <c>rounds</c> times, and reads the firmware's own
    /// microseconds from each report: the speed-up of 2 vCPUs over 1, and per vCPU the simulated
    /// acceptance's throughput against an 8-byte store loop over as many fresh bytes in the same
    /// guest; once with the host faulting guest RAM in on first touch and once with it
    /// preallocated. Then eager acceptance under 2 vCPUs with chunk sizes from 2 to 128 MiB.
    /// <code>dotnet run -c Release --project tests/Coco.Benchmarks -- qemu-acceptance [MiB] [rounds]</code>
    /// Needs the sample built in Release (dotnet build samples/UefiApp -c Release).
    /// </summary>
    public static class QemuAcceptanceHarness
    {
        public static async Task<int> RunAsync(string[] args)
        {
            int mebibytes = args.Length > 0 ? int.Parse(args[0]) : 768;
            int rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
            string efi = Path.Combine(RepositoryRoot(), "samples", "UefiApp", "bin", "Release", "net10.0", "UefiApp.efi");
            if (!File.Exists(efi))
            {
                Console.Error.WriteLine($"{efi} is missing: dotnet build samples/UefiApp -c Release");
                return 2;
            }
            Console.WriteLine($"// eager acceptance of {mebibytes} MiB simulated TDX memory, {rounds} rounds; load {HarnessFigures.Load()}");
            // Host-cold: QEMU's RAM is faulted in by the host kernel on the guest's first touch,
            // as a VMM backs a TD's private memory when it is first accepted. Host-warm
            // (-mem-prealloc): the host's part taken out, leaving the guest's own work.
            foreach (bool warm in new[] { false, true })
            {
                Console.WriteLine(warm ? "// host-warm (-mem-prealloc)" : "// host-cold");
                var one = new List<Run>();
                var two = new List<Run>();
                for (int round = 0; round < rounds; round++)
                {
                    one.Add(await BootAsync(efi, mebibytes, 1, 0, warm));
                    two.Add(await BootAsync(efi, mebibytes, 2, 0, warm));
                    Console.WriteLine($"  round {round + 1}: 1 vCPU {one[^1]}; 2 vCPUs {two[^1]}");
                }
                Run median1 = Median(one), median2 = Median(two);
                Console.WriteLine($"1 vCPU : {median1}");
                Console.WriteLine($"2 vCPUs: {median2}");
                Console.WriteLine($"speed-up 2 vs 1 vCPU (median µs): {(double)median1.Microseconds / median2.Microseconds:F2}; until the pool returned: {HarnessFigures.Median(one.Select(r => (double)r.PoolMicroseconds)) / HarnessFigures.Median(two.Select(r => (double)r.PoolMicroseconds)):F2}");
                // Each boot's acceptance against its own store loop: the host's page faults vary
                // from boot to boot (up to 3x in the store loop alone on the development VM), so
                // ratios are taken within a boot and their median reported.
                Console.WriteLine($"per-vCPU acceptance / 8-byte store loop in the same boot (median of {rounds}), 1 vCPU: {HarnessFigures.Median(one.Select(r => r.StoreLoopRatio)):F2}; 2 vCPUs, per vCPU: {HarnessFigures.Median(two.Select(r => r.StoreLoopRatio * r.CpuShare)):F2}");
                Console.WriteLine($"// load {HarnessFigures.Load()}");
            }
            Console.WriteLine($"// chunk sizes, 2 vCPUs, host-cold; load {HarnessFigures.Load()}");
            foreach (int chunk in new[] { 2, 8, 32, 128 })
            {
                Run run = await BootAsync(efi, mebibytes, 2, chunk, warm: false);
                Console.WriteLine($"chunk {chunk,3} MiB: {run}");
            }
            Console.WriteLine($"// load {HarnessFigures.Load()}");
            return 0;
        }

        private sealed record Run(int Cpus, ulong Bytes, ulong Microseconds, ulong PoolMicroseconds, ulong StoreLoopBytes, ulong StoreLoopMicroseconds, int CpusThatAccepted)
        {
            public double MiBps => Bytes / 1048576.0 / (Microseconds / 1e6);

            /// <summary>Acceptance throughput per CPU over the store loop's (one CPU).</summary>
            public double StoreLoopMiBps => StoreLoopBytes / 1048576.0 / (StoreLoopMicroseconds / 1e6);

            public double StoreLoopRatio => MiBps / StoreLoopMiBps;

            /// <summary>1 / CPUs that took part: turns the whole run's throughput into a per-CPU one.</summary>
            public double CpuShare => 1.0 / Math.Max(1, CpusThatAccepted);

            public override string ToString() =>
                $"{Bytes >> 20} MiB in {Microseconds} µs (pool back at {PoolMicroseconds}) = {MiBps:F0} MiB/s by {CpusThatAccepted} CPU(s); store loop {StoreLoopMiBps:F0} MiB/s";
        }

        private static async Task<Run> BootAsync(string efi, int mebibytes, int cpus, int chunkMiB, bool warm)
        {
            var arguments = new List<string> { $"--simulate-unaccepted={mebibytes}", "--eager", "--measure-store-loop", "--shutdown" };
            if (chunkMiB != 0)
            {
                arguments.Insert(0, $"--chunk={chunkMiB}");
            }
            BootResult result = await QemuRunner.BootAsync(new BootOptions
            {
                EfiPath = efi,
                // The simulated memory, as much again for the store loop, and the firmware's own.
                MemoryMiB = 2 * mebibytes + 512,
                Cpus = cpus,
                PreallocateMemory = warm,
                AppArguments = arguments,
                Timeout = TimeSpan.FromSeconds(600),
            });
            if (result.Report is null)
            {
                throw new InvalidOperationException($"no report: {result.Message}\n{string.Join('\n', result.ConsoleLines)}");
            }
            JsonElement acceptance = JsonDocument.Parse(result.Report).RootElement.GetProperty("acceptance");
            JsonElement store = acceptance.GetProperty("storeLoop");
            return new Run(cpus, acceptance.GetProperty("bytes").GetUInt64(), acceptance.GetProperty("microseconds").GetUInt64(),
                acceptance.GetProperty("poolMicroseconds").GetUInt64(), store.GetProperty("bytes").GetUInt64(), store.GetProperty("microseconds").GetUInt64(), acceptance.GetProperty("cpus").GetInt32());
        }

        private static Run Median(List<Run> runs) => runs.OrderBy(r => r.Microseconds).ElementAt(runs.Count / 2);

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Coco.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("Coco.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
