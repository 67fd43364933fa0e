using System.Runtime.CompilerServices;

namespace System.Threading
{
    /// <summary>
    /// Reads that the compiler may not cache or hoist out of a loop. x64 loads already have
    /// acquire order, so a read the JIT cannot see through is enough: an out-of-line call.
    /// </summary>
    public static class Volatile
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static int Read(ref int location) => location;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static long Read(ref long location) => location;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ulong Read(ref ulong location) => location;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Write(ref int location, int value) => location = value;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Write(ref long location, long value) => location = value;
    }
}
