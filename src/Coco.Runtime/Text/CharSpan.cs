using System;

namespace Coco.Text
{
    /// <summary>Comparisons and number parsing on UTF-16 text without allocation.</summary>
    public static class CharSpan
    {
        public static bool EqualsText(ReadOnlySpan<char> span, string text)
        {
            if (span.Length != text.Length)
            {
                return false;
            }
            for (int i = 0; i < span.Length; i++)
            {
                if (span[i] != text[i])
                {
                    return false;
                }
            }
            return true;
        }

        public static bool StartsWith(ReadOnlySpan<char> span, string prefix)
        {
            if (span.Length < prefix.Length)
            {
                return false;
            }
            for (int i = 0; i < prefix.Length; i++)
            {
                if (span[i] != prefix[i])
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Parses a decimal or 0x-prefixed hex unsigned number; false on anything else,
        /// including an empty value and overflow past 64 bits.</summary>
        public static bool TryParseUInt64(ReadOnlySpan<char> text, out ulong value)
        {
            value = 0;
            bool hex = text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
            int start = hex ? 2 : 0;
            if (text.Length == start)
            {
                return false;
            }
            ulong radix = hex ? 16u : 10u;
            for (int i = start; i < text.Length; i++)
            {
                int digit = DigitValue(text[i]);
                if (digit < 0 || (ulong)digit >= radix)
                {
                    value = 0;
                    return false;
                }
                if (value > (ulong.MaxValue - (ulong)digit) / radix)
                {
                    value = 0;
                    return false;
                }
                value = value * radix + (ulong)digit;
            }
            return true;
        }

        private static int DigitValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }
            return -1;
        }
    }
}
