namespace System
{
    /// <summary>A pointer and a length, checked on every index. Limited to unmanaged element
    /// types: firmware has no GC to report interior references to.</summary>
    public readonly unsafe ref struct Span<T> where T : unmanaged
    {
        private readonly T* _pointer;
        private readonly int _length;

        public Span(void* pointer, int length)
        {
            if (length < 0)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }
            _pointer = (T*)pointer;
            _length = length;
        }

        public int Length => _length;

        public bool IsEmpty => _length == 0;

        public ref T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_length)
                {
                    Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
                }
                return ref _pointer[index];
            }
        }

        public Span<T> Slice(int start)
        {
            if ((uint)start > (uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }
            return new Span<T>(_pointer + start, _length - start);
        }

        public Span<T> Slice(int start, int length)
        {
            if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }
            return new Span<T>(_pointer + start, length);
        }

        public void Clear() => SpanHelpers.ClearWithoutReferences(ref *(byte*)_pointer, (nuint)_length * (nuint)sizeof(T));

        public void Fill(T value)
        {
            if (sizeof(T) == 1)
            {
                SpanHelpers.Fill(ref *(byte*)_pointer, *(byte*)&value, (nuint)_length);
                return;
            }
            for (int i = 0; i < _length; i++)
            {
                _pointer[i] = value;
            }
        }

        /// <summary>Copies this span into <paramref name="destination"/> (which may overlap it);
        /// a destination shorter than this span is an argument error.</summary>
        public void CopyTo(Span<T> destination)
        {
            if ((uint)_length > (uint)destination.Length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }
            SpanHelpers.Memmove(ref *(byte*)destination._pointer, ref *(byte*)_pointer, (nuint)_length * (nuint)sizeof(T));
        }

        public ref T GetPinnableReference() => ref *_pointer;

        public static implicit operator ReadOnlySpan<T>(Span<T> span) => new ReadOnlySpan<T>(span._pointer, span._length);
    }

    public readonly unsafe ref struct ReadOnlySpan<T> where T : unmanaged
    {
        private readonly T* _pointer;
        private readonly int _length;

        public ReadOnlySpan(void* pointer, int length)
        {
            if (length < 0)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }
            _pointer = (T*)pointer;
            _length = length;
        }

        public int Length => _length;

        public bool IsEmpty => _length == 0;

        public ref readonly T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_length)
                {
                    Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
                }
                return ref _pointer[index];
            }
        }

        public ReadOnlySpan<T> Slice(int start)
        {
            if ((uint)start > (uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }
            return new ReadOnlySpan<T>(_pointer + start, _length - start);
        }

        public ReadOnlySpan<T> Slice(int start, int length)
        {
            if ((ulong)(uint)start + (ulong)(uint)length > (ulong)(uint)_length)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            }
            return new ReadOnlySpan<T>(_pointer + start, length);
        }

        public ref readonly T GetPinnableReference() => ref *_pointer;
    }
}
