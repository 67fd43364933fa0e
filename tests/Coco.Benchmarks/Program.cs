using BenchmarkDotNet.Running;

namespace Coco.Benchmarks
{
    public static class Program
    {
        /// <summary>BenchmarkDotNet's switcher, or with "qemu-acceptance" first the QEMU harness
        /// (<see cref="Qemu.QemuAcceptanceHarness"/>), with "generator-edits" the keystroke
        /// harness (<see cref="Generators.GeneratorEditHarness"/>), with "bitmap-pairs" the
        /// paired bitmap harness (<see cref="Bitmaps.BitmapPairHarness"/>), with "compile-pairs"
        /// the paired compile harness (<see cref="Generators.GeneratedCodePairHarness"/>).</summary>
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "qemu-acceptance")
            {
                return Qemu.QemuAcceptanceHarness.RunAsync(args[1..]).GetAwaiter().GetResult();
            }
            if (args.Length > 0 && args[0] == "generator-edits")
            {
                return Generators.GeneratorEditHarness.Run(args[1..]);
            }
            if (args.Length > 0 && args[0] == "bitmap-pairs")
            {
                return Bitmaps.BitmapPairHarness.Run(args[1..]);
            }
            if (args.Length > 0 && args[0] == "compile-pairs")
            {
                return Generators.GeneratedCodePairHarness.Run(args[1..]);
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
