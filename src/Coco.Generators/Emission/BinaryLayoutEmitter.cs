using Coco.Generators.Model;

namespace Coco.Generators.Emission
{
    /// <summary>Writes the members of one binary layout: the struct's size (as [StructLayout]),
    /// size, alignment and offset constants, the trailing array's capacity and bounds-checked
    /// element access, byte-span read/write and, for a bitmap, its view.</summary>
    internal static class BinaryLayoutEmitter
    {
        private const string Interop = "global::System.Runtime.InteropServices.";

        private static readonly string[] TrailingPointerSummary =
        {
            "/// <summary>The first trailing element, inside this record. Valid while the record does not move",
            "/// (native or pool memory, a pinned array); the element accessors need no such care.</summary>",
        };

        public static string Emit(BinaryLayoutSpec record, GenerationEnvironment environment)
        {
            var writer = new SourceWriter();
            TypeDeclarationSpec declaration = record.Declaration;
            LayoutSpec layout = record.Layout;
            string? structLayout = record.SetsStructLayout
                ? "[" + Interop + "StructLayout(" + Interop + "LayoutKind.Sequential, Size = " + Number(layout.Size) + ")]"
                : null;
            using (LayoutEmitter.OpenType(writer, declaration, structLayout))
            {
                WriteLayout(writer, declaration.TypeName, layout);
                if (layout.Trailing is { } trailing)
                {
                    LayoutEmitter.WriteTrailingConstants(writer, declaration.TypeName, trailing);
                    WriteCapacity(writer, trailing, record.TrailingCapacity);
                    LayoutEmitter.WriteTrailingPointer(writer, declaration.TypeName, trailing, TrailingPointerSummary, environment);
                    WriteElementAccess(writer, declaration, trailing, environment);
                }
                LayoutEmitter.WriteReadWrite(writer, declaration.TypeName, "LayoutSize", "record", environment);
                if (layout.Trailing is { Bitmap: { } bitmap } bitmapMember)
                {
                    BitmapEmitter.Emit(writer, bitmapMember.Name + "View", bitmap, environment);
                }
            }
            return writer.ToString();
        }

        private static void WriteLayout(SourceWriter writer, string typeName, LayoutSpec layout)
        {
            writer.WriteLine("/// <summary>sizeof(" + typeName + ") in C and in C#: the bytes one record occupies" + (layout.Trailing is null ? "" : ", trailing array included") + ".</summary>");
            writer.WriteLine("public const int LayoutSize = " + Number(layout.Size) + ";");
            writer.WriteLine();
            writer.WriteLine("/// <summary>The record's alignment in C: where it is read from must be a multiple of it.");
            writer.WriteLine("/// C# aligns the struct to its fields only, so aligned storage is the caller's to provide.</summary>");
            writer.WriteLine("public const int LayoutAlignment = " + Number(layout.Alignment) + ";");
            LayoutEmitter.WriteFieldOffsets(writer, typeName, layout.Fields);
        }

        private static void WriteCapacity(SourceWriter writer, TrailingArraySpec trailing, int capacity)
        {
            writer.WriteLine();
            writer.WriteLine("/// <summary>Elements of " + trailing.Name + " the record has room for:");
            writer.WriteLine("/// (LayoutSize - " + trailing.Name + "Offset) / " + trailing.Name + "ElementSize.</summary>");
            writer.WriteLine("public const int " + trailing.Name + "Capacity = " + Number(capacity) + ";");
        }

        // Bounds come from the span indexer, which both worlds have: .NET throws
        // IndexOutOfRangeException, Coco's minimal core library fails fast naming the site.
        private static void WriteElementAccess(SourceWriter writer, TypeDeclarationSpec declaration, TrailingArraySpec trailing, GenerationEnvironment environment)
        {
            string element = trailing.ElementTypeName;
            string elements = "(byte*)self + " + trailing.Name + "Offset, " + trailing.Name + "Capacity";
            writer.WriteLine();
            writer.WriteLine("/// <summary>Element <paramref name=\"index\"/> of " + trailing.Name + ", checked against <see cref=\"" + trailing.Name + "Capacity\"/>:");
            writer.WriteLine("/// an index outside it fails as a span index does (IndexOutOfRangeException; fail-fast in firmware).</summary>");
            LayoutEmitter.GeneratedCode(writer, environment);
            using (writer.OpenBlock("public readonly " + element + " " + trailing.Name + "At(int index)"))
            using (writer.OpenBlock("fixed (" + declaration.TypeName + "* self = &this)"))
            {
                writer.WriteLine("return new global::System.ReadOnlySpan<" + element + ">(" + elements + ")[index];");
            }
            if (declaration.IsReadOnly)
            {
                return;
            }
            writer.WriteLine();
            writer.WriteLine("/// <summary>Stores <paramref name=\"value\"/> as element <paramref name=\"index\"/> of " + trailing.Name + ", checked against");
            writer.WriteLine("/// <see cref=\"" + trailing.Name + "Capacity\"/> as <see cref=\"" + trailing.Name + "At\"/> is.</summary>");
            LayoutEmitter.GeneratedCode(writer, environment);
            using (writer.OpenBlock("public void Set" + trailing.Name + "At(int index, in " + element + " value)"))
            using (writer.OpenBlock("fixed (" + declaration.TypeName + "* self = &this)"))
            {
                writer.WriteLine("new global::System.Span<" + element + ">(" + elements + ")[index] = value;");
            }
        }

        private static string Number(int value) => LayoutEmitter.Number(value);
    }
}
