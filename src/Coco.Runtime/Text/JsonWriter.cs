using System;

namespace Coco.Text
{
    /// <summary>
    /// Writes compact JSON into a <see cref="TextBuilder"/> without allocating; commas and
    /// nesting are tracked here so callers only say what comes next. Nesting up to 64 levels.
    /// </summary>
    public unsafe struct JsonWriter
    {
        private TextBuilder _text;
        private ulong _hasMembers; // bit n: the container at depth n already holds a value
        private int _depth;
        private bool _afterName;

        public JsonWriter(char* buffer, int capacity)
        {
            _text = new TextBuilder(buffer, capacity);
            _hasMembers = 0;
            _depth = 0;
            _afterName = false;
        }

        public ReadOnlySpan<char> AsSpan() => _text.AsSpan();

        public bool IsTruncated => _text.IsTruncated;

        public void BeginObject()
        {
            BeforeValue();
            _text.Append('{');
            Push();
        }

        public void EndObject()
        {
            Pop();
            _text.Append('}');
        }

        public void BeginArray()
        {
            BeforeValue();
            _text.Append('[');
            Push();
        }

        public void EndArray()
        {
            Pop();
            _text.Append(']');
        }

        public void Name(string name)
        {
            BeforeValue();
            AppendQuoted(name);
            _text.Append(':');
            _afterName = true;
        }

        public void Name(ReadOnlySpan<char> name)
        {
            BeforeValue();
            AppendQuoted(name);
            _text.Append(':');
            _afterName = true;
        }

        public void String(string value)
        {
            BeforeValue();
            AppendQuoted(value);
        }

        public void String(ReadOnlySpan<char> value)
        {
            BeforeValue();
            AppendQuoted(value);
        }

        public void Number(ulong value)
        {
            BeforeValue();
            _text.AppendDecimal(value);
        }

        public void Number(long value)
        {
            BeforeValue();
            _text.AppendDecimal(value);
        }

        public void Boolean(bool value)
        {
            BeforeValue();
            _text.Append(value ? "true" : "false");
        }

        /// <summary>A 64-bit value as a "0x…" string: JSON numbers lose precision past 2^53
        /// in most readers, and addresses read better in hex.</summary>
        public void HexString(ulong value)
        {
            BeforeValue();
            _text.Append('"');
            _text.AppendHex(value);
            _text.Append('"');
        }

        public void Null()
        {
            BeforeValue();
            _text.Append("null");
        }

        /// <summary>Bytes as one string of lower-case hex pairs, byte 0 first ("0aff…").</summary>
        public void LowerHexString(byte* bytes, ulong count)
        {
            BeforeValue();
            _text.Append('"');
            for (ulong i = 0; i < count; i++)
            {
                _text.Append(LowerHexDigit(bytes[i] >> 4));
                _text.Append(LowerHexDigit(bytes[i] & 0xF));
            }
            _text.Append('"');
        }

        /// <summary>Bytes as one base64 string (RFC 4648 §4, padded with '=').</summary>
        public void Base64String(byte* bytes, ulong count)
        {
            BeforeValue();
            _text.Append('"');
            for (ulong i = 0; i < count; i += 3)
            {
                uint group = (uint)bytes[i] << 16;
                ulong left = count - i;
                if (left > 1)
                {
                    group |= (uint)bytes[i + 1] << 8;
                }
                if (left > 2)
                {
                    group |= bytes[i + 2];
                }
                _text.Append(Base64Digit((int)(group >> 18) & 63));
                _text.Append(Base64Digit((int)(group >> 12) & 63));
                _text.Append(left > 1 ? Base64Digit((int)(group >> 6) & 63) : '=');
                _text.Append(left > 2 ? Base64Digit((int)group & 63) : '=');
            }
            _text.Append('"');
        }

        /// <summary>Characters <see cref="Base64String"/> writes for <paramref name="count"/> bytes, quotes included.</summary>
        public static ulong Base64Chars(ulong count) => (count + 2) / 3 * 4 + 2;

        private static char Base64Digit(int value) => (char)(value < 26 ? 'A' + value : value < 52 ? 'a' + value - 26 : value < 62 ? '0' + value - 52 : value == 62 ? '+' : '/');

        private static char LowerHexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }
            if (_depth > 0)
            {
                ulong bit = 1UL << (_depth - 1);
                if ((_hasMembers & bit) != 0)
                {
                    _text.Append(',');
                }
                _hasMembers |= bit;
            }
        }

        private void Push()
        {
            _depth++;
            if (_depth <= 64)
            {
                _hasMembers &= ~(1UL << (_depth - 1));
            }
        }

        private void Pop()
        {
            if (_depth > 0)
            {
                _depth--;
            }
        }

        private void AppendQuoted(ReadOnlySpan<char> value)
        {
            _text.Append('"');
            for (int i = 0; i < value.Length; i++)
            {
                AppendEscaped(value[i]);
            }
            _text.Append('"');
        }

        private void AppendEscaped(char c)
        {
            switch (c)
            {
                case '"':
                    _text.Append("\\\"");
                    break;
                case '\\':
                    _text.Append("\\\\");
                    break;
                case '\n':
                    _text.Append("\\n");
                    break;
                case '\r':
                    _text.Append("\\r");
                    break;
                case '\t':
                    _text.Append("\\t");
                    break;
                default:
                    if (c < ' ')
                    {
                        _text.Append("\\u00");
                        _text.AppendHexDigits(c, 2);
                    }
                    else
                    {
                        _text.Append(c);
                    }
                    break;
            }
        }
    }
}
