using System.Collections.Generic;
using System.Threading;
using Coco.Generators.Diagnostics;
using Coco.Generators.Layout;
using Coco.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Parsing
{
    /// <summary>
    /// Reads a struct marked [BinaryLayout] into a <see cref="BinaryLayoutSpec"/> and lists what
    /// makes it invalid: the fields' C layout (shared with configuration tables), then the
    /// declared size and alignment, the trailing array's room inside the record, and any
    /// [StructLayout] that would give the C# struct another size. Shared by the analyzer and
    /// the generator.
    /// </summary>
    internal static class BinaryLayoutInspector
    {
        public static LayoutInspection<BinaryLayoutSpec> Inspect(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var problems = new List<DeclarationProblem>();
            Location typeLocation = SymbolAttributes.LocationOf(type);
            AttributeData? attribute = SymbolAttributes.Find(type, WellKnownNames.BinaryLayoutAttribute);
            if (attribute is null)
            {
                return new LayoutInspection<BinaryLayoutSpec>(null, problems);
            }
            if (SymbolAttributes.Has(type, WellKnownNames.ConfigurationTableAttribute))
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.TableAndBinaryLayout, typeLocation, new object[] { type.Name }));
                return new LayoutInspection<BinaryLayoutSpec>(null, problems);
            }

            FieldLayoutReading? reading = FieldLayoutReader.Read(type, problems, cancellationToken);
            if (reading is null)
            {
                return new LayoutInspection<BinaryLayoutSpec>(null, problems);
            }

            Location attributeLocation = SymbolAttributes.LocationOf(attribute, type);
            BinaryLayoutDeclaration declared = BinaryLayoutDeclaration.Of(attribute);
            int alignment = CheckAlignment(type, declared, reading, attributeLocation, problems);
            int size = alignment == 0 ? 0 : CheckSize(type, declared, reading, alignment, attributeLocation, problems);
            int capacity = size == 0 || reading.Trailing is null ? 0 : (size - reading.Trailing.Offset) / reading.Trailing.ElementSize;
            bool hasStructLayout = SymbolAttributes.Has(type, WellKnownNames.StructLayoutAttribute);
            if (size != 0)
            {
                CheckStructLayout(type, reading, size, hasStructLayout, typeLocation, problems);
            }

            if (problems.Count > 0)
            {
                return new LayoutInspection<BinaryLayoutSpec>(null, problems);
            }
            var spec = new BinaryLayoutSpec(
                Declaration: PartialDeclarations.Describe(type),
                Layout: new LayoutSpec(reading.Fields, size, alignment, reading.Trailing),
                TrailingCapacity: capacity,
                SetsStructLayout: !hasStructLayout);
            return new LayoutInspection<BinaryLayoutSpec>(spec, problems);
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
                    ? "the fields need " + Invariant(natural) + " (C's aligned attribute can raise a struct's alignment, never lower it)"
                    : null;
            if (reason is null)
            {
                return declared.Alignment;
            }
            problems.Add(new DeclarationProblem(DiagnosticDescriptors.InvalidBinaryLayoutAlignment, location, new object[] { type.Name, Invariant(declared.Alignment), reason }));
            return 0;
        }

        /// <summary>The record's size (declared, else C's sizeof), or 0 when the declared one is invalid.</summary>
        private static int CheckSize(INamedTypeSymbol type, BinaryLayoutDeclaration declared, FieldLayoutReading reading, int alignment, Location location, List<DeclarationProblem> problems)
        {
            TrailingArraySpec? trailing = reading.Trailing;
            int contentEnd = trailing?.Offset ?? reading.FieldsEnd;
            int size = declared.Size != 0 ? declared.Size : CLayout.AlignUp(contentEnd, alignment);
            string? reason =
                declared.Size < 0 ? "a size cannot be negative"
                : size < reading.FieldsEnd ? "the fields end at byte " + Invariant(reading.FieldsEnd)
                : size % alignment != 0 ? "it is not a multiple of the alignment " + Invariant(alignment) + " (C pads sizeof to the alignment, so that an array of records keeps each one aligned)"
                : trailing is not null && (size < trailing.Offset || size - trailing.Offset < trailing.ElementSize)
                    ? "it leaves no room for one element of trailing array '" + trailing.Name + "' (" + Invariant(trailing.ElementSize) + " bytes at offset " + Invariant(trailing.Offset) + ")"
                : null;
            if (reason is null)
            {
                return size;
            }
            problems.Add(new DeclarationProblem(DiagnosticDescriptors.InvalidBinaryLayoutSize, location, new object[] { type.Name, Invariant(size), reason }));
            return 0;
        }

        /// <summary>The generated part sets [StructLayout(Sequential, Size)]; one the user wrote
        /// must give the same layout, or C# and C disagree about the record's size.</summary>
        private static void CheckStructLayout(INamedTypeSymbol type, FieldLayoutReading reading, int size, bool hasStructLayout, Location location, List<DeclarationProblem> problems)
        {
            LayoutFailure failure = StructLayoutCheck.Check(type, out int pack, out int explicitSize);
            string? reason = failure.IsFailure ? failure.Reason
                : pack != 0 && pack < reading.FieldAlignment ? "StructLayout.Pack = " + Invariant(pack) + " is below the natural alignment " + Invariant(reading.FieldAlignment)
                : hasStructLayout && (explicitSize > reading.CSharpSize ? explicitSize : reading.CSharpSize) != size
                    ? "its [StructLayout] gives the C# struct " + Invariant(explicitSize > reading.CSharpSize ? explicitSize : reading.CSharpSize) + " bytes but [BinaryLayout] declares " + Invariant(size) + "; remove the [StructLayout], Coco sets the size"
                : null;
            if (reason is not null)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.LayoutDiffersFromC, location, new object[] { type.Name, reason }));
            }
        }

        private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
