using System.Runtime.InteropServices;
using Coco.Text;
using Coco.Uefi.Raw;
using Coco.Uefi;

namespace Coco.Runtime.Tests;

public unsafe class UefiTypesTests
{
    [Fact]
    public void Struct_layouts_match_the_uefi_specification()
    {
        Assert.Equal(24, sizeof(EfiTableHeader));
        Assert.Equal(16, sizeof(EfiGuid));
        Assert.Equal(40, sizeof(EfiMemoryDescriptor));
        Assert.Equal(8, (int)Marshal.OffsetOf<EfiMemoryDescriptor>(nameof(EfiMemoryDescriptor.PhysicalStart)));
        Assert.Equal(24, sizeof(EfiConfigurationTable));
        Assert.Equal(120, sizeof(EfiSystemTable));
        Assert.Equal(64, (int)Marshal.OffsetOf<EfiSystemTable>(nameof(EfiSystemTable.ConOut)));
        Assert.Equal(96, (int)Marshal.OffsetOf<EfiSystemTable>(nameof(EfiSystemTable.BootServices)));
        Assert.Equal(112, (int)Marshal.OffsetOf<EfiSystemTable>(nameof(EfiSystemTable.ConfigurationTable)));
        // Boot services: 44 function pointers after the header (UEFI 2.x).
        Assert.Equal(24 + 44 * 8, sizeof(EfiBootServices));
        Assert.Equal(24 + 4 * 8, (int)Marshal.OffsetOf<EfiBootServices>(nameof(EfiBootServices.GetMemoryMap)));
        Assert.Equal(24 + 21 * 8, (int)Marshal.OffsetOf<EfiBootServices>(nameof(EfiBootServices.InstallConfigurationTable)));
        Assert.Equal(24 + 37 * 8, (int)Marshal.OffsetOf<EfiBootServices>(nameof(EfiBootServices.LocateProtocol)));
        Assert.Equal(24 + 10 * 8, (int)Marshal.OffsetOf<EfiRuntimeServices>(nameof(EfiRuntimeServices.ResetSystem)));
        Assert.Equal(56, (int)Marshal.OffsetOf<EfiLoadedImageProtocol>(nameof(EfiLoadedImageProtocol.LoadOptions)));
        Assert.Equal(48, (int)Marshal.OffsetOf<EfiLoadedImageProtocol>(nameof(EfiLoadedImageProtocol.LoadOptionsSize)));
    }

    [Fact]
    public void Guid_lies_in_memory_in_efi_order_and_prints_in_registry_form()
    {
        // LINUX_EFI_UNACCEPTED_MEM_TABLE_GUID (facts.md §1).
        var guid = new EfiGuid(0xd5d1de3c, 0x105c, 0x44f9, 0x9e, 0xa9, 0xbc, 0xef, 0x98, 0x12, 0x00, 0x31);
        byte[] expected = [0x3c, 0xde, 0xd1, 0xd5, 0x5c, 0x10, 0xf9, 0x44, 0x9e, 0xa9, 0xbc, 0xef, 0x98, 0x12, 0x00, 0x31];
        Assert.Equal(expected, new ReadOnlySpan<byte>(&guid, 16).ToArray());
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(expected[i], guid.ByteAt(i));
        }
        Assert.Equal(new Guid("d5d1de3c-105c-44f9-9ea9-bcef98120031").ToByteArray(), expected);

        char* buffer = stackalloc char[64];
        var text = new TextBuilder(buffer, 64);
        guid.AppendTo(ref text);
        Assert.Equal("d5d1de3c-105c-44f9-9ea9-bcef98120031", new string(text.AsSpan()));
    }

    [Fact]
    public void Status_classes_follow_the_error_bit()
    {
        Assert.True(EfiStatus.Success.IsSuccess);
        Assert.True(EfiStatus.InvalidParameter.IsError);
        Assert.Equal(0x8000000000000002UL, EfiStatus.InvalidParameter.Value);
        Assert.Equal("INVALID_PARAMETER", EfiStatus.InvalidParameter.Name);
        Assert.True(new EfiStatus(4).IsWarning);
        Assert.Equal("WARNING", new EfiStatus(4).Name);
        Assert.Equal("BUFFER_TOO_SMALL", EfiStatus.BufferTooSmall.Name);
    }

    [Fact]
    public void Memory_type_names_follow_the_specification()
    {
        Assert.Equal("ConventionalMemory", EfiMemoryTypeNames.Of(7));
        Assert.Equal("UnacceptedMemoryType", EfiMemoryTypeNames.Of(15));
        Assert.Equal("OemDefined", EfiMemoryTypeNames.Of(0x70000001));
        Assert.Equal("OsDefined", EfiMemoryTypeNames.Of(0x80000000));
        Assert.Equal("Unknown", EfiMemoryTypeNames.Of(16));
    }
}
