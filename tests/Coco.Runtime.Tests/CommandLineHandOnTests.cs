using Coco.Uefi;
using FsCheck;
using FsCheck.Fluent;

namespace Coco.Runtime.Tests;

/// <summary>Handing the rest of a command line on to another image: what is left after a
/// word, and the load options written for the child.</summary>
public unsafe class CommandLineHandOnTests
{
    private static string RemainderAfter(string text, string lastWordRead)
    {
        fixed (char* chars = text)
        {
            var line = new CommandLine(chars, text.Length);
            int cursor = line.FirstOptionCursor();
            while (line.NextWord(ref cursor, out ReadOnlySpan<char> word))
            {
                if (new string(word) == lastWordRead)
                {
                    return new string(line.Remainder(cursor));
                }
            }
            throw new InvalidOperationException($"'{lastWordRead}' is not in '{text}'");
        }
    }

    private static string? Compose(string program, string arguments, int capacity)
    {
        char[] buffer = new char[capacity + 1];
        buffer[capacity] = '#';
        fixed (char* destination = buffer)
        fixed (char* p = program)
        fixed (char* a = arguments)
        {
            int written = CommandLine.Compose(new ReadOnlySpan<char>(p, program.Length), new ReadOnlySpan<char>(a, arguments.Length), destination, capacity);
            Assert.Equal('#', buffer[capacity]);
            if (written < 0)
            {
                Assert.All(buffer[..capacity], c => Assert.Equal('\0', c));
                return null;
            }
            Assert.Equal(CommandLine.ComposedLength(new ReadOnlySpan<char>(p, program.Length), new ReadOnlySpan<char>(a, arguments.Length)), written);
            Assert.Equal('\0', buffer[written - 1]);
            return new string(buffer, 0, written - 1);
        }
    }

    [Fact]
    public void The_rest_of_the_line_is_kept_verbatim_quotes_and_blanks_included() =>
        Assert.Equal("--shutdown  \"a b\" --x=1", RemainderAfter(@"fs0:\coco\app.efi --eager --chainload=\k.efi   --shutdown  ""a b"" --x=1", @"--chainload=\k.efi"));

    [Theory]
    [InlineData(@"app.efi --chainload=\k.efi")]
    [InlineData("app.efi --chainload=\\k.efi   \t")]
    public void Nothing_after_the_word_leaves_an_empty_rest(string text) =>
        Assert.Equal("", RemainderAfter(text, @"--chainload=\k.efi"));

    [Theory]
    [InlineData(@"\coco\app.efi", "--shutdown", @"\coco\app.efi --shutdown")]
    [InlineData(@"\coco\app.efi", "", @"\coco\app.efi")]
    [InlineData(@"\EFI\my kernel.efi", "console=ttyS0", @"""\EFI\my kernel.efi"" console=ttyS0")]
    public void Load_options_are_the_program_then_its_arguments(string program, string arguments, string expected) =>
        Assert.Equal(expected, Compose(program, arguments, 256));

    [Fact]
    public void A_buffer_one_short_gets_nothing()
    {
        int needed = @"\coco\app.efi --shutdown".Length + 1;
        Assert.Null(Compose(@"\coco\app.efi", "--shutdown", needed - 1));
        Assert.NotNull(Compose(@"\coco\app.efi", "--shutdown", needed));
    }

    [Fact]
    public void The_child_reads_back_its_path_first_and_exactly_the_arguments_given()
    {
        Gen<string> word = Gen.ArrayOf(Gen.Elements("a", "z", "0", "=", "\\", "/", ".", ":", "-", " ")).Where(p => p.Length is > 0 and < 20).Select(string.Concat);
        Gen<string> program = word.Where(w => w[0] != '-' && w.Trim().Length > 0);
        Gen<string> arguments = Gen.ListOf(word.Where(w => !w.Contains(' '))).Where(l => l.Count < 8).Select(l => string.Join(' ', l));
        Prop.ForAll(program.ToArbitrary(), arguments.ToArbitrary(), (path, rest) =>
        {
            string options = Compose(path, rest, 512)!;
            fixed (char* chars = options)
            {
                var line = new CommandLine(chars, options.Length);
                int cursor = 0;
                Assert.True(line.NextWord(ref cursor, out ReadOnlySpan<char> first));
                Assert.Equal(path, new string(first));
                Assert.Equal(rest, new string(line.Remainder(line.FirstOptionCursor())));
            }
        }).QuickCheckThrowOnFailure();
    }
}
