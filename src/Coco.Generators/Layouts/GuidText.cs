
namespace Coco.Generators.Layouts
{
    /// <summary>Parses a GUID in registry form (8-4-4-4-12 hex digits, optionally in braces).
    /// Hand-written rather than System.Guid so that what is accepted is exactly this form.</summary>
    internal static class GuidText
    {
        private static readonly int[] HyphenPositions = { 8, 13, 18, 23 };

        public static bool TryParse(string? text, out GuidValue value)
        {
            value = default;
            if (text is null)
            {
                return false;
            }
            if (text.Length == 38 && text[0] == '{' && text[37] == '}')
            {
                text = text.Substring(1, 36);
            }
            if (text.Length != 36)
            {
                return false;
            }
            foreach (int position in HyphenPositions)
            {
                if (text[position] != '-')
                {
                    return false;
                }
            }
            if (!TryParseHex(text, 0, 8, out ulong data1)
                || !TryParseHex(text, 9, 4, out ulong data2)
                || !TryParseHex(text, 14, 4, out ulong data3)
                || !TryParseHex(text, 19, 4, out ulong data4High)
                || !TryParseHex(text, 24, 12, out ulong data4Low))
            {
                return false;
            }
            value = new GuidValue((uint)data1, (ushort)data2, (ushort)data3, (data4High << 48) | data4Low);
            return true;
        }

        private static bool TryParseHex(string text, int start, int digits, out ulong value)
        {
            value = 0;
            for (int i = start; i < start + digits; i++)
            {
                int nibble = HexValue(text[i]);
                if (nibble < 0)
                {
                    return false;
                }
                value = (value << 4) | (uint)nibble;
            }
            return true;
        }

        private static int HexValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
    }
}
