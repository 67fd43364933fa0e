using System.Collections.Generic;
using System.Threading;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>
    /// Reads a struct marked [BinaryLayout] into a <see cref="BinaryLayoutSpec"/> and lists what
    /// makes it invalid: the fields' C layout (shared with configuration tables), then the
    /// declared size and alignment, the trailing array's room inside the record, and any
    /// [StructLayout] that would give the C# struct another size. Shared by the analyzers and
    /// the generator.
    /// </summary>
    internal static class BinaryLayoutParser
    {
        public static Parsed<BinaryLayoutSpec> Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            var problems = new List<DeclarationProblem>();
            Location typeLocation = Symbols.LocationOf(type);
            AttributeData? attribute = null;
            AttributeData? structLayout = null;
            foreach (AttributeData candidate in type.GetAttributes())
            {
                switch (CocoAttributes.Kind(candidate))
                {
                    case CocoAttribute.BinaryLayout:
                        attribute ??= candidate;
                        break;
                    case CocoAttribute.StructLayout:
                        structLayout ??= candidate;
                        break;
                }
            }
            // A struct also marked as another kind is that kind's parser's to report (COCO1013).
            if (attribute is null || LayoutKinds.Primary(type) != CocoAttribute.BinaryLayout)
            {
                return Parsed<BinaryLayoutSpec>.Nothing;
            }

            FieldLayoutReading? reading = FieldLayoutReader.Read(type, problems, cancellationToken);
            if (reading is null)
            {
                return new Parsed<BinaryLayoutSpec>(null, problems);
            }

            Location attributeLocation = CocoAttributes.LocationOf(attribute, type);
            BinaryLayoutDeclaration declared = BinaryLayoutDeclaration.Of(attribute);
            int alignment = CheckAlignment(type, declared, reading, attributeLocation, problems);
            long size = alignment == 0 ? 0 : CheckSize(type, declared, reading, alignment, attributeLocation, problems);
            int capacity = size == 0 || reading.Trailing is null ? 0 : (int)((size - reading.Trailing.Offset) / reading.Trailing.ElementSize);
            if (size != 0)
            {
                CheckStructLayout(type, structLayout, reading, size, typeLocation, problems);
            }

            if (problems.Count > 0)
            {
                return new Parsed<BinaryLayoutSpec>(null, problems);
            }
            bool isReadOnly = type.IsReadOnly;
            var layout = new LayoutSpec(reading.Fields, (int)size, alignment, reading.Trailing);
            GeneratedMembers.CheckCollisions(type, layout, CocoAttribute.BinaryLayout, isReadOnly, problems);
            LayoutRuntime.Check(type, compilation, problems);
            if (problems.Count > 0)
            {
                return new Parsed<BinaryLayoutSpec>(null, problems);
            }
            var spec = new BinaryLayoutSpec(HintName.Of(type, "BinaryLayout"), HierarchyInfo.From(type), layout, capacity, structLayout is null, isReadOnly);
            return new Parsed<BinaryLayoutSpec>(spec, problems);
        }

        /// <summary>The record's alignment (declared, else the fields'), or 0 when the declared one is invalid.</summary>
        private static int CheckAlignment(INamedTypeSymbol type, BinaryLayoutDeclaration declared, FieldLayoutReading reading, Location location, List<DeclarationProblem> problems)
        {
            int natural = reading.NaturalAlignment;
            if (declared.Alignment == 0)
            {
                return natural;
            }
            string? reason = declared.Alignment < 0 || (declared.Alignment & (declared.Alignment - 1)) != 0
                ? "it is not a power of two"
                : declared.Alignment < natural
                    ? "the fields need " + DeclarationProblem.Number(natural) + " (C's aligned attribute can raise a struct's alignment, never lower it)"
                    : null;
            if (reason is null)
            {
                return declared.Alignment;
            }
            problems.Add(new DeclarationProblem(LayoutRules.InvalidBinaryLayoutAlignment, location, new[] { type.Name, DeclarationProblem.Number(declared.Alignment), reason }));
            return 0;
        }

        /// <summary>The record's size (declared, else C's sizeof), or 0 when the declared one is invalid.</summary>
        private static long CheckSize(INamedTypeSymbol type, BinaryLayoutDeclaration declared, FieldLayoutReading reading, int alignment, Location location, List<DeclarationProblem> problems)
        {
            TrailingArraySpec? trailing = reading.Trailing;
            long contentEnd = trailing?.Offset ?? reading.FieldsEnd;
            long size = declared.Size != 0 ? declared.Size : CLayout.AlignUp(contentEnd, alignment);
            string? reason =
                declared.Size < 0 ? "a size cannot be negative"
                : size < reading.FieldsEnd ? "the fields end at byte " + DeclarationProblem.Number(reading.FieldsEnd)
                : size > CLayout.MaxSize ? "it is larger than " + DeclarationProblem.Number(CLayout.MaxSize) + " bytes"
                : size % alignment != 0 ? "it is not a multiple of the alignment " + DeclarationProblem.Number(alignment) + " (C pads sizeof to the alignment, so that an array of records keeps each one aligned)"
                : trailing is not null && (size < trailing.Offset || size - trailing.Offset < trailing.ElementSize)
                    ? "it leaves no room for one element of trailing array '" + trailing.Name + "' (" + DeclarationProblem.Number(trailing.ElementSize) + " bytes at offset " + DeclarationProblem.Number(trailing.Offset) + ")"
                : null;
            if (reason is null)
            {
                return size;
            }
            problems.Add(new DeclarationProblem(LayoutRules.InvalidBinaryLayoutSize, location, new[] { type.Name, DeclarationProblem.Number(size), reason }));
            return 0;
        }

        /// <summary>The generated part sets [StructLayout(Sequential, Size)]; one the user wrote
        /// must give the same layout, or C# and C disagree about the record's size.</summary>
        private static void CheckStructLayout(INamedTypeSymbol type, AttributeData? structLayout, FieldLayoutReading reading, long size, Location location, List<DeclarationProblem> problems)
        {
            LayoutFailure failure = StructLayoutCheck.Check(structLayout, type.Name, out int pack, out int explicitSize);
            long csharpSize = explicitSize > reading.CSharpSize ? explicitSize : reading.CSharpSize;
            string? reason = failure.IsFailure ? failure.Reason
                : pack != 0 && pack < reading.FieldAlignment ? "StructLayout.Pack = " + DeclarationProblem.Number(pack) + " is below the natural alignment " + DeclarationProblem.Number(reading.FieldAlignment)
                : structLayout is not null && csharpSize != size
                    ? "its [StructLayout] gives the C# struct " + DeclarationProblem.Number(csharpSize) + " bytes but [BinaryLayout] declares " + DeclarationProblem.Number(size) + "; remove the [StructLayout], Coco sets the size"
                : null;
            if (reason is not null)
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, location, new[] { type.Name, reason }));
            }
        }
    }
}
