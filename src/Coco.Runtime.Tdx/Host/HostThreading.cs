using System.Threading;

namespace Coco.Tdx.Host
{
    /// <summary>Host implementations of the firmware code's wait hints.</summary>
    public static unsafe class HostThreading
    {
        /// <summary>For <see cref="Pamt.DynamicPamt.Initialize"/>: lets the thread holding a
        /// region's transition run instead of spinning against it.</summary>
        public static delegate*<void> YieldHint => &YieldThread;

        private static void YieldThread() => Thread.Yield();
    }
}
