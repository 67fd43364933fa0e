using System.Threading;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Layouts
{
    /// <summary>
    /// [TrailingArray] on a partial property of a type that is no layout struct: nothing
    /// implements the property, so the compiler reports CS9248, and a command-line build that has
    /// compiler errors drops the analyzers' COCO1014. The generator reports it instead
    /// (<see cref="HiddenByCompilerErrors"/>). Every [TrailingArray] is found by its own attribute
    /// lookup, which also binds the attributes of layout structs' trailing arrays before their
    /// structs are parsed.
    /// </summary>
    internal static class StrayTrailingArrays
    {
        public static EquatableArray<DiagnosticInfo> Diagnose(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IPropertySymbol property
                || property.ContainingType is not { } type
                || !HiddenByCompilerErrors.Property(property)
                || LayoutKinds.Primary(type) != CocoAttribute.None)
            {
                return EquatableArray<DiagnosticInfo>.Empty;
            }
            cancellationToken.ThrowIfCancellationRequested();
            return new EquatableArray<DiagnosticInfo>(new[] { Problem(property, type, context.Attributes[0]).ToInfo() });
        }

        /// <summary>COCO1014 for <paramref name="attribute"/> on a member of <paramref name="type"/>, no layout struct.</summary>
        public static DeclarationProblem Problem(ISymbol member, INamedTypeSymbol type, AttributeData attribute) =>
            new DeclarationProblem(LayoutRules.LayoutAttributeWithoutEffect, CocoAttributes.LocationOf(attribute, member),
                new[] { member.Name, NameOf(CocoAttributes.Kind(attribute)), "'" + type.Name + "' is not marked [EfiConfigurationTable], [AcpiTable] or [BinaryLayout]" });

        public static string NameOf(CocoAttribute kind) => kind switch
        {
            CocoAttribute.TrailingArray => "TrailingArray",
            CocoAttribute.Bitmap => "Bitmap",
            _ => "LayoutOffset",
        };
    }
}
