namespace Coco.Memory
{
    /// <summary>
    /// Writes a binary record into caller memory field by field, little-endian (UEFI and event
    /// logs) or big-endian (TPM 2.0 commands), without allocating. Past the capacity nothing is
    /// written and <see cref="Overflowed"/> is set, so a record is refused rather than cut short.
    /// </summary>
    public unsafe struct ByteWriter
    {
        private readonly byte* _buffer;
        private readonly int _capacity;
        private int _length;
        private bool _overflowed;

        public ByteWriter(byte* buffer, int capacity)
        {
            _buffer = buffer;
            _capacity = capacity;
            _length = 0;
            _overflowed = false;
        }

        public int Length => _length;

        public bool Overflowed => _overflowed;

        public byte* Start => _buffer;

        /// <summary>Where the next byte goes (to patch a size written before its content).</summary>
        public byte* Cursor => _buffer + _length;

        public void U8(byte value)
        {
            if (Reserve(1))
            {
                _buffer[_length++] = value;
            }
        }

        public void U16(ushort value) => Little(value, 2);

        public void U32(uint value) => Little(value, 4);

        public void U64(ulong value) => Little(value, 8);

        public void U16BigEndian(ushort value) => Big(value, 2);

        public void U32BigEndian(uint value) => Big(value, 4);

        public void Bytes(byte* source, int count)
        {
            if (Reserve(count))
            {
                for (int i = 0; i < count; i++)
                {
                    _buffer[_length + i] = source[i];
                }
                _length += count;
            }
        }

        /// <summary>UTF-16 text as ASCII bytes (characters above 0x7F become '?').</summary>
        public void Ascii(System.ReadOnlySpan<char> text)
        {
            if (Reserve(text.Length))
            {
                for (int i = 0; i < text.Length; i++)
                {
                    char c = text[i];
                    _buffer[_length + i] = c < 0x80 ? (byte)c : (byte)'?';
                }
                _length += text.Length;
            }
        }

        public void Zeros(int count)
        {
            if (Reserve(count))
            {
                for (int i = 0; i < count; i++)
                {
                    _buffer[_length + i] = 0;
                }
                _length += count;
            }
        }

        private void Little(ulong value, int bytes)
        {
            if (Reserve(bytes))
            {
                for (int i = 0; i < bytes; i++)
                {
                    _buffer[_length + i] = (byte)(value >> (8 * i));
                }
                _length += bytes;
            }
        }

        private void Big(ulong value, int bytes)
        {
            if (Reserve(bytes))
            {
                for (int i = 0; i < bytes; i++)
                {
                    _buffer[_length + i] = (byte)(value >> (8 * (bytes - 1 - i)));
                }
                _length += bytes;
            }
        }

        private bool Reserve(int count)
        {
            if (_overflowed || count < 0 || count > _capacity - _length)
            {
                _overflowed = true;
                return false;
            }
            return true;
        }

        /// <summary>Reads a little-endian u32 at <paramref name="at"/>.</summary>
        public static uint ReadU32(byte* at) => (uint)at[0] | (uint)at[1] << 8 | (uint)at[2] << 16 | (uint)at[3] << 24;

        public static ushort ReadU16(byte* at) => (ushort)(at[0] | at[1] << 8);

        public static uint ReadU32BigEndian(byte* at) => (uint)at[0] << 24 | (uint)at[1] << 16 | (uint)at[2] << 8 | at[3];

        public static ushort ReadU16BigEndian(byte* at) => (ushort)(at[0] << 8 | at[1]);
    }
}
