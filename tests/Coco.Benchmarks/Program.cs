using BenchmarkDotNet.Running;

namespace Coco.Benchmarks
{
    public static class Program
    {
        /// <summary>BenchmarkDotNet's switcher, or with "qemu-acceptance" first the QEMU harness
        /// (<see cref="Qemu.QemuAcceptanceHarness"/>).</summary>
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "qemu-acceptance")
            {
                return Qemu.QemuAcceptanceHarness.RunAsync(args[1..]).GetAwaiter().GetResult();
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
