namespace Coco.Packaging.Tests;

public sealed class MarkdownCodeBlocksTests : IDisposable
{
    private readonly List<string> _pages = [];

    [Fact]
    public void Blocks_come_with_the_marker_above_them_and_their_text_between_the_fences()
    {
        string page = Write("# Page", "", "<!-- test: run -->", "```sh", "cd ~", "ls", "```", "text",
            "<!-- test: file ~/a/b.cs -->", "````csharp", "```", "class B { }", "````");

        IReadOnlyList<MarkedCodeBlock> blocks = MarkdownCodeBlocks.Read(page);

        Assert.Equal([new MarkedCodeBlock(4, "run", "cd ~\nls"), new MarkedCodeBlock(10, "file ~/a/b.cs", "```\nclass B { }")], blocks);
    }

    [Fact]
    public void A_block_without_a_marker_or_a_closing_fence_is_an_error_naming_its_line()
    {
        string unmarked = Write("<!-- test: run -->", "```sh", "ls", "```", "", "```", "pwd", "```");
        string unclosed = Write("<!-- test: run -->", "```sh", "ls");

        Assert.Equal($"{unmarked}(6): the code block has no '<!-- test: ... -->' comment on the line above it.",
            Assert.Throws<FormatException>(() => MarkdownCodeBlocks.Read(unmarked)).Message);
        Assert.Equal($"{unclosed}(2): the code block is not closed with ```.",
            Assert.Throws<FormatException>(() => MarkdownCodeBlocks.Read(unclosed)).Message);
    }

    public void Dispose() => _pages.ForEach(File.Delete);

    private string Write(params string[] lines)
    {
        string path = Path.Combine(Path.GetTempPath(), $"coco-markdown-{Guid.NewGuid():N}.md");
        File.WriteAllLines(path, lines);
        _pages.Add(path);
        return path;
    }
}
