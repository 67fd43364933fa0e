namespace System
{
    /// <summary>What the compiler calls to turn a string into a ReadOnlySpan&lt;char&gt;.</summary>
    public static class MemoryExtensions
    {
        /// <summary>The characters of <paramref name="text"/>; string literals are frozen, so the
        /// span stays valid.</summary>
        public static unsafe ReadOnlySpan<char> AsSpan(this string? text)
        {
            if (text == null)
            {
                return default;
            }
            fixed (char* first = text)
            {
                return new ReadOnlySpan<char>(first, text.Length);
            }
        }
    }
}
