namespace System
{
    /// <summary>Only string literals exist in firmware: ILC lays them out as frozen objects,
    /// so nothing is ever allocated. The two fields are the layout ILC emits.</summary>
    public sealed class String
    {
#pragma warning disable CS0649
        private readonly int _stringLength;
        private char _firstChar;
#pragma warning restore CS0649

        private String() { }

        public int Length => _stringLength;

        [System.Runtime.CompilerServices.IndexerName("Chars")]
        public unsafe char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_stringLength)
                {
                    Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
                }
                fixed (char* first = &_firstChar)
                {
                    return first[index];
                }
            }
        }

        public ref readonly char GetPinnableReference() => ref _firstChar;

        /// <summary>The conversion C# 13 compilers use for string → ReadOnlySpan&lt;char&gt; (C# 14's
        /// first-class spans call MemoryExtensions.AsSpan instead; both must exist).</summary>
        public static implicit operator ReadOnlySpan<char>(string? value) => MemoryExtensions.AsSpan(value);
    }
}
