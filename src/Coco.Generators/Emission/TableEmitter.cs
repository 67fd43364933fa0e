using System.Globalization;
using Coco.Generators.Model;

namespace Coco.Generators.Emission
{
    /// <summary>Writes the members of one configuration table: GUID, layout constants,
    /// trailing-array access, install/find for firmware and byte-span read/write (the parts a
    /// binary layout shares come from <see cref="LayoutEmitter"/>).</summary>
    internal static class TableEmitter
    {
        private const string EfiStatus = "global::Coco.Uefi.EfiStatus";
        private const string Efi = "global::Coco.Uefi.Efi";

        private static readonly string[] TrailingPointerSummary =
        {
            "/// <summary>The first trailing element. Valid only for a table in memory that holds them",
            "/// (e.g. from <c>Install</c> or <c>Find</c>), never for a copy on the stack.</summary>",
        };

        public static string Emit(TableSpec table, GenerationEnvironment environment)
        {
            var writer = new SourceWriter();
            string typeName = table.Declaration.TypeName;
            LayoutSpec layout = table.Layout;
            using (LayoutEmitter.OpenType(writer, table.Declaration))
            {
                WriteLayout(writer, table);
                if (layout.Trailing is { } trailing)
                {
                    LayoutEmitter.WriteTrailingConstants(writer, typeName, trailing);
                    WriteSizeWithTrailing(writer, typeName, trailing, environment);
                    LayoutEmitter.WriteTrailingPointer(writer, typeName, trailing, TrailingPointerSummary, environment);
                }
                LayoutEmitter.WriteReadWrite(writer, typeName, "HeaderSize", "header", environment);
                if (environment.HasEfiServices)
                {
                    WriteGuid(writer, table, environment);
                    WriteInstallAndFind(writer, table, environment);
                }
                if (layout.Trailing is { Bitmap: { } bitmap } bitmapMember)
                {
                    BitmapEmitter.Emit(writer, bitmapMember.Name + "View", bitmap, environment);
                }
            }
            return writer.ToString();
        }

        private static void WriteLayout(SourceWriter writer, TableSpec table)
        {
            string typeName = table.Declaration.TypeName;
            writer.WriteLine("/// <summary>The table's GUID in registry form.</summary>");
            writer.WriteLine("public const string TableGuidText = \"" + table.Guid.ToString() + "\";");
            writer.WriteLine();
            writer.WriteLine("/// <summary>sizeof(" + typeName + ") in C: the fields with their padding" + (table.Layout.Trailing is null ? "" : ", without the trailing array") + ".</summary>");
            writer.WriteLine("public const int HeaderSize = " + Number(table.Layout.Size) + ";");
            writer.WriteLine();
            writer.WriteLine("/// <summary>The table's alignment in C.</summary>");
            writer.WriteLine("public const int HeaderAlignment = " + Number(table.Layout.Alignment) + ";");
            LayoutEmitter.WriteFieldOffsets(writer, typeName, table.Layout.Fields);
        }

        private static void WriteSizeWithTrailing(SourceWriter writer, string typeName, TrailingArraySpec trailing, GenerationEnvironment environment)
        {
            writer.WriteLine();
            writer.WriteLine("/// <summary>Bytes a table with <paramref name=\"count\"/> trailing elements occupies:");
            writer.WriteLine("/// sizeof(" + typeName + ") + count * " + Number(trailing.ElementSize) + ", as Linux's struct_size() counts it.");
            writer.WriteLine("/// Saturates at ulong.MaxValue, which no allocation satisfies.</summary>");
            GeneratedCode(writer, environment);
            using (writer.OpenBlock("public static ulong SizeWithTrailing(ulong count)"))
            {
                using (writer.OpenBlock("if (count > (ulong.MaxValue - HeaderSize) / " + trailing.Name + "ElementSize)"))
                {
                    writer.WriteLine("return ulong.MaxValue;");
                }
                writer.WriteLine("return HeaderSize + (count * " + trailing.Name + "ElementSize);");
            }
        }

        private static void WriteGuid(SourceWriter writer, TableSpec table, GenerationEnvironment environment)
        {
            GuidValue guid = table.Guid;
            writer.WriteLine();
            writer.WriteLine("/// <summary>The table's GUID, " + guid.ToString() + ", as an EFI_GUID.</summary>");
            writer.WriteLine("public static global::Coco.Uefi.EfiGuid TableGuid => new global::Coco.Uefi.EfiGuid(");
            writer.WriteLine("    0x" + guid.Data1.ToString("X8", CultureInfo.InvariantCulture) + ", 0x" + guid.Data2.ToString("X4", CultureInfo.InvariantCulture) + ", 0x" + guid.Data3.ToString("X4", CultureInfo.InvariantCulture) + ",");
            string bytes = string.Empty;
            for (int i = 0; i < 8; i++)
            {
                bytes += (i == 0 ? "" : ", ") + "0x" + guid.Data4Byte(i).ToString("X2", CultureInfo.InvariantCulture);
            }
            writer.WriteLine("    " + bytes + ");");
        }

        private static void WriteInstallAndFind(SourceWriter writer, TableSpec table, GenerationEnvironment environment)
        {
            string pointer = table.Declaration.TypeName + "*";
            string countParameter = table.Layout.Trailing is null ? "" : "ulong trailingCount, ";
            string countArgument = table.Layout.Trailing is null ? "" : "trailingCount, ";
            string sizeExpression = table.Layout.Trailing is null ? "HeaderSize" : "SizeWithTrailing(trailingCount)";

            writer.WriteLine();
            writer.WriteLine("/// <summary>Allocates the table from pool as EfiACPIReclaimMemory, copies <paramref name=\"header\"/>");
            writer.WriteLine("/// into it, zeroes the rest and installs it in the system table.</summary>");
            GeneratedCode(writer, environment);
            writer.WriteLine("public static " + EfiStatus + " Install(in " + table.Declaration.TypeName + " header, " + countParameter + "out " + pointer + " table) =>");
            writer.WriteLine("    Install(in header, " + countArgument + "global::Coco.Uefi.EfiMemoryType.AcpiReclaimMemory, out table);");
            writer.WriteLine();
            writer.WriteLine("/// <summary>Allocates the table from pool as <paramref name=\"memoryType\"/>, copies <paramref name=\"header\"/>");
            writer.WriteLine("/// into it, zeroes the rest and installs it in the system table. On error nothing stays allocated.</summary>");
            GeneratedCode(writer, environment);
            using (writer.OpenBlock("public static " + EfiStatus + " Install(in " + table.Declaration.TypeName + " header, " + countParameter + "global::Coco.Uefi.EfiMemoryType memoryType, out " + pointer + " table)"))
            {
                writer.WriteLine("table = null;");
                writer.WriteLine("ulong size = " + sizeExpression + ";");
                writer.WriteLine("// No nuint.MaxValue in the minimal core library: compare by width.");
                using (writer.OpenBlock("if (sizeof(nuint) < sizeof(ulong) && size > uint.MaxValue)"))
                {
                    writer.WriteLine("return " + EfiStatus + ".BadBufferSize;");
                }
                writer.WriteLine(EfiStatus + " status = " + Efi + ".AllocatePool(memoryType, (nuint)size, out void* buffer);");
                using (writer.OpenBlock("if (status.IsError)"))
                {
                    writer.WriteLine("return status;");
                }
                writer.WriteLine("ZeroBytes((byte*)buffer, size);");
                writer.WriteLine("*(" + pointer + ")buffer = header;");
                writer.WriteLine("status = " + Efi + ".InstallConfigurationTable(TableGuid, buffer);");
                using (writer.OpenBlock("if (status.IsError)"))
                {
                    writer.WriteLine(Efi + ".FreePool(buffer);");
                    writer.WriteLine("return status;");
                }
                writer.WriteLine("table = (" + pointer + ")buffer;");
                writer.WriteLine("return status;");
            }
            writer.WriteLine();
            writer.WriteLine("/// <summary>The installed table with this GUID, found by walking the system table's");
            writer.WriteLine("/// configuration table; null when none is installed.</summary>");
            GeneratedCode(writer, environment);
            writer.WriteLine("public static " + pointer + " Find() => (" + pointer + ")" + Efi + ".FindConfigurationTable(TableGuid);");
            writer.WriteLine();
            writer.WriteLine("// Spans are int-sized; pool buffers may be larger, so clear in chunks.");
            using (writer.OpenBlock("private static void ZeroBytes(byte* bytes, ulong length)"))
            {
                using (writer.OpenBlock("while (length > 0)"))
                {
                    writer.WriteLine("int chunk = length > 0x40000000UL ? 0x40000000 : (int)length;");
                    writer.WriteLine("new global::System.Span<byte>(bytes, chunk).Clear();");
                    writer.WriteLine("bytes += chunk;");
                    writer.WriteLine("length -= (ulong)chunk;");
                }
            }
        }

        private static void GeneratedCode(SourceWriter writer, GenerationEnvironment environment) => LayoutEmitter.GeneratedCode(writer, environment);

        private static string Number(int value) => LayoutEmitter.Number(value);
    }
}
