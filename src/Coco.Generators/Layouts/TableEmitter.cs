using System.Globalization;
using System.Text;
using Coco.Generators.Bitmaps;
using Coco.Generators.Common;

namespace Coco.Generators.Layouts
{
    /// <summary>Writes the members of one configuration table from its spec alone: layout
    /// constants, the trailing array's pointer, byte-span read/write, the GUID and install/find,
    /// which call Coco.Runtime's ConfigurationTables, and the bitmap view.</summary>
    internal static class TableEmitter
    {
        private const string Uefi = "global::Coco.Uefi.";

        public static string Emit(TableSpec table)
        {
            var writer = new SourceWriter();
            string typeName = table.Hierarchy.Self.Name;
            LayoutSpec layout = table.Layout;
            TrailingArraySpec? trailing = layout.Trailing;
            using (table.Hierarchy.Open(writer))
            {
                writer.WriteLine("public const string TableGuidText = \"" + table.Guid.ToString() + "\";");
                writer.WriteLine("public const int HeaderSize = " + LayoutEmitter.Number(layout.Size) + ";");
                writer.WriteLine("public const int HeaderAlignment = " + LayoutEmitter.Number(layout.Alignment) + ";");
                LayoutEmitter.WriteFieldOffsets(writer, layout.Fields);
                if (trailing is not null)
                {
                    LayoutEmitter.WriteTrailingConstants(writer, trailing);
                    writer.WriteLine("public static ulong SizeWithTrailing(ulong count) => " + LayoutEmitter.Runtime
                        + "TrailingArray.SizeWith(HeaderSize, " + trailing.Name + "ElementSize, count);");
                    LayoutEmitter.WriteTrailingPointer(writer, typeName, trailing);
                }
                LayoutEmitter.WriteReadWrite(writer, typeName, "header");
                WriteGuid(writer, table.Guid);
                WriteInstallAndFind(writer, typeName, trailing is not null);
                if (trailing?.Bitmap is { } bitmap)
                {
                    BitmapEmitter.WriteView(writer, trailing.Name + "View", bitmap);
                }
            }
            return writer.ToString();
        }

        private static void WriteGuid(SourceWriter writer, GuidValue guid)
        {
            var text = new StringBuilder("public static " + Uefi + "EfiGuid TableGuid => new " + Uefi + "EfiGuid(");
            text.Append("0x").Append(guid.Data1.ToString("X8", CultureInfo.InvariantCulture))
                .Append(", 0x").Append(guid.Data2.ToString("X4", CultureInfo.InvariantCulture))
                .Append(", 0x").Append(guid.Data3.ToString("X4", CultureInfo.InvariantCulture));
            for (int i = 0; i < 8; i++)
            {
                text.Append(", 0x").Append(guid.Data4Byte(i).ToString("X2", CultureInfo.InvariantCulture));
            }
            writer.WriteLine(text.Append(");").ToString());
        }

        private static void WriteInstallAndFind(SourceWriter writer, string typeName, bool hasTrailing)
        {
            string count = hasTrailing ? "ulong trailingCount, " : string.Empty;
            string size = hasTrailing ? "SizeWithTrailing(trailingCount)" : "HeaderSize";
            string head = "public static " + Uefi + "EfiStatus Install(in " + typeName + " header, " + count;
            string call = " => " + LayoutEmitter.Runtime + "ConfigurationTables.Install(in header, " + size + ", TableGuid, ";
            writer.WriteLine(head + "out " + typeName + "* table)" + call + Uefi + "EfiMemoryType.AcpiReclaimMemory, out table);");
            writer.WriteLine(head + Uefi + "EfiMemoryType memoryType, out " + typeName + "* table)" + call + "memoryType, out table);");
            writer.WriteLine("public static " + typeName + "* Find() => " + LayoutEmitter.Runtime + "ConfigurationTables.Find<" + typeName + ">(TableGuid);");
        }
    }
}
