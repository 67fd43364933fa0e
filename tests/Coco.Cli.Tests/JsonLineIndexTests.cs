using Coco.Cli.Input;

namespace Coco.Cli.Tests;

public class JsonLineIndexTests
{
    private const string Text = "{\n  \"a\": {\n    \"b\": [\n      1,\n      {\"c\": 2}\n    ]\n  },\n  \"d\": true\n}";

    [Theory]
    [InlineData("", 1)]
    [InlineData("a", 2)]
    [InlineData("a.b", 3)]
    [InlineData("a.b[0]", 4)]
    [InlineData("a.b[1]", 5)]
    [InlineData("a.b[1].c", 5)]
    [InlineData("d", 8)]
    [InlineData("a.b[1].missing", 5)] // an absent field is reported on its object's line
    [InlineData("a.b[7]", 3)]
    public void Each_value_has_the_line_it_starts_on(string path, int line) =>
        Assert.Equal(line, JsonLineIndex.Build(System.Text.Encoding.UTF8.GetBytes(Text), 1).LineOf(path));

    [Fact]
    public void Lines_count_from_where_the_text_starts_in_its_file() =>
        Assert.Equal(13, JsonLineIndex.Build(System.Text.Encoding.UTF8.GetBytes(Text), 10).LineOf("a.b[0]"));
}
