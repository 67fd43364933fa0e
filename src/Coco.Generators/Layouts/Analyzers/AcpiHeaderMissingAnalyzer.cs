using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1019: an ACPI table does not begin with an AcpiTableHeader field.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AcpiHeaderMissingAnalyzer : LayoutRuleAnalyzer
    {
        public AcpiHeaderMissingAnalyzer()
            : base(LayoutRules.AcpiHeaderMissing)
        {
        }
    }
}
