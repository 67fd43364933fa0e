using Coco.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Coco.Runtime.Tests;

public unsafe class TextBuilderTests
{
    private delegate void Write(ref TextBuilder text);

    private static string Format(Write write, int capacity = 256)
    {
        char* buffer = stackalloc char[capacity];
        var text = new TextBuilder(buffer, capacity);
        write(ref text);
        return new string(text.AsSpan());
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(9UL, "9")]
    [InlineData(10UL, "10")]
    [InlineData(ulong.MaxValue, "18446744073709551615")]
    public void Decimal_unsigned(ulong value, string expected) =>
        Assert.Equal(expected, Format((ref TextBuilder t) => t.AppendDecimal(value)));

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    public void Decimal_signed(long value, string expected) =>
        Assert.Equal(expected, Format((ref TextBuilder t) => t.AppendDecimal(value)));

    [Theory]
    [InlineData(0UL, 1, "0x0")]
    [InlineData(0xABCUL, 1, "0xABC")]
    [InlineData(0xABCUL, 8, "0x00000ABC")]
    [InlineData(ulong.MaxValue, 1, "0xFFFFFFFFFFFFFFFF")]
    [InlineData(1UL, 40, "0x0000000000000001")]
    public void Hex(ulong value, int minDigits, string expected) =>
        Assert.Equal(expected, Format((ref TextBuilder t) => t.AppendHex(value, minDigits)));

    [Theory]
    [InlineData(0UL, "0 B")]
    [InlineData(1023UL, "1023 B")]
    [InlineData(1024UL, "1 KiB")]
    [InlineData(1536UL, "1.5 KiB")]
    [InlineData(8UL * 1024 * 1024, "8 MiB")]
    [InlineData(1536UL * 1024 * 1024, "1.5 GiB")]
    [InlineData(2UL * 1024 * 1024 * 1024 - 1, "1.99 GiB")]
    [InlineData(218374144UL, "208.25 MiB")]
    [InlineData(4UL << 50, "4 PiB")]
    [InlineData(ulong.MaxValue, "15.99 EiB")]
    public void Sizes_use_the_largest_binary_unit_and_round_down(ulong bytes, string expected) =>
        Assert.Equal(expected, Format((ref TextBuilder t) => t.AppendSize(bytes)));

    [Fact]
    public void Decimal_matches_the_framework_for_any_value() =>
        Prop.ForAll<ulong>(v => Format((ref TextBuilder t) => t.AppendDecimal(v)) == v.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Hex_matches_the_framework_for_any_value() =>
        Prop.ForAll<ulong>(v => Format((ref TextBuilder t) => t.AppendHex(v)) == "0x" + v.ToString("X", System.Globalization.CultureInfo.InvariantCulture))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Size_never_overstates_and_is_within_a_hundredth_of_a_unit() =>
        Prop.ForAll<ulong>(bytes =>
        {
            string text = Format((ref TextBuilder t) => t.AppendSize(bytes));
            string[] parts = text.Split(' ');
            decimal shown = decimal.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            decimal unit = parts[1] switch
            {
                "B" => 1m, "KiB" => 1024m, "MiB" => 1024m * 1024, "GiB" => 1024m * 1024 * 1024,
                "TiB" => 1024m * 1024 * 1024 * 1024, "PiB" => 1024m * 1024 * 1024 * 1024 * 1024,
                _ => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
            };
            decimal exact = bytes / unit;
            return shown <= exact && exact - shown < 0.01m;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_full_buffer_truncates_instead_of_overrunning()
    {
        char* buffer = stackalloc char[6];
        buffer[5] = '#';
        var text = new TextBuilder(buffer, 5);
        text.Append("hello world");
        Assert.Equal("hello", new string(text.AsSpan()));
        Assert.True(text.IsTruncated);
        Assert.Equal('#', buffer[5]);
    }

    [Theory]
    [InlineData("/work/main/src/File.cs", "File.cs")]
    [InlineData(@"C:\src\File.cs", "File.cs")]
    [InlineData("File.cs", "File.cs")]
    [InlineData("dir/", "")]
    public void File_name_is_the_part_after_the_last_separator(string path, string expected) =>
        Assert.Equal(expected, Format((ref TextBuilder t) => t.AppendFileName(path)));

    [Fact]
    public void Null_terminated_text_stops_at_the_terminator_or_the_limit()
    {
        fixed (char* source = "EDK II\0junk")
        {
            char* s = source;
            Assert.Equal("EDK II", Format((ref TextBuilder t) => t.AppendNullTerminated(s, 64)));
            Assert.Equal("EDK", Format((ref TextBuilder t) => t.AppendNullTerminated(s, 3)));
        }
    }
}
