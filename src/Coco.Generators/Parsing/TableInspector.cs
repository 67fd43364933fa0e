using System.Collections.Generic;
using System.Threading;
using Coco.Generators.Diagnostics;
using Coco.Generators.Layout;
using Coco.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Parsing
{
    /// <summary>
    /// Reads a struct marked [EfiConfigurationTable] into a <see cref="TableSpec"/> and lists
    /// what makes it invalid. The analyzers and the generator share this one reading so that
    /// the generator emits exactly for the tables the analyzers accept.
    /// </summary>
    internal static class TableInspector
    {
        public static LayoutInspection<TableSpec> Inspect(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var problems = new List<DeclarationProblem>();
            Location typeLocation = SymbolAttributes.LocationOf(type);

            if (SymbolAttributes.Has(type, WellKnownNames.BinaryLayoutAttribute))
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.TableAndBinaryLayout, typeLocation, new object[] { type.Name }));
                return new LayoutInspection<TableSpec>(null, problems);
            }

            GuidValue guid = InspectGuid(type, problems);
            FieldLayoutReading? reading = FieldLayoutReader.Read(type, problems, cancellationToken);
            if (reading is null)
            {
                return new LayoutInspection<TableSpec>(null, problems);
            }

            // C pads the header to the trailing array's alignment too; C# only to the fields'.
            int cAlignment = reading.NaturalAlignment;
            int headerSize = CLayout.AlignUp(reading.FieldsEnd, cAlignment);
            if (reading.Trailing is not null && headerSize != reading.CSharpSize)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation,
                    new object[] { type.Name, "the trailing array's alignment pads the C struct to " + Invariant(headerSize) + " bytes but the C# struct is " + Invariant(reading.CSharpSize) + "; add explicit padding fields" }));
            }

            LayoutFailure tableLayout = StructLayoutCheck.Check(type, out int pack, out int explicitSize);
            if (tableLayout.IsFailure)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation, new object[] { type.Name, tableLayout.Reason }));
            }
            else if (pack != 0 && pack < cAlignment)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation,
                    new object[] { type.Name, "StructLayout.Pack = " + Invariant(pack) + " is below the natural alignment " + Invariant(cAlignment) }));
            }
            else if (explicitSize != 0 && explicitSize != headerSize)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation,
                    new object[] { type.Name, "StructLayout.Size = " + Invariant(explicitSize) + " but C gives " + Invariant(headerSize) }));
            }

            if (problems.Count > 0)
            {
                return new LayoutInspection<TableSpec>(null, problems);
            }
            var spec = new TableSpec(
                Declaration: PartialDeclarations.Describe(type),
                Layout: new LayoutSpec(reading.Fields, headerSize, cAlignment, reading.Trailing),
                Guid: guid);
            return new LayoutInspection<TableSpec>(spec, problems);
        }

        private static GuidValue InspectGuid(INamedTypeSymbol type, List<DeclarationProblem> problems)
        {
            AttributeData? attribute = SymbolAttributes.Find(type, WellKnownNames.ConfigurationTableAttribute);
            string? text = attribute is { ConstructorArguments.Length: 1 } ? attribute.ConstructorArguments[0].Value as string : null;
            if (GuidText.TryParse(text, out GuidValue guid))
            {
                return guid;
            }
            Location location = attribute is null ? SymbolAttributes.LocationOf(type) : SymbolAttributes.LocationOf(attribute, type);
            problems.Add(new DeclarationProblem(DiagnosticDescriptors.MalformedGuid, location, new object[] { type.Name, text ?? "null" }));
            return default;
        }

        private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
