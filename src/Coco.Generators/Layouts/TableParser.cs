using System.Collections.Generic;
using System.Threading;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>
    /// Reads a struct marked [EfiConfigurationTable] into a <see cref="TableSpec"/> and lists
    /// what makes it invalid. The analyzers and the generator share this one reading so that
    /// the generator emits exactly for the tables the analyzers accept.
    /// </summary>
    internal static class TableParser
    {
        public static Parsed<TableSpec> Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            var problems = new List<DeclarationProblem>();
            Location typeLocation = Symbols.LocationOf(type);
            AttributeData? tableAttribute = null;
            AttributeData? structLayout = null;
            foreach (AttributeData attribute in type.GetAttributes())
            {
                switch (CocoAttributes.Kind(attribute))
                {
                    case CocoAttribute.EfiConfigurationTable:
                        tableAttribute ??= attribute;
                        break;
                    case CocoAttribute.StructLayout:
                        structLayout ??= attribute;
                        break;
                }
            }
            if (tableAttribute is null)
            {
                return Parsed<TableSpec>.Nothing;
            }
            if (LayoutKinds.Conflict(type) is { } conflict)
            {
                problems.Add(conflict);
                return new Parsed<TableSpec>(null, problems);
            }

            GuidValue guid = ParseGuid(type, tableAttribute, problems);
            FieldLayoutReading? reading = FieldLayoutReader.Read(type, problems, cancellationToken);
            if (reading is null)
            {
                return new Parsed<TableSpec>(null, problems);
            }

            // C pads the header to the trailing array's alignment too; C# only to the fields'.
            int cAlignment = reading.NaturalAlignment;
            long headerSize = CLayout.AlignUp((long)reading.FieldsEnd, cAlignment);
            if (reading.Trailing is not null && headerSize != reading.CSharpSize)
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, typeLocation,
                    new[] { type.Name, "the trailing array's alignment pads the C struct to " + DeclarationProblem.Number(headerSize) + " bytes but the C# struct is " + DeclarationProblem.Number(reading.CSharpSize) + "; add explicit padding fields" }));
            }
            if (headerSize > CLayout.MaxSize)
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, typeLocation,
                    new[] { type.Name, "its header is larger than " + DeclarationProblem.Number(CLayout.MaxSize) + " bytes" }));
            }

            LayoutFailure tableLayout = StructLayoutCheck.Check(structLayout, type.Name, out int pack, out int explicitSize);
            if (tableLayout.IsFailure)
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, typeLocation, new[] { type.Name, tableLayout.Reason }));
            }
            else if (pack != 0 && pack < cAlignment)
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, typeLocation,
                    new[] { type.Name, "StructLayout.Pack = " + DeclarationProblem.Number(pack) + " is below the natural alignment " + DeclarationProblem.Number(cAlignment) }));
            }
            else if (explicitSize != 0 && explicitSize != headerSize)
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, typeLocation,
                    new[] { type.Name, "StructLayout.Size = " + DeclarationProblem.Number(explicitSize) + " but C gives " + DeclarationProblem.Number(headerSize) }));
            }

            if (problems.Count > 0)
            {
                return new Parsed<TableSpec>(null, problems);
            }
            var layout = new LayoutSpec(reading.Fields, (int)headerSize, cAlignment, reading.Trailing);
            GeneratedMembers.CheckCollisions(type, layout, CocoAttribute.EfiConfigurationTable, isReadOnly: false, problems);
            LayoutRuntime.Check(type, compilation, problems);
            if (problems.Count > 0)
            {
                return new Parsed<TableSpec>(null, problems);
            }
            return new Parsed<TableSpec>(new TableSpec(HintName.Of(type, "Table"), HierarchyInfo.From(type), layout, guid), problems);
        }

        private static GuidValue ParseGuid(INamedTypeSymbol type, AttributeData attribute, List<DeclarationProblem> problems)
        {
            string? text = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            if (GuidText.TryParse(text, out GuidValue guid))
            {
                return guid;
            }
            problems.Add(new DeclarationProblem(LayoutRules.MalformedGuid, CocoAttributes.LocationOf(attribute, type), new[] { type.Name, text ?? "null" }));
            return default;
        }
    }
}
