using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>
    /// The three kinds of layout struct ([EfiConfigurationTable], [AcpiTable], [BinaryLayout]).
    /// A struct marked with several is one mistake, reported once (COCO1013) by the parser of
    /// the kind that speaks for it: a configuration table, else an ACPI table.
    /// </summary>
    internal static class LayoutKinds
    {
        /// <summary>The kind whose parser handles <paramref name="type"/>, or None.</summary>
        public static CocoAttribute Primary(INamedTypeSymbol type)
        {
            bool table = false, acpi = false, binary = false;
            Scan(type, ref table, ref acpi, ref binary);
            return table ? CocoAttribute.EfiConfigurationTable
                : acpi ? CocoAttribute.AcpiTable
                : binary ? CocoAttribute.BinaryLayout
                : CocoAttribute.None;
        }

        /// <summary>COCO1013 when <paramref name="type"/> is marked with more than one kind.</summary>
        public static DeclarationProblem? Conflict(INamedTypeSymbol type)
        {
            bool table = false, acpi = false, binary = false;
            Scan(type, ref table, ref acpi, ref binary);
            string? first = table ? "EfiConfigurationTable" : acpi ? "AcpiTable" : null;
            string? second = table && acpi ? "AcpiTable" : binary ? "BinaryLayout" : null;
            return first is null || second is null
                ? null
                : new DeclarationProblem(LayoutRules.SeveralLayoutKinds, Symbols.LocationOf(type), new[] { type.Name, first, second });
        }

        private static void Scan(INamedTypeSymbol type, ref bool table, ref bool acpi, ref bool binary)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                switch (CocoAttributes.Kind(attribute))
                {
                    case CocoAttribute.EfiConfigurationTable:
                        table = true;
                        break;
                    case CocoAttribute.AcpiTable:
                        acpi = true;
                        break;
                    case CocoAttribute.BinaryLayout:
                        binary = true;
                        break;
                }
            }
        }
    }
}
