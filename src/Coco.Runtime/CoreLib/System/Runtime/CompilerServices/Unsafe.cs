namespace System.Runtime.CompilerServices
{
    /// <summary>The few reinterpretations the core library needs, done with pointers.</summary>
    internal static unsafe class Unsafe
    {
        public static ref long AsLong(ref ulong location)
        {
            fixed (ulong* pointer = &location)
            {
                return ref *(long*)pointer;
            }
        }
    }
}
