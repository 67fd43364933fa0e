using Coco.Build;

namespace Coco.EndToEnd.Tests.Debugging;

/// <summary>The build's CodeView fixup on ILC's real object, and on hand-made COFF.</summary>
public class CodeViewFixupTests
{
    [Fact]
    public void Every_procedure_of_the_debug_app_but_ilcs_startup_stub_gets_its_function_id()
    {
        byte[] obj = File.ReadAllBytes(Repository.DebugAppIlcObject);
        CodeViewFixup.Result result = CodeViewFixup.Apply(obj);

        Assert.True(result.Filled >= 10, $"filled {result.Filled}");
        Assert.Equal(1, result.Unmatched); // Internal_CompilerGenerated__Module___NativeLibraryStartup
        // The object the linker read is the fixed one: applying again finds nothing left to fill.
        CodeViewFixup.Result again = CodeViewFixup.Apply(File.ReadAllBytes(Repository.DebugAppObject));
        Assert.Equal(0, again.Filled);
    }

    [Fact]
    public void Overloads_take_their_ids_in_order_and_unknown_names_are_counted()
    {
        // .debug$T: class 0x1000 "App_Type", ids 0x1001 and 0x1002 for two "Run" overloads.
        byte[] types = Concat(U32(4),
            Record(0x1505, Concat(U16(0), U16(0), U32(0), U32(0), U32(0), U16(8), Zstr("App_Type"))),
            Record(0x1602, Concat(U32(0x1000), U32(0x2000), Zstr("Run"))),
            Record(0x1602, Concat(U32(0x1000), U32(0x2001), Zstr("Run"))));
        byte[] symbols = Concat(Procedure("App_Type__Run_0"), Procedure("App_Type__Run"), Procedure("Other__Thing"));
        byte[] debugS = Concat(U32(4), U32(0xF1), U32((uint)symbols.Length), symbols);
        byte[] obj = Coff((".debug$T", types), (".debug$S", debugS));

        CodeViewFixup.Result result = CodeViewFixup.Apply(obj);

        Assert.Equal(2, result.Filled);
        Assert.Equal(1, result.Unmatched);
        int firstId = IndexOf(obj, "App_Type__Run_0"u8.ToArray()) - 35 + 24;
        int secondId = IndexOf(obj, Concat("App_Type__Run"u8.ToArray(), [0])) - 35 + 24;
        Assert.Equal(0x1001u, BitConverter.ToUInt32(obj, firstId));
        Assert.Equal(0x1002u, BitConverter.ToUInt32(obj, secondId));
    }

    [Fact]
    public void A_truncated_object_is_an_error_naming_what_is_wrong()
    {
        var e = Assert.Throws<InvalidDataException>(() => CodeViewFixup.Apply(new byte[] { 0x64, 0x86, 5, 0 }));
        Assert.Contains("COFF", e.Message);
    }

    private static byte[] Procedure(string name) =>
        Record(0x1147, Concat(new byte[24], U32(0), U32(0), U16(0), [0], Zstr(name)));

    private static byte[] Record(ushort kind, byte[] body)
    {
        byte[] payload = Concat(U16(kind), body);
        return Concat(U16((ushort)payload.Length), payload);
    }

    private static byte[] Coff(params (string Name, byte[] Data)[] sections)
    {
        int headers = 20 + 40 * sections.Length;
        var file = new List<byte>();
        file.AddRange(Concat(U16(0x8664), U16((ushort)sections.Length), U32(0), U32(0), U32(0), U16(0), U16(0)));
        int offset = headers;
        foreach (var (name, data) in sections)
        {
            byte[] header = new byte[40];
            System.Text.Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
            BitConverter.GetBytes(data.Length).CopyTo(header, 16);
            BitConverter.GetBytes(offset).CopyTo(header, 20);
            file.AddRange(header);
            offset += data.Length;
        }
        foreach (var (_, data) in sections)
        {
            file.AddRange(data);
        }
        return [.. file];
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private static byte[] Zstr(string text) => [.. System.Text.Encoding.ASCII.GetBytes(text), 0];

    private static byte[] U16(ushort value) => BitConverter.GetBytes(value);

    private static byte[] U32(uint value) => BitConverter.GetBytes(value);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
