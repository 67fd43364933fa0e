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
                || LayoutKinds.Primary(type) != CocoAttribute.None)
            {
                return;
            }
            // An unimplemented partial property draws CS9248, which would hide ours: the generator reports it.
            if (member is IPropertySymbol property && HiddenByCompilerErrors.Property(property) && CocoAttributes.Has(member, CocoAttribute.TrailingArray))
            {
                return;
            }
            foreach (AttributeData attribute in member.GetAttributes())
            {
                if (CocoAttributes.Kind(attribute) is CocoAttribute.TrailingArray or CocoAttribute.Bitmap or CocoAttribute.LayoutOffset)
                {
                    context.ReportDiagnostic(StrayTrailingArrays.Problem(member, type, attribute).ToDiagnostic());
                }
            }
        }
    }
}
