using Coco.Generators.Bitmaps;
using Coco.Generators.Common;

namespace Coco.Generators.Layouts
{
    /// <summary>Writes the members of one binary layout from its spec alone: the struct's size
    /// (as [StructLayout]), size, alignment and offset constants, the trailing array's capacity
    /// and element access checked by Coco.Runtime's TrailingArray, byte-span read/write and, for
    /// a bitmap, its view.</summary>
    internal static class BinaryLayoutEmitter
    {
        private const string Interop = "global::System.Runtime.InteropServices.";

        public static string Emit(BinaryLayoutSpec record)
        {
            var writer = new SourceWriter();
            string typeName = record.Hierarchy.Self.Name;
            LayoutSpec layout = record.Layout;
            string? structLayout = record.SetsStructLayout
                ? "[" + Interop + "StructLayout(" + Interop + "LayoutKind.Sequential, Size = " + LayoutEmitter.Number(layout.Size) + ")]"
                : null;
            using (record.Hierarchy.Open(writer, structLayout))
            {
                writer.WriteLine("public const int LayoutSize = " + LayoutEmitter.Number(layout.Size) + ";");
                writer.WriteLine("public const int LayoutAlignment = " + LayoutEmitter.Number(layout.Alignment) + ";");
                LayoutEmitter.WriteFieldOffsets(writer, layout.Fields);
                if (layout.Trailing is { } trailing)
                {
                    LayoutEmitter.WriteTrailingConstants(writer, trailing);
                    writer.WriteLine("public const int " + trailing.Name + "Capacity = " + LayoutEmitter.Number(record.TrailingCapacity) + ";");
                    LayoutEmitter.WriteTrailingPointer(writer, typeName, trailing);
                    WriteElementAccess(writer, typeName, trailing, record.IsReadOnly);
                }
                LayoutEmitter.WriteReadWrite(writer, typeName, "record");
                if (layout.Trailing is { Bitmap: { } bitmap } bitmapMember)
                {
                    BitmapEmitter.WriteView(writer, bitmapMember.Name + "View", bitmap);
                }
            }
            return writer.ToString();
        }

        private static void WriteElementAccess(SourceWriter writer, string typeName, TrailingArraySpec trailing, bool isReadOnly)
        {
            string element = trailing.ElementTypeName;
            string at = "*(" + element + "*)" + LayoutEmitter.Runtime + "TrailingArray.Element((byte*)self + " + trailing.Name + "Offset, "
                + trailing.Name + "Capacity, " + trailing.Name + "ElementSize, index)";
            string self = " { fixed (" + typeName + "* self = &this) { ";
            writer.WriteLine(trailing.Accessibility + " readonly " + element + " " + trailing.Name + "At(int index)" + self + "return " + at + "; } }");
            if (!isReadOnly)
            {
                writer.WriteLine(trailing.Accessibility + " void Set" + trailing.Name + "At(int index, in " + element + " value)" + self + at + " = value; } }");
            }
        }
    }
}
