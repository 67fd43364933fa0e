using System.Globalization;
using Coco.Generators.Common;

namespace Coco.Generators.Layouts
{
    /// <summary>What configuration tables and binary layouts generate alike: field offsets, the
    /// trailing array's constants and pointer, and byte-span read/write. Every body is a call
    /// into Coco.Runtime (Layouts/) or pointer arithmetic on the struct itself.</summary>
    internal static class LayoutEmitter
    {
        public const string Runtime = "global::Coco.Layouts.";

        public static void WriteFieldOffsets(SourceWriter writer, EquatableArray<FieldSpec> fields)
        {
            foreach (FieldSpec field in fields)
            {
                writer.WriteLine("public const int " + field.Name + "Offset = " + Number(field.Offset) + ";");
            }
        }

        /// <summary>The trailing array's offset and element size.</summary>
        public static void WriteTrailingConstants(SourceWriter writer, TrailingArraySpec trailing)
        {
            writer.WriteLine("public const int " + trailing.Name + "Offset = " + Number(trailing.Offset) + ";");
            writer.WriteLine("public const int " + trailing.Name + "ElementSize = " + Number(trailing.ElementSize) + ";");
        }

        /// <summary>The partial property's implementation: the first element, at its offset from the struct.</summary>
        public static void WriteTrailingPointer(SourceWriter writer, string typeName, TrailingArraySpec trailing)
        {
            string element = trailing.ElementTypeName + "*";
            writer.WriteLine(trailing.Modifiers + " " + element + " " + Identifier.Escape(trailing.Name)
                + " { get { fixed (" + typeName + "* self = &this) { return (" + element + ")((byte*)self + " + trailing.Name + "Offset); } } }");
        }

        /// <summary>TryRead/TryWrite: sizeof the struct from or to a byte span.</summary>
        public static void WriteReadWrite(SourceWriter writer, string typeName, string noun)
        {
            writer.WriteLine("public static bool TryRead(global::System.ReadOnlySpan<byte> source, out " + typeName + " " + noun + ") => "
                + Runtime + "LayoutBytes.TryRead(source, out " + noun + ");");
            writer.WriteLine("public static bool TryWrite(in " + typeName + " " + noun + ", global::System.Span<byte> destination) => "
                + Runtime + "LayoutBytes.TryWrite(in " + noun + ", destination);");
        }

        public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
