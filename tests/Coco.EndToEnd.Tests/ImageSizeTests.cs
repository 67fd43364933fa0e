using System.Reflection.PortableExecutable;

namespace Coco.EndToEnd.Tests;

/// <summary>Image size: the tutorial's hello (tests/Apps/HelloApp) stays within 1.5 times a
/// minimal C# hello of the zerosharp kind (6,656 bytes, issue 15), and images have the three
/// sections CocoMergeSections gives them, each costing at most one 512-byte file block of padding.</summary>
public class ImageSizeTests
{
    private const int MinimalHelloBytes = 6656;

    [Fact]
    public void The_hello_is_at_most_one_and_a_half_times_a_minimal_csharp_hello()
    {
        long size = new FileInfo(Repository.HelloAppEfi).Length;
        Assert.True(size * 2 <= MinimalHelloBytes * 3, $"HelloApp.efi is {size} bytes, {(double)size / MinimalHelloBytes:F2} times {MinimalHelloBytes}");
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("sample")]
    public void Images_have_text_data_and_reloc_and_headers_in_one_file_block(string which)
    {
        using var stream = File.OpenRead(which == "hello" ? Repository.HelloAppEfi : Repository.SampleEfi);
        using var pe = new PEReader(stream);
        PEHeaders headers = pe.PEHeaders;

        Assert.Equal(new[] { ".text", ".data", ".reloc" }, headers.SectionHeaders.Select(s => s.Name));
        Assert.Equal(512, headers.PEHeader!.SizeOfHeaders);
        Assert.Equal(4096, headers.PEHeader.SectionAlignment);
        // Code stays executable and not writable; data stays writable and not executable.
        SectionHeader text = headers.SectionHeaders[0];
        SectionHeader data = headers.SectionHeaders[1];
        Assert.True(text.SectionCharacteristics.HasFlag(SectionCharacteristics.MemExecute));
        Assert.False(text.SectionCharacteristics.HasFlag(SectionCharacteristics.MemWrite));
        Assert.True(data.SectionCharacteristics.HasFlag(SectionCharacteristics.MemWrite));
        Assert.False(data.SectionCharacteristics.HasFlag(SectionCharacteristics.MemExecute));
        // The unwind table (in .text now) is still where the exception directory says.
        Assert.InRange(headers.PEHeader.ExceptionTableDirectory.RelativeVirtualAddress, text.VirtualAddress, text.VirtualAddress + text.VirtualSize - 1);
    }
}
