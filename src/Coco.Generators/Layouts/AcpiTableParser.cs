using System.Collections.Generic;
using System.Threading;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>
    /// Reads a struct marked [AcpiTable] into an <see cref="AcpiTableSpec"/> and lists what makes
    /// it invalid: the signature, the header field it must begin with, and its fields laid out
    /// packed (ACPI 6.5 §5.2 tables are byte-packed: edk2 declares them under #pragma pack(1),
    /// ACPICA's actbl.h too), with the field rules every layout struct shares. Shared by the
    /// analyzers and the generator.
    /// </summary>
    internal static class AcpiTableParser
    {
        /// <summary>ACPI tables are byte-packed.</summary>
        public const int Pack = 1;

        public static Parsed<AcpiTableSpec> Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            AttributeData? attribute = CocoAttributes.Find(type, CocoAttribute.AcpiTable);
            // A struct also marked [EfiConfigurationTable] is that parser's to report (COCO1013).
            if (attribute is null || LayoutKinds.Primary(type) != CocoAttribute.AcpiTable)
            {
                return Parsed<AcpiTableSpec>.Nothing;
            }
            var problems = new List<DeclarationProblem>();
            Location typeLocation = Symbols.LocationOf(type);
            if (LayoutKinds.Conflict(type) is { } conflict)
            {
                problems.Add(conflict);
                return new Parsed<AcpiTableSpec>(null, problems);
            }

            string signature = ParseSignature(type, attribute, problems);
            byte revision = ParseRevision(attribute);
            FieldLayoutReading? reading = FieldLayoutReader.Read(type, problems, cancellationToken, Pack);
            if (reading is null)
            {
                return new Parsed<AcpiTableSpec>(null, problems);
            }
            string? header = CheckHeader(type, reading, problems, typeLocation);
            if (CocoAttributes.Find(type, CocoAttribute.StructLayout) is { } structLayout
                && !(structLayout.ApplicationSyntaxReference is { } written && GeneratedFiles.IsFrom(written.SyntaxTree, GeneratedFiles.LayoutGenerator)))
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, typeLocation,
                    new[] { type.Name, "Coco lays out an ACPI table packed, as ACPI declares it, and sets its [StructLayout] itself; remove this one" }));
            }

            if (problems.Count > 0 || header is null)
            {
                return new Parsed<AcpiTableSpec>(null, problems);
            }
            // Packed: the table ends where its fields end, and a trailing array follows directly.
            var layout = new LayoutSpec(reading.Fields, reading.FieldsEnd, Pack, reading.Trailing);
            GeneratedMembers.CheckCollisions(type, layout, CocoAttribute.AcpiTable, isReadOnly: false, problems);
            LayoutRuntime.Check(type, compilation, problems);
            if (problems.Count == 0)
            {
                LayoutRuntime.Check(type, compilation, problems, WellKnownNames.AcpiTables);
            }
            if (problems.Count > 0)
            {
                return new Parsed<AcpiTableSpec>(null, problems);
            }
            return new Parsed<AcpiTableSpec>(new AcpiTableSpec(HintName.Of(type, "AcpiTable"), HierarchyInfo.From(type), layout, signature, revision, header), problems);
        }

        /// <summary>Four capital letters, digits or '_', a '!' allowed last (for ASF!): what
        /// ACPICA accepts in a table signature (Linux drivers/acpi/acpica/utascii.c,
        /// acpi_ut_valid_nameseg and acpi_ut_valid_name_char).</summary>
        public static bool IsValidSignature(string? text)
        {
            if (text is null || text.Length != 4)
            {
                return false;
            }
            for (int i = 0; i < 4; i++)
            {
                char c = text[i];
                if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (c == '!' && i == 3)))
                {
                    return false;
                }
            }
            return true;
        }

        private static string ParseSignature(INamedTypeSymbol type, AttributeData attribute, List<DeclarationProblem> problems)
        {
            string? text = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            if (IsValidSignature(text))
            {
                return text!;
            }
            problems.Add(new DeclarationProblem(LayoutRules.AcpiSignatureInvalid, CocoAttributes.LocationOf(attribute, type), new[] { type.Name, text ?? "null" }));
            return "____";
        }

        private static byte ParseRevision(AttributeData attribute)
        {
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == "Revision" && named.Value.Value is byte revision)
                {
                    return revision;
                }
            }
            return 1;
        }

        /// <summary>The name of the AcpiTableHeader field the table begins with, or null (and
        /// COCO1019) when its first field is something else.</summary>
        private static string? CheckHeader(INamedTypeSymbol type, FieldLayoutReading reading, List<DeclarationProblem> problems, Location typeLocation)
        {
            if (reading.Fields.Count == 0)
            {
                // No fields at all is COCO1008's (or the fields' own problems).
                return null;
            }
            FieldSpec first = reading.Fields[0];
            string? reason = null;
            foreach (ISymbol member in type.GetMembers(first.Name))
            {
                reason = member switch
                {
                    // Generated members take the header's address, which a property has not.
                    IPropertySymbol => "its first member '" + first.Name + "' is a property; make it a field",
                    IFieldSymbol field when Symbols.FullyQualifiedName(field.Type) == "global::" + WellKnownNames.AcpiTableHeader => null,
                    IFieldSymbol field => "its first field '" + first.Name + "' is of type '" + field.Type.ToDisplayString() + "'",
                    _ => reason,
                };
            }
            if (reason is null)
            {
                return first.Name;
            }
            problems.Add(new DeclarationProblem(LayoutRules.AcpiHeaderMissing, typeLocation, new[] { type.Name, reason }));
            return null;
        }
    }
}
