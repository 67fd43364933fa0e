using System.Runtime.InteropServices;
using System.Text;
using Coco.Text;
using Coco.Uefi.Raw;
using Coco.Uefi;
using FsCheck.Fluent;
using FsCheck;

namespace Coco.Runtime.Tests;

public unsafe class DevicePathBuilderTests
{
    // PciRoot(0x0)/Pci(0x1F,0x2)/Sata(0x2,0xFFFF,0x0)/HD(1,MBR,...) as OVMF gives the boot disk.
    private static readonly byte[] SataPartition =
    [
        0x02, 0x01, 0x0C, 0x00, 0xD0, 0x41, 0x03, 0x0A, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x01, 0x06, 0x00, 0x02, 0x1F,
        0x03, 0x12, 0x0A, 0x00, 0x02, 0x00, 0xFF, 0xFF, 0x00, 0x00,
        0x04, 0x01, 0x2A, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xC1, 0xFF, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xBE, 0x1A, 0x5C, 0x11, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01,
        0x7F, 0xFF, 0x04, 0x00,
    ];

    private const int SataPrefixBytes = 12 + 6 + 10 + 42;

    private static (DevicePathError Error, byte[] Written) Append(byte[] devicePath, string fileName, int capacity = 4096, nuint? limit = null)
    {
        byte[] destination = new byte[capacity + 1];
        destination[capacity] = 0xA5;
        fixed (byte* path = devicePath)
        fixed (byte* target = destination)
        fixed (char* name = fileName)
        {
            DevicePathError error = DevicePathBuilder.AppendFile(path, limit ?? (nuint)devicePath.Length,
                new ReadOnlySpan<char>(name, fileName.Length), target, (nuint)capacity, out nuint written);
            Assert.Equal(0xA5, destination[capacity]);
            return (error, destination[..(int)written]);
        }
    }

    private static DevicePathError Measure(byte[] devicePath, out nuint bytesBeforeEnd, nuint? limit = null)
    {
        fixed (byte* path = devicePath)
        {
            return DevicePathBuilder.MeasureToEnd(path, limit ?? (nuint)devicePath.Length, out bytesBeforeEnd);
        }
    }

    private static string Describe(DevicePathError error)
    {
        char* buffer = stackalloc char[200];
        var text = new TextBuilder(buffer, 200);
        error.AppendTo(ref text);
        return new string(text.AsSpan());
    }

    private static byte[] FileNode(string name)
    {
        byte[] chars = Encoding.Unicode.GetBytes(name + "\0");
        int length = 4 + chars.Length;
        return [0x04, 0x04, (byte)length, (byte)(length >> 8), .. chars];
    }

    [Fact]
    public void The_device_nodes_are_followed_by_a_file_path_node_and_the_end_node()
    {
        var (error, written) = Append(SataPartition, @"\coco\app.efi");
        Assert.False(error.IsError, Describe(error));
        byte[] expected = [.. SataPartition[..SataPrefixBytes], .. FileNode(@"\coco\app.efi"), 0x7F, 0xFF, 0x04, 0x00];
        Assert.Equal(expected, written);
        Assert.Equal((nuint)expected.Length, DevicePathBuilder.BytesWithFile(SataPrefixBytes, @"\coco\app.efi".Length));
        // The node length covers header, name and NUL: 4 + 2 * (13 + 1).
        Assert.Equal(32, written[SataPrefixBytes + 2] | (written[SataPrefixBytes + 3] << 8));
    }

    [Fact]
    public void Forward_slashes_become_backslashes()
    {
        var (error, written) = Append(SataPartition, "/EFI/Linux/vmlinuz.efi");
        Assert.False(error.IsError);
        Assert.Equal(FileNode(@"\EFI\Linux\vmlinuz.efi"), written[SataPrefixBytes..^4]);
    }

    [Fact]
    public void A_path_of_only_the_end_node_gives_just_the_file()
    {
        var (error, written) = Append([0x7F, 0xFF, 0x04, 0x00], "a.efi");
        Assert.False(error.IsError);
        Assert.Equal([.. FileNode("a.efi"), 0x7F, 0xFF, 0x04, 0x00], written);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void A_node_shorter_than_its_header_stops_the_walk_there(int length)
    {
        byte[] path = [.. SataPartition[..18], 0x03, 0x12, (byte)length, 0x00, 0x7F, 0xFF, 0x04, 0x00];
        DevicePathError error = Measure(path, out _);
        Assert.Equal(DevicePathErrorKind.NodeTooShort, error.Kind);
        Assert.Equal(18UL, error.Offset);
        Assert.Equal(EfiStatus.InvalidParameter, error.Status);
        Assert.Equal($"device path node at byte 18 (type 0x3, sub-type 0x12) has length {length}, less than its 4-byte header", Describe(error));
        Assert.Equal(DevicePathErrorKind.NodeTooShort, Append(path, "x.efi").Error.Kind);
    }

    [Fact]
    public void A_path_without_an_end_node_within_the_limit_is_refused()
    {
        byte[] path = SataPartition[..SataPrefixBytes];
        DevicePathError error = Measure(path, out _);
        Assert.Equal(DevicePathErrorKind.NoEndWithinLimit, error.Kind);
        Assert.Equal((ulong)SataPrefixBytes, error.Offset);
        Assert.Equal("device path has no End node within its first 70 bytes (the walk stopped at byte 70)", Describe(error));
        // A node that would run past the limit is not stepped over either.
        Assert.Equal(DevicePathErrorKind.NoEndWithinLimit, Measure(SataPartition, out _, limit: 40).Kind);
        Assert.Equal(DevicePathErrorKind.NoEndWithinLimit, Measure(SataPartition, out _, limit: 2).Kind);
    }

    [Fact]
    public void An_end_instance_node_means_more_than_one_device()
    {
        byte[] path = [.. SataPartition[..12], 0x7F, 0x01, 0x04, 0x00, .. SataPartition];
        DevicePathError error = Measure(path, out _);
        Assert.Equal(DevicePathErrorKind.MultipleInstances, error.Kind);
        Assert.Equal(12UL, error.Offset);
    }

    [Fact]
    public void A_missing_path_is_named()
    {
        Assert.Equal(DevicePathErrorKind.MissingDevicePath, DevicePathBuilder.MeasureToEnd(null, 100, out _).Kind);
    }

    [Fact]
    public void Bad_file_names_are_refused_with_the_reason()
    {
        Assert.Equal(DevicePathErrorKind.EmptyFileName, Append(SataPartition, "").Error.Kind);
        DevicePathError nul = Append(SataPartition, "ab\0c").Error;
        Assert.Equal(DevicePathErrorKind.FileNameHasNul, nul.Kind);
        Assert.Equal("file name has a NUL character at position 2", Describe(nul));
        DevicePathError tooLong = Append(SataPartition, new string('a', DevicePathBuilder.MaxFileNameChars + 1), capacity: 70000).Error;
        Assert.Equal(DevicePathErrorKind.FileNameTooLong, tooLong.Kind);
        Assert.Equal("file name of 32765 characters does not fit a file-path node (at most 32764)", Describe(tooLong));
    }

    [Fact]
    public void The_longest_name_fills_the_16_bit_node_length()
    {
        var (error, written) = Append(SataPartition, new string('a', DevicePathBuilder.MaxFileNameChars), capacity: 70000);
        Assert.False(error.IsError);
        Assert.Equal(0xFFFE, written[SataPrefixBytes + 2] | (written[SataPrefixBytes + 3] << 8));
    }

    [Fact]
    public void A_destination_too_small_is_left_untouched()
    {
        int needed = SataPrefixBytes + 32 + 4;
        var (error, written) = Append(SataPartition, @"\coco\app.efi", capacity: needed - 1);
        Assert.Equal(DevicePathErrorKind.DestinationTooSmall, error.Kind);
        Assert.Equal(EfiStatus.BufferTooSmall, error.Status);
        Assert.Empty(written);
        Assert.Equal($"device path needs {needed} bytes, the buffer holds {needed - 1}", Describe(error));
        Assert.False(Append(SataPartition, @"\coco\app.efi", capacity: needed).Error.IsError);
    }

    [Fact]
    public void Any_well_formed_path_and_name_walk_back_to_the_same_nodes_and_name()
    {
        Gen<byte[]> node =
            from type in Gen.Choose(1, 5)
            from subType in Gen.Choose(0, 255)
            from payload in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Where(p => p.Length < 60)
            select (byte[])[(byte)type, (byte)subType, (byte)(4 + payload.Length), 0, .. payload];
        Gen<string> name = Gen.ArrayOf(Gen.Elements("a", "B", "0", ".", "/", "\\", "é", "-", " "))
            .Where(parts => parts.Length is > 0 and < 200)
            .Select(parts => string.Concat(parts));
        Prop.ForAll(Gen.ListOf(node).Where(n => n.Count < 12).ToArbitrary(), name.ToArbitrary(), (nodes, fileName) =>
        {
            byte[] prefix = nodes.SelectMany(n => n).ToArray();
            var (error, written) = Append([.. prefix, 0x7F, 0xFF, 0x04, 0x00], fileName);
            Assert.False(error.IsError, Describe(error));
            Assert.Equal(prefix, written[..prefix.Length]);
            Assert.Equal(FileNode(fileName.Replace('/', '\\')), written[prefix.Length..^4]);
            Assert.Equal([0x7F, 0xFF, 0x04, 0x00], written[^4..]);
            Assert.Equal(DevicePathBuilder.BytesWithFile((nuint)prefix.Length, fileName.Length), (nuint)written.Length);
            // The result is itself a well-formed path ending right where it was written.
            Assert.False(Measure(written, out nuint before).IsError);
            Assert.Equal((nuint)(written.Length - 4), before);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Node_header_and_protocol_guid_match_the_specification()
    {
        Assert.Equal(4, sizeof(EfiDevicePathNode));
        EfiGuid guid = EfiDevicePathNode.ProtocolGuid;
        Assert.Equal(new Guid("09576e91-6d3f-11d2-8e39-00a0c969723b").ToByteArray(), new ReadOnlySpan<byte>(&guid, 16).ToArray());
        // Boot services: LoadImage, StartImage, Exit, UnloadImage follow InstallConfigurationTable.
        Assert.Equal(24 + 22 * 8, (int)Marshal.OffsetOf<EfiBootServices>(nameof(EfiBootServices.LoadImage)));
        Assert.Equal(24 + 23 * 8, (int)Marshal.OffsetOf<EfiBootServices>(nameof(EfiBootServices.StartImage)));
        Assert.Equal(24 + 25 * 8, (int)Marshal.OffsetOf<EfiBootServices>(nameof(EfiBootServices.UnloadImage)));
    }
}
