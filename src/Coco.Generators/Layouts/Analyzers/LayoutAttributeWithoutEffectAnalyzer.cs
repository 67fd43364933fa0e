using Coco.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1014: [LayoutOffset], [TrailingArray] or [Bitmap] where it does nothing:
    /// inside a layout struct on a member without an offset (from the parse), and on any member
    /// of a type that is no layout struct.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LayoutAttributeWithoutEffectAnalyzer : LayoutRuleAnalyzer
    {
        public LayoutAttributeWithoutEffectAnalyzer()
            : base(LayoutRules.LayoutAttributeWithoutEffect)
        {
        }

        private protected override bool AnalyzesMembers => true;

        private protected override void AnalyzeMember(SymbolAnalysisContext context)
        {
            ISymbol member = context.Symbol;
            if (member.ContainingType is not { } type
                || CocoAttributes.Has(type, CocoAttribute.EfiConfigurationTable)
                || CocoAttributes.Has(type, CocoAttribute.BinaryLayout))
            {
                return;
            }
            foreach (AttributeData attribute in member.GetAttributes())
            {
                string? name = CocoAttributes.Kind(attribute) switch
                {
                    CocoAttribute.TrailingArray => "TrailingArray",
                    CocoAttribute.Bitmap => "Bitmap",
                    CocoAttribute.LayoutOffset => "LayoutOffset",
                    _ => null,
                };
                if (name is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        LayoutRules.LayoutAttributeWithoutEffect,
                        CocoAttributes.LocationOf(attribute, member),
                        member.Name,
                        name,
                        "'" + type.Name + "' is not marked [EfiConfigurationTable] or [BinaryLayout]"));
                }
            }
        }
    }
}
