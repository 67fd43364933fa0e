using System.Threading;

namespace Coco.Tdx.Host.Pamt
{
    /// <summary>The .NET build's wait hint for firmware code that spins.</summary>
    public static unsafe class ThreadYield
    {
        /// <summary>For <see cref="Pamt.DynamicPamt.Initialize"/>: lets the thread holding a
        /// region's transition run instead of spinning against it.</summary>
        public static delegate*<void> YieldHint => &YieldThread;

        private static void YieldThread() => Thread.Yield();
    }
}
