using Coco.Text;
using Coco.Uefi;

namespace Coco.Runtime.Tests;

public unsafe class CommandLineTests
{
    private static List<string> Options(string text, bool fromFirstOption = true)
    {
        var words = new List<string>();
        fixed (char* chars = text)
        {
            var line = new CommandLine(chars, text.Length);
            int cursor = fromFirstOption ? line.FirstOptionCursor() : 0;
            while (line.NextWord(ref cursor, out ReadOnlySpan<char> word))
            {
                words.Add(new string(word));
            }
        }
        return words;
    }

    [Fact]
    public void The_shell_passes_the_program_path_first_and_it_is_skipped() =>
        Assert.Equal(["--shutdown", "--x=1"], Options(@"fs0:\coco\app.efi --shutdown   --x=1"));

    [Fact]
    public void A_line_of_options_alone_keeps_its_first_word() =>
        Assert.Equal(["--shutdown"], Options("--shutdown"));

    [Fact]
    public void Quotes_group_words_with_blanks() =>
        Assert.Equal(["--path=a", "b c", "d"], Options("app.efi --path=a \"b c\" d"));

    [Fact]
    public void Text_stops_at_the_first_nul_like_firmware_strings() =>
        Assert.Equal(["--a"], Options("app --a\0--b"));

    [Theory]
    [InlineData("")]
    [InlineData("   \t ")]
    [InlineData("app.efi")]
    public void No_options(string text) => Assert.Empty(Options(text));

    [Fact]
    public void An_unterminated_quote_ends_at_the_end_of_the_line() =>
        Assert.Equal(["abc def"], Options("app \"abc def"));

    [Theory]
    [InlineData("0", true, 0UL)]
    [InlineData("512", true, 512UL)]
    [InlineData("0x1F", true, 31UL)]
    [InlineData("18446744073709551615", true, ulong.MaxValue)]
    [InlineData("18446744073709551616", false, 0UL)]
    [InlineData("0x10000000000000000", false, 0UL)]
    [InlineData("", false, 0UL)]
    [InlineData("0x", false, 0UL)]
    [InlineData("12a", false, 0UL)]
    [InlineData("-1", false, 0UL)]
    public void Numbers_parse_in_decimal_or_hex_and_refuse_anything_else(string text, bool ok, ulong expected)
    {
        Assert.Equal(ok, CharSpan.TryParseUInt64(text, out ulong value));
        Assert.Equal(expected, value);
    }
}
