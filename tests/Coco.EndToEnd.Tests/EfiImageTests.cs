using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Coco.EndToEnd.Tests;

public class EfiImageTests
{
    [Fact]
    public void Sample_is_a_pe32_plus_x64_efi_application_whose_entry_point_is_in_text()
    {
        using var stream = File.OpenRead(Repository.SampleEfi);
        using var pe = new PEReader(stream);
        PEHeaders headers = pe.PEHeaders;

        Assert.Equal(Machine.Amd64, headers.CoffHeader.Machine);
        Assert.Equal(PEMagic.PE32Plus, headers.PEHeader!.Magic);
        Assert.Equal(Subsystem.EfiApplication, headers.PEHeader.Subsystem);
        Assert.True(headers.CoffHeader.Characteristics.HasFlag(Characteristics.ExecutableImage));

        int entry = headers.PEHeader.AddressOfEntryPoint;
        SectionHeader text = headers.SectionHeaders.Single(s => s.Name == ".text");
        Assert.InRange(entry, text.VirtualAddress, text.VirtualAddress + text.VirtualSize - 1);
        Assert.True(text.SectionCharacteristics.HasFlag(SectionCharacteristics.MemExecute));
        // Firmware loads relocatable images anywhere: the relocation directory must be present.
        Assert.True(headers.PEHeader.BaseRelocationTableDirectory.Size > 0);
    }

    [Fact]
    public void Sample_image_is_small()
    {
        // No runtime, no GC, no metadata: the whole sample fits in a few tens of KiB.
        Assert.InRange(new FileInfo(Repository.SampleEfi).Length, 4 * 1024, 256 * 1024);
    }

    [Fact]
    public void Sample_assembly_is_its_own_core_library()
    {
        using var stream = File.OpenRead(Repository.SampleAssembly);
        using var pe = new PEReader(stream);
        MetadataReader metadata = pe.GetMetadataReader();

        Assert.Empty(metadata.AssemblyReferences);
        Assert.Contains(metadata.TypeDefinitions, handle =>
        {
            TypeDefinition type = metadata.GetTypeDefinition(handle);
            return metadata.GetString(type.Namespace) == "System" && metadata.GetString(type.Name) == "Object";
        });
    }
}
