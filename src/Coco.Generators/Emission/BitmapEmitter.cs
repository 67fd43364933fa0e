using System.Globalization;
using Coco.Generators.Model;

namespace Coco.Generators.Emission
{
    /// <summary>
    /// Writes a bitmap view: bit operations over 64-bit words (bit n is bit n % 64 of word
    /// n / 64, Linux's bitmap order). Written for Coco's minimal core library: no BCL bit
    /// helpers, no exceptions; indices at or past BitCount are ignored, never trapped.
    /// </summary>
    internal static class BitmapEmitter
    {
        public static void Emit(SourceWriter writer, string viewName, BitmapSpec bitmap, GenerationEnvironment environment)
        {
            writer.WriteLine();
            writer.WriteLine("/// <summary>Bit operations over a bitmap of 64-bit words in which each bit covers");
            writer.WriteLine("/// <see cref=\"UnitSize\"/> bytes. Bits at or past <see cref=\"BitCount\"/> read as clear");
            writer.WriteLine("/// and are never written; ranges are half-open [start, end) and clamped to the bitmap.</summary>");
            LayoutEmitter.GeneratedCode(writer, environment);
            using (writer.OpenBlock("public readonly unsafe struct " + viewName))
            {
                writer.WriteLine("/// <summary>Bytes one bit covers.</summary>");
                writer.WriteLine("public const ulong UnitSize = " + bitmap.UnitSize.ToString(CultureInfo.InvariantCulture) + "UL;");
                writer.WriteLine();
                writer.WriteLine("/// <summary>log2(<see cref=\"UnitSize\"/>).</summary>");
                writer.WriteLine("public const int UnitShift = " + bitmap.UnitShift.ToString(CultureInfo.InvariantCulture) + ";");
                writer.WriteLine();
                writer.WriteLines(Body.Replace("$View", viewName));
            }
        }

        // The view's members do not depend on the unit: one text, the view's name substituted.
        private const string Body = @"private readonly ulong* _words;
private readonly ulong _bitCount;

/// <summary>A view of <paramref name=""bitCount""/> bits stored in <paramref name=""words""/>.</summary>
public $View(ulong* words, ulong bitCount)
{
    _words = words;
    _bitCount = bitCount;
}

/// <summary>The first word.</summary>
public ulong* Words => _words;

/// <summary>How many bits the bitmap holds.</summary>
public ulong BitCount => _bitCount;

/// <summary>How many 64-bit words hold <see cref=""BitCount""/> bits.</summary>
public ulong WordCount => (_bitCount >> 6) + ((_bitCount & 63) == 0 ? 0UL : 1UL);

/// <summary>True when <paramref name=""bit""/> is set; false past the end.</summary>
public bool Test(ulong bit) => bit < _bitCount && (_words[bit >> 6] & (1UL << (int)(bit & 63))) != 0;

/// <summary>Sets <paramref name=""bit""/>; a bit past the end is ignored.</summary>
public void Set(ulong bit)
{
    if (bit < _bitCount)
    {
        _words[bit >> 6] |= 1UL << (int)(bit & 63);
    }
}

/// <summary>Clears <paramref name=""bit""/>; a bit past the end is ignored.</summary>
public void Clear(ulong bit)
{
    if (bit < _bitCount)
    {
        _words[bit >> 6] &= ~(1UL << (int)(bit & 63));
    }
}

/// <summary>Sets the bits in [<paramref name=""start""/>, <paramref name=""end""/>).</summary>
public void SetRange(ulong start, ulong end) => UpdateRange(start, end, true);

/// <summary>Clears the bits in [<paramref name=""start""/>, <paramref name=""end""/>).</summary>
public void ClearRange(ulong start, ulong end) => UpdateRange(start, end, false);

/// <summary>The first set bit at or after <paramref name=""from""/>; <see cref=""BitCount""/> when none.</summary>
public ulong FindNextSet(ulong from) => FindNext(from, _bitCount, 0UL);

/// <summary>The first set bit in [<paramref name=""from""/>, <paramref name=""limit""/>), <paramref name=""limit""/>
/// clamped to <see cref=""BitCount""/>; the clamped limit when none. Reads only the words the range touches.</summary>
public ulong FindNextSet(ulong from, ulong limit) => FindNext(from, limit, 0UL);

/// <summary>The first clear bit at or after <paramref name=""from""/>; <see cref=""BitCount""/> when none.</summary>
public ulong FindNextClear(ulong from) => FindNext(from, _bitCount, ulong.MaxValue);

/// <summary>The first clear bit in [<paramref name=""from""/>, <paramref name=""limit""/>), <paramref name=""limit""/>
/// clamped to <see cref=""BitCount""/>; the clamped limit when none. Reads only the words the range touches.</summary>
public ulong FindNextClear(ulong from, ulong limit) => FindNext(from, limit, ulong.MaxValue);

/// <summary>The next run of set bits at or after <paramref name=""from""/>, as [start, end);
/// false (and start = end = <see cref=""BitCount""/>) when no bit is set there.</summary>
public bool TryGetNextSetRun(ulong from, out ulong start, out ulong end) => TryGetNextSetRun(from, _bitCount, out start, out end);

/// <summary>The next run of set bits in [<paramref name=""from""/>, <paramref name=""limit""/>), as [start, end),
/// cut at the limit (clamped to <see cref=""BitCount""/>); false (and start = end = the clamped limit) when no
/// bit is set there. Reads only the words the range touches, as the kernel's for_each_set_bitrange_from does.</summary>
public bool TryGetNextSetRun(ulong from, ulong limit, out ulong start, out ulong end)
{
    if (limit > _bitCount)
    {
        limit = _bitCount;
    }
    start = FindNext(from, limit, 0UL);
    if (start >= limit)
    {
        start = limit;
        end = limit;
        return false;
    }
    end = FindNext(start, limit, ulong.MaxValue);
    return true;
}

/// <summary>True when any bit in [<paramref name=""start""/>, <paramref name=""end""/>) is set.</summary>
public bool AnySetInRange(ulong start, ulong end) => FindNext(start, end, 0UL) < (end < _bitCount ? end : _bitCount);

/// <summary>How many bits are set.</summary>
public ulong CountSet() => CountSetInRange(0, _bitCount);

/// <summary>How many bits in [<paramref name=""start""/>, <paramref name=""end""/>) are set.</summary>
public ulong CountSetInRange(ulong start, ulong end)
{
    if (end > _bitCount)
    {
        end = _bitCount;
    }
    if (start >= end)
    {
        return 0;
    }
    ulong first = start >> 6;
    ulong last = (end - 1) >> 6;
    ulong firstMask = FirstWordMask(start);
    ulong lastMask = LastWordMask(end);
    if (first == last)
    {
        return PopCount(_words[first] & firstMask & lastMask);
    }
    ulong count = PopCount(_words[first] & firstMask);
    for (ulong word = first + 1; word < last; word++)
    {
        count += PopCount(_words[word]);
    }
    return count + PopCount(_words[last] & lastMask);
}

/// <summary>The bit covering <paramref name=""address""/> in a bitmap starting at
/// <paramref name=""baseAddress""/>; addresses below the base give bit 0.</summary>
public static ulong BitOfAddress(ulong address, ulong baseAddress) =>
    address <= baseAddress ? 0UL : (address - baseAddress) >> UnitShift;

/// <summary>The first address bit <paramref name=""bit""/> covers.</summary>
public static ulong AddressOfBit(ulong bit, ulong baseAddress) => unchecked(baseAddress + (bit << UnitShift));

private void UpdateRange(ulong start, ulong end, bool value)
{
    if (end > _bitCount)
    {
        end = _bitCount;
    }
    if (start >= end)
    {
        return;
    }
    ulong first = start >> 6;
    ulong last = (end - 1) >> 6;
    if (first == last)
    {
        Apply(first, FirstWordMask(start) & LastWordMask(end), value);
        return;
    }
    Apply(first, FirstWordMask(start), value);
    ulong fill = value ? ulong.MaxValue : 0UL;
    for (ulong word = first + 1; word < last; word++)
    {
        _words[word] = fill;
    }
    Apply(last, LastWordMask(end), value);
}

private void Apply(ulong word, ulong mask, bool value)
{
    if (value)
    {
        _words[word] |= mask;
    }
    else
    {
        _words[word] &= ~mask;
    }
}

// The first bit in [from, limit) that is set after XOR with invert (all ones turns a search for
// a clear bit into one for a set bit); limit clamped to BitCount, and returned when none. Word by
// word from from's word to (limit - 1)'s, never past it.
private ulong FindNext(ulong from, ulong limit, ulong invert)
{
    if (limit > _bitCount)
    {
        limit = _bitCount;
    }
    if (from >= limit)
    {
        return limit;
    }
    ulong index = from >> 6;
    ulong lastIndex = (limit - 1) >> 6;
    ulong word = (_words[index] ^ invert) & FirstWordMask(from);
    while (word == 0)
    {
        index++;
        if (index > lastIndex)
        {
            return limit;
        }
        word = _words[index] ^ invert;
    }
    ulong bit = (index << 6) + TrailingZeroCount(word);
    return bit < limit ? bit : limit;
}

// Bits from start % 64 upward in start's word.
private static ulong FirstWordMask(ulong start) => ulong.MaxValue << (int)(start & 63);

// Bits up to and including (end - 1) % 64 in the word of end - 1.
private static ulong LastWordMask(ulong end) => ulong.MaxValue >> (int)(63 - ((end - 1) & 63));

// Bit counting by halves (no BitOperations in the minimal core library); unchecked so that
// projects compiled with overflow checks get the same result.
private static ulong PopCount(ulong value)
{
    value -= (value >> 1) & 0x5555555555555555UL;
    value = (value & 0x3333333333333333UL) + ((value >> 2) & 0x3333333333333333UL);
    value = (value + (value >> 4)) & 0x0F0F0F0F0F0F0F0FUL;
    return unchecked(value * 0x0101010101010101UL) >> 56;
}

// value != 0: the bits below the lowest set bit, counted.
private static ulong TrailingZeroCount(ulong value) => PopCount(unchecked((value & (~value + 1)) - 1));";
    }
}
