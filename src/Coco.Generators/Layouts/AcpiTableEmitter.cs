using System.Globalization;
using Coco.Generators.Bitmaps;
using Coco.Generators.Common;

namespace Coco.Generators.Layouts
{
    /// <summary>Writes the members of one ACPI table from its spec alone: the packed
    /// [StructLayout], signature, revision, size and offset constants, the trailing array's
    /// pointer, byte-span read/write, and the header's initialization, validity check and
    /// installation, which call Coco.Runtime's AcpiTables.</summary>
    internal static class AcpiTableEmitter
    {
        private const string Interop = "global::System.Runtime.InteropServices.";
        private const string Acpi = "global::Coco.Acpi.AcpiTables.";

        public static string Emit(AcpiTableSpec table)
        {
            var writer = new SourceWriter();
            string typeName = table.Hierarchy.Self.Name;
            LayoutSpec layout = table.Layout;
            TrailingArraySpec? trailing = layout.Trailing;
            string header = "&table->" + table.HeaderField;
            string structLayout = "[" + Interop + "StructLayout(" + Interop + "LayoutKind.Sequential, Pack = " + LayoutEmitter.Number(AcpiTableParser.Pack) + ")]";
            using (table.Hierarchy.Open(writer, structLayout))
            {
                writer.WriteLine("public const string TableSignature = \"" + table.Signature + "\";");
                writer.WriteLine("public const uint TableSignatureValue = 0x" + table.SignatureValue.ToString("X8", CultureInfo.InvariantCulture) + ";");
                writer.WriteLine("public const byte TableRevision = " + table.Revision.ToString(CultureInfo.InvariantCulture) + ";");
                writer.WriteLine("public const int TableSize = " + LayoutEmitter.Number(layout.Size) + ";");
                LayoutEmitter.WriteFieldOffsets(writer, layout.Fields);
                if (trailing is not null)
                {
                    LayoutEmitter.WriteTrailingConstants(writer, trailing);
                    writer.WriteLine("public static ulong SizeWithTrailing(ulong count) => " + LayoutEmitter.Runtime
                        + "TrailingArray.SizeWith(TableSize, " + trailing.Name + "ElementSize, count);");
                    LayoutEmitter.WriteTrailingPointer(writer, typeName, trailing);
                }
                LayoutEmitter.WriteReadWrite(writer, typeName, "table");
                writer.WriteLine("public static void InitializeHeader(" + typeName + "* table) => "
                    + Acpi + "InitializeHeader(" + header + ", TableSignatureValue, TableSize, TableRevision);");
                if (trailing is not null)
                {
                    writer.WriteLine("public static bool TryInitializeHeader(" + typeName + "* table, ulong trailingCount) => "
                        + Acpi + "TryInitializeHeader(" + header + ", TableSignatureValue, SizeWithTrailing(trailingCount), TableRevision);");
                }
                writer.WriteLine("public static global::Coco.Uefi.EfiStatus Install(" + typeName + "* table, out nuint key) => "
                    + Acpi + "Install(" + header + ", out key);");
                writer.WriteLine("public static bool IsValid(" + typeName + "* table) => "
                    + Acpi + "IsValid(" + header + ", TableSignatureValue, TableSize);");
                if (trailing?.Bitmap is { } bitmap)
                {
                    BitmapEmitter.WriteView(writer, trailing.Name + "View", bitmap);
                }
            }
            return writer.ToString();
        }
    }
}
