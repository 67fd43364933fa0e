using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1018: an ACPI table's signature is not four capital letters, digits or '_'.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AcpiSignatureInvalidAnalyzer : LayoutRuleAnalyzer
    {
        public AcpiSignatureInvalidAnalyzer()
            : base(LayoutRules.AcpiSignatureInvalid)
        {
        }
    }
}
