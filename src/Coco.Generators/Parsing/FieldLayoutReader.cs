using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Coco.Generators.Diagnostics;
using Coco.Generators.Layout;
using Coco.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coco.Generators.Parsing
{
    /// <summary>
    /// Reads the fields and the trailing array of a struct marked [EfiConfigurationTable] or
    /// [BinaryLayout] by the C rules, checks [LayoutOffset] against them, and lists what keeps
    /// the struct from having one C layout. Both attributes go through this one reading, so
    /// they accept exactly the same members.
    /// </summary>
    internal static class FieldLayoutReader
    {
        private const ulong MinimumUnitSize = 4096;

        /// <summary>The reading, or null when the struct has no single C layout at all
        /// (generic, ref struct); problems are added to <paramref name="problems"/>.</summary>
        public static FieldLayoutReading? Read(INamedTypeSymbol type, List<DeclarationProblem> problems, CancellationToken cancellationToken)
        {
            Location typeLocation = SymbolAttributes.LocationOf(type);
            if (!PartialDeclarations.IsPartialWithContainers(type))
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.StructNotPartial, typeLocation, new object[] { type.Name }));
            }
            if (type.IsGenericType || type.IsRefLikeType || PartialDeclarations.EnclosingTypes(type).Any(t => t.IsGenericType))
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation,
                    new object[] { type.Name, "generic types and ref structs have no single C layout" }));
                return null;
            }

            int problemsBefore = problems.Count;
            var fields = new List<FieldSpec>();
            var laidOut = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            int end = 0;
            int alignment = 1;
            var trailingMembers = new List<ISymbol>();
            foreach (ISymbol member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Trailing members first: a static one is reported, not silently skipped.
                if (SymbolAttributes.Has(member, WellKnownNames.TrailingArrayAttribute))
                {
                    trailingMembers.Add(member);
                    continue;
                }
                if (member.IsStatic)
                {
                    continue;
                }
                InspectBitmapWithoutTrailing(member, problems);
                if (member is not IFieldSymbol { IsConst: false } field)
                {
                    continue;
                }

                // An auto-property's backing field is laid out under the property's name and attributes.
                ISymbol declared = field.AssociatedSymbol ?? field;
                laidOut.Add(declared);
                LayoutFailure failure = CLayout.TryGetFieldLayout(field, cancellationToken, out TypeLayout layout);
                if (failure.IsFailure)
                {
                    problems.Add(FieldFailure(failure, field, declared.Name, type));
                    continue;
                }
                int offset = CLayout.AlignUp(end, layout.Alignment);
                CheckDeclaredOffset(declared, type, offset, problems);
                string typeName = field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer
                    ? pointer.PointedAtType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
                    : field.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                fields.Add(new FieldSpec(declared.Name, typeName, offset, layout.Size));
                end = offset + layout.Size;
                if (layout.Alignment > alignment)
                {
                    alignment = layout.Alignment;
                }
            }

            if (fields.Count == 0 && problems.Count == problemsBefore)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation,
                    new object[] { type.Name, "a struct without fields is size 0 in C (where allowed) and 1 in C#" }));
            }

            TrailingArraySpec? trailing = InspectTrailing(type, trailingMembers, end, problems, cancellationToken, out int trailingAlignment);
            if (trailing is not null)
            {
                laidOut.Add(trailingMembers[trailingMembers.Count - 1]);
            }
            ReportOffsetsWithoutLayout(type, laidOut, trailingMembers, problems);

            return new FieldLayoutReading(new EquatableArray<FieldSpec>(fields.ToArray()), end, alignment, trailing, trailingAlignment);
        }

        /// <summary>Checks [Bitmap] on a member that is not a trailing array.</summary>
        private static void InspectBitmapWithoutTrailing(ISymbol member, List<DeclarationProblem> problems)
        {
            if (SymbolAttributes.Has(member, WellKnownNames.BitmapAttribute))
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.BitmapNotWordArray, SymbolAttributes.LocationOf(member), new object[] { member.Name }));
            }
        }

        /// <summary>[LayoutOffset] states where the specification puts a member; C must agree.</summary>
        private static void CheckDeclaredOffset(ISymbol member, INamedTypeSymbol type, int offset, List<DeclarationProblem> problems)
        {
            AttributeData? attribute = SymbolAttributes.Find(member, WellKnownNames.LayoutOffsetAttribute);
            if (attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is int declared && declared != offset)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.DeclaredOffsetDiffers, SymbolAttributes.LocationOf(attribute, member),
                    new object[] { member.Name, type.Name, Invariant(offset), Invariant(declared) }));
            }
        }

        /// <summary>[LayoutOffset] on a member that has no offset (static, const, a property
        /// other than an auto-property or the trailing array) would check nothing.</summary>
        private static void ReportOffsetsWithoutLayout(INamedTypeSymbol type, HashSet<ISymbol> laidOut, List<ISymbol> trailingMembers, List<DeclarationProblem> problems)
        {
            foreach (ISymbol member in type.GetMembers())
            {
                if (laidOut.Contains(member) || trailingMembers.Contains(member, SymbolEqualityComparer.Default)
                    || member is IFieldSymbol { AssociatedSymbol: not null })
                {
                    continue;
                }
                AttributeData? attribute = SymbolAttributes.Find(member, WellKnownNames.LayoutOffsetAttribute);
                if (attribute is not null)
                {
                    problems.Add(new DeclarationProblem(DiagnosticDescriptors.LayoutAttributeWithoutEffect, SymbolAttributes.LocationOf(attribute, member),
                        new object[] { member.Name, "LayoutOffset", "only instance fields and the trailing array of '" + type.Name + "' have an offset" }));
                }
            }
        }

        private static TrailingArraySpec? InspectTrailing(
            INamedTypeSymbol type,
            List<ISymbol> trailingMembers,
            int fieldsEnd,
            List<DeclarationProblem> problems,
            CancellationToken cancellationToken,
            out int elementAlignment)
        {
            elementAlignment = 1;
            if (trailingMembers.Count == 0)
            {
                return null;
            }

            // Several trailing members: only the one declared last can be the flexible array.
            for (int i = 0; i < trailingMembers.Count - 1; i++)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.TrailingMemberNotLast, SymbolAttributes.LocationOf(trailingMembers[i]), new object[] { trailingMembers[i].Name, type.Name }));
            }
            ISymbol member = trailingMembers[trailingMembers.Count - 1];
            if (HasFieldDeclaredAfter(type, member))
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.TrailingMemberNotLast, SymbolAttributes.LocationOf(member), new object[] { member.Name, type.Name }));
            }

            if (member is not IPropertySymbol { IsStatic: false, GetMethod: not null, SetMethod: null, IsPartialDefinition: true, Type: IPointerTypeSymbol pointer } property)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.TrailingMemberNotArrayLike, SymbolAttributes.LocationOf(member), new object[] { member.Name, type.Name }));
                return null;
            }
            LayoutFailure failure = CLayout.TryGetTypeLayout(pointer.PointedAtType, 0, cancellationToken, out TypeLayout element);
            if (failure.IsFailure)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.TrailingMemberNotArrayLike, SymbolAttributes.LocationOf(member), new object[] { member.Name, type.Name }));
                return null;
            }

            elementAlignment = element.Alignment;
            int offset = CLayout.AlignUp(fieldsEnd, element.Alignment);
            CheckDeclaredOffset(property, type, offset, problems);
            BitmapSpec? bitmap = InspectBitmapUnit(member, pointer.PointedAtType.SpecialType == SpecialType.System_UInt64, problems);
            return new TrailingArraySpec(
                Name: property.Name,
                ElementTypeName: pointer.PointedAtType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                ElementSize: element.Size,
                Offset: offset,
                Modifiers: ModifiersOf(property),
                Bitmap: bitmap);
        }

        private static BitmapSpec? InspectBitmapUnit(ISymbol member, bool isWordArray, List<DeclarationProblem> problems)
        {
            AttributeData? attribute = SymbolAttributes.Find(member, WellKnownNames.BitmapAttribute);
            if (attribute is null)
            {
                return null;
            }
            if (!isWordArray)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.BitmapNotWordArray, SymbolAttributes.LocationOf(member), new object[] { member.Name }));
                return null;
            }
            ulong unitSize = attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is ulong value ? value : 0;
            if (unitSize < MinimumUnitSize || (unitSize & (unitSize - 1)) != 0)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.InvalidUnitSize, SymbolAttributes.LocationOf(attribute, member),
                    new object[] { member.Name, unitSize.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
                return null;
            }
            int shift = 0;
            while ((1UL << shift) != unitSize)
            {
                shift++;
            }
            return new BitmapSpec(unitSize, shift);
        }

        /// <summary>True when an instance field is declared after <paramref name="member"/> in
        /// the same declaration: in C that field would come after the flexible array.</summary>
        private static bool HasFieldDeclaredAfter(INamedTypeSymbol type, ISymbol member)
        {
            SyntaxReference? memberSyntax = member.DeclaringSyntaxReferences.FirstOrDefault();
            if (memberSyntax is null)
            {
                return false;
            }
            foreach (ISymbol other in type.GetMembers())
            {
                if (other is not IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    continue;
                }
                ISymbol declared = field.AssociatedSymbol ?? field;
                foreach (SyntaxReference reference in declared.DeclaringSyntaxReferences)
                {
                    if (reference.SyntaxTree == memberSyntax.SyntaxTree && reference.Span.Start > memberSyntax.Span.Start)
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        private static string ModifiersOf(IPropertySymbol property)
        {
            foreach (SyntaxReference reference in property.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is PropertyDeclarationSyntax declaration)
                {
                    return string.Join(" ", declaration.Modifiers.Select(modifier => modifier.Text));
                }
            }
            return "public partial";
        }

        private static DeclarationProblem FieldFailure(LayoutFailure failure, IFieldSymbol field, string fieldName, INamedTypeSymbol type)
        {
            Location location = SymbolAttributes.LocationOf(field.AssociatedSymbol ?? field);
            return failure.Kind == LayoutFailureKind.NotBlittable
                ? new DeclarationProblem(DiagnosticDescriptors.FieldNotBlittable, location,
                    new object[] { fieldName, type.Name, field.Type.ToDisplayString(), failure.Reason })
                : new DeclarationProblem(DiagnosticDescriptors.LayoutDiffersFromC, location,
                    new object[] { type.Name, "field '" + fieldName + "': " + failure.Reason });
        }

        private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
