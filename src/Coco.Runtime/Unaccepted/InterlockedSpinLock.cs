using System.Threading;

namespace Coco.Unaccepted
{
    /// <summary>
    /// A test-and-set lock on an int, from Interlocked alone (all the firmware core library
    /// offers; Interlocked operations are full fences, so what the holder wrote is visible to
    /// the next holder). Hold it briefly: waiters spin.
    /// </summary>
    public static unsafe class InterlockedSpinLock
    {
        public static void Acquire(int* lockWord)
        {
            // No volatile reads or pause hint in the core library: spin on the exchange itself.
            while (Interlocked.CompareExchange(ref *lockWord, 1, 0) != 0)
            {
            }
        }

        public static void Release(int* lockWord) => Interlocked.Exchange(ref *lockWord, 0);
    }
}
