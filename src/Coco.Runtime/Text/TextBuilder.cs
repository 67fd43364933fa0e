using System;

namespace Coco.Text
{
    /// <summary>
    /// Formats text into a caller-provided UTF-16 buffer without allocating: decimal, hex and
    /// byte sizes. When the buffer is full, further text is dropped and <see cref="IsTruncated"/>
    /// is set, so a report is cut short rather than corrupting memory.
    /// </summary>
    public unsafe struct TextBuilder
    {
        private const ulong KiB = 1024;

        private readonly char* _buffer;
        private readonly int _capacity;
        private int _length;
        private bool _truncated;

        public TextBuilder(char* buffer, int capacity)
        {
            _buffer = buffer;
            _capacity = capacity < 0 ? 0 : capacity;
            _length = 0;
            _truncated = false;
        }

        public int Length => _length;

        public bool IsTruncated => _truncated;

        public ReadOnlySpan<char> AsSpan() => new ReadOnlySpan<char>(_buffer, _length);

        public void Clear()
        {
            _length = 0;
            _truncated = false;
        }

        public void Append(char value)
        {
            if (_length < _capacity)
            {
                _buffer[_length++] = value;
            }
            else
            {
                _truncated = true;
            }
        }

        public void Append(string? value)
        {
            if (value is null)
            {
                return;
            }
            for (int i = 0; i < value.Length; i++)
            {
                Append(value[i]);
            }
        }

        public void Append(ReadOnlySpan<char> value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                Append(value[i]);
            }
        }

        /// <summary>Appends a NUL-terminated UTF-16 string, reading at most <paramref name="maxChars"/>.</summary>
        public void AppendNullTerminated(char* value, int maxChars)
        {
            if (value == null)
            {
                return;
            }
            for (int i = 0; i < maxChars && value[i] != '\0'; i++)
            {
                Append(value[i]);
            }
        }

        /// <summary>Appends the part of a path after its last '/' or '\'.</summary>
        public void AppendFileName(string path)
        {
            int start = 0;
            for (int i = 0; i < path.Length; i++)
            {
                if (path[i] == '/' || path[i] == '\\')
                {
                    start = i + 1;
                }
            }
            for (int i = start; i < path.Length; i++)
            {
                Append(path[i]);
            }
        }

        public void AppendDecimal(long value)
        {
            if (value < 0)
            {
                Append('-');
                // Negate through ulong so that long.MinValue does not overflow.
                AppendDecimal((ulong)(-(value + 1)) + 1);
            }
            else
            {
                AppendDecimal((ulong)value);
            }
        }

        public void AppendDecimal(ulong value)
        {
            char* digits = stackalloc char[20];
            int count = 0;
            do
            {
                digits[count++] = (char)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value != 0);
            while (count > 0)
            {
                Append(digits[--count]);
            }
        }

        /// <summary>Appends "0x" and at least <paramref name="minDigits"/> upper-case hex digits.</summary>
        public void AppendHex(ulong value, int minDigits = 1)
        {
            Append('0');
            Append('x');
            AppendHexDigits(value, minDigits);
        }

        public void AppendHexDigits(ulong value, int minDigits)
        {
            int digits = 1;
            while (digits < 16 && (value >> (digits * 4)) != 0)
            {
                digits++;
            }
            if (minDigits > 16)
            {
                minDigits = 16;
            }
            if (digits < minDigits)
            {
                digits = minDigits;
            }
            for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
            {
                Append(HexDigit((int)(value >> shift) & 0xF));
            }
        }

        /// <summary>
        /// Appends a byte count in the largest binary unit it reaches (B, KiB, MiB, GiB, TiB,
        /// PiB, EiB) with up to two decimals, rounded down so a size is never overstated:
        /// 1536 MiB is "1.5 GiB".
        /// </summary>
        public void AppendSize(ulong bytes)
        {
            if (bytes < KiB)
            {
                AppendDecimal(bytes);
                Append(" B");
                return;
            }
            int unit = 0;
            ulong divisor = KiB;
            while (unit < 5 && bytes / divisor >= KiB)
            {
                divisor *= KiB;
                unit++;
            }
            ulong whole = bytes / divisor;
            ulong remainder = bytes % divisor;
            ulong hundredths = ScaleFraction(remainder, 100, divisor);
            AppendDecimal(whole);
            if (hundredths != 0)
            {
                Append('.');
                Append((char)('0' + (int)(hundredths / 10)));
                if (hundredths % 10 != 0)
                {
                    Append((char)('0' + (int)(hundredths % 10)));
                }
            }
            Append(' ');
            Append(UnitName(unit));
        }

        /// <summary>floor(numerator * scale / denominator) for numerator &lt; denominator, by
        /// repeated addition so that no product overflows 64 bits (there is no UInt128 in
        /// firmware).</summary>
        private static ulong ScaleFraction(ulong numerator, uint scale, ulong denominator)
        {
            ulong quotient = 0;
            ulong remainder = 0;
            for (uint i = 0; i < scale; i++)
            {
                if (remainder >= denominator - numerator)
                {
                    remainder -= denominator - numerator;
                    quotient++;
                }
                else
                {
                    remainder += numerator;
                }
            }
            return quotient;
        }

        private static string UnitName(int unit) => unit switch
        {
            0 => "KiB",
            1 => "MiB",
            2 => "GiB",
            3 => "TiB",
            4 => "PiB",
            _ => "EiB",
        };

        private static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
    }
}
