/*
 * The C reference for BitmapBenchmarks: the same bitmap operations as Coco's WordBitmap,
 * written the way the Linux kernel's lib/find_bit.c and lib/bitmap.c write them (word walks,
 * first/last word masks, __builtin_ctzll for __ffs, a popcount per word for hweight), with
 * WordBitmap's semantics (ranges clamped to the bitmap, Test of a bit past the end is clear).
 * Built by Coco.Benchmarks.csproj with gcc -O2 (and -O2 -march=native for comparison) into a
 * shared library the benchmark process calls once per measured loop, so each loop runs
 * entirely in C. Each function returns a value that depends on every result, so nothing is
 * optimised away.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint64_t u64;

static inline u64 first_word_mask(u64 start) { return ~0ULL << (start & 63); }
static inline u64 last_word_mask(u64 end) { return ~0ULL >> (-end & 63); }

static inline int test_bit(const u64 *words, u64 bits, u64 bit)
{
    return bit < bits && ((words[bit >> 6] >> (bit & 63)) & 1);
}

/* The first bit in [start, limit) that is set after XOR with invert; limit when none. */
static inline u64 find_next(const u64 *words, u64 bits, u64 start, u64 limit, u64 invert)
{
    if (limit > bits)
        limit = bits;
    if (start >= limit)
        return limit;
    u64 index = start >> 6;
    u64 word = (words[index] ^ invert) & first_word_mask(start);
    while (!word) {
        if ((index + 1) * 64 >= limit)
            return limit;
        word = words[++index] ^ invert;
    }
    u64 bit = index * 64 + (u64)__builtin_ctzll(word);
    return bit < limit ? bit : limit;
}

static void set_range(u64 *words, u64 bits, u64 start, u64 end)
{
    if (end > bits)
        end = bits;
    if (start >= end)
        return;
    u64 first = start >> 6, last = (end - 1) >> 6;
    if (first == last) {
        words[first] |= first_word_mask(start) & last_word_mask(end);
        return;
    }
    words[first] |= first_word_mask(start);
    for (u64 i = first + 1; i < last; i++)
        words[i] = ~0ULL;
    words[last] |= last_word_mask(end);
}

static void clear_range(u64 *words, u64 bits, u64 start, u64 end)
{
    if (end > bits)
        end = bits;
    if (start >= end)
        return;
    u64 first = start >> 6, last = (end - 1) >> 6;
    if (first == last) {
        words[first] &= ~(first_word_mask(start) & last_word_mask(end));
        return;
    }
    words[first] &= ~first_word_mask(start);
    for (u64 i = first + 1; i < last; i++)
        words[i] = 0;
    words[last] &= ~last_word_mask(end);
}

static u64 count_range(const u64 *words, u64 bits, u64 start, u64 end)
{
    if (end > bits)
        end = bits;
    if (start >= end)
        return 0;
    u64 first = start >> 6, last = (end - 1) >> 6;
    if (first == last)
        return (u64)__builtin_popcountll(words[first] & first_word_mask(start) & last_word_mask(end));
    u64 count = (u64)__builtin_popcountll(words[first] & first_word_mask(start));
    for (u64 i = first + 1; i < last; i++)
        count += (u64)__builtin_popcountll(words[i]);
    return count + (u64)__builtin_popcountll(words[last] & last_word_mask(end));
}

u64 c_test(const u64 *words, u64 bits, const u64 *probes, u64 count)
{
    u64 set = 0;
    for (u64 i = 0; i < count; i++)
        set += (u64)test_bit(words, bits, probes[i]);
    return set;
}

u64 c_set(u64 *words, u64 bits, const u64 *probes, u64 count)
{
    for (u64 i = 0; i < count; i++)
        if (probes[i] < bits)
            words[probes[i] >> 6] |= 1ULL << (probes[i] & 63);
    return words[0];
}

u64 c_clear(u64 *words, u64 bits, const u64 *probes, u64 count)
{
    for (u64 i = 0; i < count; i++)
        if (probes[i] < bits)
            words[probes[i] >> 6] &= ~(1ULL << (probes[i] & 63));
    return words[0];
}

u64 c_set_range(u64 *words, u64 bits, const u64 *ranges, u64 count)
{
    for (u64 i = 0; i < count; i++)
        set_range(words, bits, ranges[2 * i], ranges[2 * i + 1]);
    return words[0];
}

u64 c_clear_range(u64 *words, u64 bits, const u64 *ranges, u64 count)
{
    for (u64 i = 0; i < count; i++)
        clear_range(words, bits, ranges[2 * i], ranges[2 * i + 1]);
    return words[0];
}

/* for_each_set_bit */
u64 c_scan_set(const u64 *words, u64 bits)
{
    u64 sum = 0;
    for (u64 bit = find_next(words, bits, 0, bits, 0); bit < bits; bit = find_next(words, bits, bit + 1, bits, 0))
        sum += bit;
    return sum;
}

/* for_each_clear_bit */
u64 c_scan_clear(const u64 *words, u64 bits)
{
    u64 sum = 0;
    for (u64 bit = find_next(words, bits, 0, bits, ~0ULL); bit < bits; bit = find_next(words, bits, bit + 1, bits, ~0ULL))
        sum += bit;
    return sum;
}

/* find_next_bit(addr, limit, from) over random windows */
u64 c_find_bounded(const u64 *words, u64 bits, const u64 *ranges, u64 count)
{
    u64 sum = 0;
    for (u64 i = 0; i < count; i++)
        sum += find_next(words, bits, ranges[2 * i], ranges[2 * i + 1], 0);
    return sum;
}

/* for_each_set_bitrange: runs as [start, end) */
u64 c_runs(const u64 *words, u64 bits)
{
    u64 sum = 0;
    u64 from = 0;
    for (;;) {
        u64 start = find_next(words, bits, from, bits, 0);
        if (start >= bits)
            break;
        u64 end = find_next(words, bits, start + 1, bits, ~0ULL);
        sum += end - start;
        from = end;
    }
    return sum;
}

/* bitmap_weight */
u64 c_count(const u64 *words, u64 bits)
{
    return count_range(words, bits, 0, bits);
}

/* bitmap_weight of random windows */
u64 c_count_range(const u64 *words, u64 bits, const u64 *ranges, u64 count)
{
    u64 sum = 0;
    for (u64 i = 0; i < count; i++)
        sum += count_range(words, bits, ranges[2 * i], ranges[2 * i + 1]);
    return sum;
}

/* find_next_bit(addr, end, start) < end: any bit set in a window */
u64 c_any_range(const u64 *words, u64 bits, const u64 *ranges, u64 count)
{
    u64 any = 0;
    for (u64 i = 0; i < count; i++) {
        u64 end = ranges[2 * i + 1] < bits ? ranges[2 * i + 1] : bits;
        any += find_next(words, bits, ranges[2 * i], end, 0) < end;
    }
    return any;
}
