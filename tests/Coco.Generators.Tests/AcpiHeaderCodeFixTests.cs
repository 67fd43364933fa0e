using Coco.Generators.CodeFixes;

namespace Coco.Generators.Tests;

/// <summary>COCO1019's code fix begins the ACPI table with <c>public AcpiTableHeader Header;</c>,
/// the type's name as short as the file's usings allow.</summary>
public sealed class AcpiHeaderCodeFixTests
{
    [Fact]
    public async Task Inserts_the_header_field_first()
    {
        const string Before = """
            [Coco.AcpiTable("CCEL")]
            public partial struct Ccel
            {
                public byte CcType;
            }
            """;
        const string After = """
            [Coco.AcpiTable("CCEL")]
            public partial struct Ccel
            {
                public Coco.Acpi.AcpiTableHeader Header;
                public byte CcType;
            }
            """;

        Assert.Equal(After, await CodeFixTests.ApplyFixAsync(Before, "COCO1019", new AddAcpiHeaderCodeFixProvider()));
    }

    [Fact]
    public async Task Uses_the_short_name_under_a_using_directive()
    {
        const string Before = """
            using Coco.Acpi;

            [Coco.AcpiTable("CCEL")]
            public partial struct Ccel
            {
                public ulong LogAreaMinimumLength;
                public AcpiTableHeader Misplaced;
            }
            """;
        const string After = """
            using Coco.Acpi;

            [Coco.AcpiTable("CCEL")]
            public partial struct Ccel
            {
                public AcpiTableHeader Header;
                public ulong LogAreaMinimumLength;
                public AcpiTableHeader Misplaced;
            }
            """;

        Assert.Equal(After, await CodeFixTests.ApplyFixAsync(Before, "COCO1019", new AddAcpiHeaderCodeFixProvider()));
    }
}
