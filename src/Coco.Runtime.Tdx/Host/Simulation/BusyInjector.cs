using System;
using System.Threading;

namespace Coco.Tdx.Host.Simulation
{
    /// <summary>
    /// Makes a chosen fraction of SEAMCALLs fail with TDX_OPERAND_BUSY before they touch any
    /// state, as a contended module lock would. Deterministic per thread for a given seed.
    /// </summary>
    public sealed class BusyInjector
    {
        private readonly ThreadLocal<Random> _random;
        private long _injected;

        public BusyInjector(double rate, int seed)
        {
            if (rate < 0 || rate >= 1)
            {
                throw new ArgumentOutOfRangeException(nameof(rate), rate, "BUSY rate must be in [0, 1).");
            }
            Rate = rate;
            int threadSeed = seed;
            _random = new ThreadLocal<Random>(() => new Random(Interlocked.Increment(ref threadSeed)));
        }

        public double Rate { get; }

        public long Injected => Interlocked.Read(ref _injected);

        public bool ShouldFail()
        {
            if (Rate == 0 || _random.Value!.NextDouble() >= Rate)
            {
                return false;
            }
            Interlocked.Increment(ref _injected);
            return true;
        }
    }
}
