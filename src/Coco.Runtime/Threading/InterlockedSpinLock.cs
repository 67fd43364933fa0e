using System.Threading;

namespace Coco.Threading
{
    /// <summary>
    /// A test-and-set lock on an int, from Interlocked alone (all the firmware core library
    /// offers; Interlocked operations are full fences, so what the holder wrote is visible to
    /// the next holder). Hold it briefly: waiters spin, with a pause hint between tries.
    /// </summary>
    public static unsafe class InterlockedSpinLock
    {
        public static void Acquire(int* lockWord)
        {
            while (Interlocked.CompareExchange(ref *lockWord, 1, 0) != 0)
            {
                // Wait until the word reads free before trying again: the exchange would keep
                // the cache line bouncing between the waiting CPUs.
                while (Volatile.Read(ref *lockWord) != 0)
                {
                    SpinHint.Pause();
                }
            }
        }

        public static bool TryAcquire(int* lockWord) => Interlocked.CompareExchange(ref *lockWord, 1, 0) == 0;

        public static void Release(int* lockWord) => Interlocked.Exchange(ref *lockWord, 0);
    }
}
