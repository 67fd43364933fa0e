using System.Runtime.CompilerServices;

namespace System.Threading
{
    /// <summary>
    /// Atomic operations. Marked [Intrinsic] in the system module, so ILC's JIT emits the
    /// locked instructions (lock cmpxchg / lock xadd / xchg) in place of the calls; the bodies
    /// are the sequential meaning, used only if the JIT does not expand them.
    /// </summary>
    public static class Interlocked
    {
        [Intrinsic]
        public static int CompareExchange(ref int location, int value, int comparand)
        {
            int original = location;
            if (original == comparand)
            {
                location = value;
            }
            return original;
        }

        [Intrinsic]
        public static long CompareExchange(ref long location, long value, long comparand)
        {
            long original = location;
            if (original == comparand)
            {
                location = value;
            }
            return original;
        }

        public static ulong CompareExchange(ref ulong location, ulong value, ulong comparand) =>
            (ulong)CompareExchange(ref Unsafe.AsLong(ref location), (long)value, (long)comparand);

        [Intrinsic]
        public static int Exchange(ref int location, int value)
        {
            int original = location;
            location = value;
            return original;
        }

        [Intrinsic]
        public static long Exchange(ref long location, long value)
        {
            long original = location;
            location = value;
            return original;
        }

        [Intrinsic]
        private static int ExchangeAdd(ref int location, int value)
        {
            int original = location;
            location = original + value;
            return original;
        }

        [Intrinsic]
        private static long ExchangeAdd(ref long location, long value)
        {
            long original = location;
            location = original + value;
            return original;
        }

        public static int Add(ref int location, int value) => ExchangeAdd(ref location, value) + value;

        public static long Add(ref long location, long value) => ExchangeAdd(ref location, value) + value;

        public static int Increment(ref int location) => Add(ref location, 1);

        public static long Increment(ref long location) => Add(ref location, 1);

        public static int Decrement(ref int location) => Add(ref location, -1);

        public static long Decrement(ref long location) => Add(ref location, -1);
    }
}
