using System.Collections.Generic;
using System.Threading;
using Coco.Generators.Bitmaps;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coco.Generators.Layouts
{
    /// <summary>
    /// Reads the fields and the trailing array of a struct marked [EfiConfigurationTable] or
    /// [BinaryLayout] by the C rules, checks [LayoutOffset] against them, and lists what keeps
    /// the struct from having one C layout, or from receiving generated members. Both
    /// attributes go through this one reading, so they accept exactly the same members. One walk
    /// over the members, attributes told apart by name: it runs on every keystroke.
    /// </summary>
    internal static class FieldLayoutReader
    {
        /// <summary>The reading, or null when the struct has no single C layout at all
        /// (generic, ref struct); problems are added to <paramref name="problems"/>.</summary>
        /// <param name="pack">C's #pragma pack for the struct (an ACPI table's 1), or 0 for natural alignment.</param>
        public static FieldLayoutReading? Read(INamedTypeSymbol type, List<DeclarationProblem> problems, CancellationToken cancellationToken, int pack = 0)
        {
            Location typeLocation = Symbols.LocationOf(type);
            TypeShape shape = HierarchyInfo.ShapeOf(type);
            if (shape.Problem == TypeShapeProblem.Unnamed || HasUnnamedMember(type))
            {
                return null;
            }
            if (shape.Problem == TypeShapeProblem.NotPartial)
            {
                problems.Add(new DeclarationProblem(LayoutRules.StructNotPartial, typeLocation, type.Name));
            }
            else if (shape.Problem == TypeShapeProblem.FileLocal)
            {
                problems.Add(new DeclarationProblem(LayoutRules.FileLocal, typeLocation, new[] { type.Name, shape.Culprit }));
            }
            if (type.IsRefLikeType || Symbols.IsOrIsInGeneric(type))
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, typeLocation,
                    new[] { type.Name, "generic types and ref structs have no single C layout" }));
                return null;
            }

            int problemsBefore = problems.Count;
            var fields = new List<FieldSpec>();
            var laidOut = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var fieldPositions = new List<SyntaxReference>();
            List<ISymbol>? trailingMembers = null;
            long end = 0;
            int alignment = 1;
            bool tooLarge = false;
            foreach (ISymbol member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (CocoAttributes.Has(member, CocoAttribute.TrailingArray))
                {
                    (trailingMembers ??= new List<ISymbol>()).Add(member);
                    continue;
                }
                if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    continue;
                }

                // An auto-property's backing field is laid out under the property's name and attributes.
                ISymbol declared = field.AssociatedSymbol ?? field;
                laidOut.Add(declared);
                fieldPositions.AddRange(declared.DeclaringSyntaxReferences);
                LayoutFailure failure = CLayout.TryGetFieldLayout(field, cancellationToken, out TypeLayout layout);
                if (failure.IsFailure)
                {
                    problems.Add(FieldFailure(failure, field, declared.Name, type));
                    continue;
                }
                int fieldAlignment = CLayout.Packed(layout.Alignment, pack);
                long offset = CLayout.AlignUp(end, fieldAlignment);
                if (offset + layout.Size > CLayout.MaxSize)
                {
                    tooLarge = true;
                    continue;
                }
                CheckDeclaredOffset(declared, type, offset, problems);
                fields.Add(new FieldSpec(declared.Name, (int)offset));
                end = offset + layout.Size;
                if (fieldAlignment > alignment)
                {
                    alignment = fieldAlignment;
                }
            }
            if (tooLarge)
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, typeLocation,
                    new[] { type.Name, "its fields end past byte " + DeclarationProblem.Number(CLayout.MaxSize) + ", beyond any offset a C# constant or struct can state" }));
            }

            if (fields.Count == 0 && problems.Count == problemsBefore)
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, typeLocation,
                    new[] { type.Name, "a struct without fields is size 0 in C (where allowed) and 1 in C#" }));
            }

            int trailingAlignment = 1;
            TrailingArraySpec? trailing = null;
            if (trailingMembers is not null)
            {
                trailing = ReadTrailing(type, trailingMembers, end, pack, fieldPositions, problems, cancellationToken, out trailingAlignment);
                laidOut.Add(trailingMembers[trailingMembers.Count - 1]);
            }
            ReportAttributesWithoutEffect(type, laidOut, trailingMembers, problems);

            return new FieldLayoutReading(new EquatableArray<FieldSpec>(fields.ToArray()), (int)end, alignment, trailing, trailingAlignment);
        }

        /// <summary>True when a member's name is missing (a syntax error): generated names would
        /// be empty or repeat.</summary>
        private static bool HasUnnamedMember(INamedTypeSymbol type)
        {
            foreach (ISymbol member in type.GetMembers())
            {
                if (member.Name.Length == 0)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>[Bitmap] on an instance member that is no trailing array; [LayoutOffset] on a
        /// member without an offset (static, const, a property other than an auto-property or
        /// the trailing array): neither would do anything.</summary>
        private static void ReportAttributesWithoutEffect(INamedTypeSymbol type, HashSet<ISymbol> laidOut, List<ISymbol>? trailingMembers, List<DeclarationProblem> problems)
        {
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IFieldSymbol { AssociatedSymbol: not null } || (trailingMembers is not null && trailingMembers.Contains(member)))
                {
                    continue;
                }
                foreach (AttributeData attribute in member.GetAttributes())
                {
                    CocoAttribute kind = CocoAttributes.Kind(attribute);
                    if (kind == CocoAttribute.Bitmap && !member.IsStatic)
                    {
                        problems.Add(BitmapParser.NotWordArray(member));
                    }
                    else if (kind == CocoAttribute.LayoutOffset && !laidOut.Contains(member))
                    {
                        problems.Add(new DeclarationProblem(LayoutRules.LayoutAttributeWithoutEffect, CocoAttributes.LocationOf(attribute, member),
                            new[] { member.Name, "LayoutOffset", "only instance fields and the trailing array of '" + type.Name + "' have an offset" }));
                    }
                }
            }
        }

        /// <summary>[LayoutOffset] states where the specification puts a member; C must agree.</summary>
        private static void CheckDeclaredOffset(ISymbol member, INamedTypeSymbol type, long offset, List<DeclarationProblem> problems)
        {
            AttributeData? attribute = CocoAttributes.Find(member, CocoAttribute.LayoutOffset);
            if (attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is int declared && declared != offset)
            {
                problems.Add(new DeclarationProblem(LayoutRules.DeclaredOffsetDiffers, CocoAttributes.LocationOf(attribute, member),
                    new[] { member.Name, type.Name, DeclarationProblem.Number(offset), DeclarationProblem.Number(declared) }));
            }
        }

        private static TrailingArraySpec? ReadTrailing(
            INamedTypeSymbol type,
            List<ISymbol> trailingMembers,
            long fieldsEnd,
            int pack,
            List<SyntaxReference> fieldPositions,
            List<DeclarationProblem> problems,
            CancellationToken cancellationToken,
            out int elementAlignment)
        {
            elementAlignment = 1;
            // Several trailing members: only the one declared last can be the flexible array.
            for (int i = 0; i < trailingMembers.Count - 1; i++)
            {
                problems.Add(new DeclarationProblem(LayoutRules.TrailingMemberNotLast, Symbols.LocationOf(trailingMembers[i]), new[] { trailingMembers[i].Name, type.Name }));
            }
            ISymbol member = trailingMembers[trailingMembers.Count - 1];
            if (HasFieldDeclaredAfter(member, fieldPositions))
            {
                problems.Add(new DeclarationProblem(LayoutRules.TrailingMemberNotLast, Symbols.LocationOf(member), new[] { member.Name, type.Name }));
            }

            string? shapeProblem = TrailingShapeProblem(member, out IPropertySymbol? property, out string modifiers);
            if (shapeProblem is not null || property is null)
            {
                problems.Add(NotArrayLike(member, type, shapeProblem ?? "it is not a property"));
                return null;
            }
            ITypeSymbol element = ((IPointerTypeSymbol)property.Type).PointedAtType;
            LayoutFailure failure = CLayout.TryGetTypeLayout(element, 0, cancellationToken, out TypeLayout layout);
            if (failure.IsFailure)
            {
                problems.Add(NotArrayLike(member, type, "its element type has no C layout: " + failure.Reason));
                return null;
            }
            string? elementName = Symbols.FullyQualifiedName(element);
            if (elementName is null)
            {
                problems.Add(NotArrayLike(member, type, "generated code cannot name its element type"));
                return null;
            }
            if (Accessibilities.IsLessAccessible(element, property))
            {
                problems.Add(NotArrayLike(member, type, "its element type '" + element.ToDisplayString() + "' is less accessible than the property"));
                return null;
            }
            if (layout.Size > CLayout.MaxSize)
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, Symbols.LocationOf(member),
                    new[] { type.Name, "the element of '" + member.Name + "' is larger than " + DeclarationProblem.Number(CLayout.MaxSize) + " bytes" }));
                return null;
            }

            elementAlignment = CLayout.Packed(layout.Alignment, pack);
            long offset = CLayout.AlignUp(fieldsEnd, elementAlignment);
            if (offset > CLayout.MaxSize)
            {
                problems.Add(new DeclarationProblem(LayoutRules.LayoutDiffersFromC, Symbols.LocationOf(member),
                    new[] { type.Name, "'" + member.Name + "' would start past byte " + DeclarationProblem.Number(CLayout.MaxSize) }));
                return null;
            }
            CheckDeclaredOffset(property, type, offset, problems);
            BitmapSpec? bitmap = null;
            if (CocoAttributes.Find(member, CocoAttribute.Bitmap) is { } bitmapAttribute)
            {
                bitmap = BitmapParser.Parse(member, bitmapAttribute, element.SpecialType == SpecialType.System_UInt64, problems);
            }
            return new TrailingArraySpec(property.Name, elementName, (int)layout.Size, (int)offset, modifiers, AccessibilityOf(modifiers), bitmap);
        }

        /// <summary>Why the trailing member cannot be the partial pointer property Coco
        /// implements, or null; the modifiers its implementation repeats.</summary>
        private static string? TrailingShapeProblem(ISymbol member, out IPropertySymbol? property, out string modifiers)
        {
            property = member as IPropertySymbol;
            modifiers = string.Empty;
            if (property is null)
            {
                return "it is not a property";
            }
            if (property.IsStatic)
            {
                return "it is static";
            }
            if (property.Type is not IPointerTypeSymbol)
            {
                return "its type is not a pointer";
            }
            if (property.GetMethod is null || property.SetMethod is not null)
            {
                return "it must have a get accessor and nothing else";
            }
            if (!property.IsPartialDefinition)
            {
                return property.PartialDefinitionPart is not null ? "it already has an implementation" : "it is not partial";
            }
            if (property.PartialImplementationPart is { } implementation && !GeneratedFiles.DeclaredOnlyBy(implementation, GeneratedFiles.LayoutGenerator))
            {
                return "it already has an implementation";
            }
            if (property.DeclaringSyntaxReferences.Length != 1 || property.DeclaringSyntaxReferences[0].GetSyntax() is not PropertyDeclarationSyntax declaration)
            {
                return "it is not declared as a property";
            }
            if (declaration.ExplicitInterfaceSpecifier is not null)
            {
                return "it implements an interface member";
            }
            var kept = new System.Text.StringBuilder();
            var seen = new HashSet<SyntaxKind>();
            bool accessibility = false;
            foreach (SyntaxToken modifier in declaration.Modifiers)
            {
                if (!seen.Add(modifier.Kind()))
                {
                    // The compiler's CS1004; once is what the implementation says.
                    continue;
                }
                switch (modifier.Kind())
                {
                    case SyntaxKind.PublicKeyword:
                    case SyntaxKind.InternalKeyword:
                    case SyntaxKind.PrivateKeyword:
                    case SyntaxKind.ProtectedKeyword:
                        if (property.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedOrInternal or Accessibility.ProtectedAndInternal)
                        {
                            // The compiler's CS0666, which the generated accessors would repeat.
                            return "it is declared '" + Accessibilities.Keywords(property.DeclaredAccessibility) + "' (a struct has no protected members)";
                        }
                        // Written once, as the compiler understood it (even from 'public internal').
                        if (!accessibility)
                        {
                            kept.Append(Accessibilities.Keywords(property.DeclaredAccessibility)).Append(' ');
                        }
                        accessibility = true;
                        break;
                    case SyntaxKind.NewKeyword:
                    case SyntaxKind.ReadOnlyKeyword:
                    case SyntaxKind.UnsafeKeyword:
                    case SyntaxKind.PartialKeyword:
                        // Partial parts must agree on unsafe too (CS0764).
                        kept.Append(modifier.Text).Append(' ');
                        break;
                    default:
                        return "it is declared '" + modifier.Text + "'";
                }
            }
            modifiers = kept.ToString(0, kept.Length - 1);
            return null;
        }

        /// <summary>The accessibility keywords of <paramref name="modifiers"/>, which the generated
        /// element accessors take: "private" when there are none.</summary>
        private static string AccessibilityOf(string modifiers)
        {
            var kept = new System.Text.StringBuilder();
            foreach (string modifier in modifiers.Split(' '))
            {
                if (modifier is "public" or "internal" or "private" or "protected")
                {
                    kept.Append(modifier).Append(' ');
                }
            }
            return kept.Length == 0 ? "private" : kept.ToString(0, kept.Length - 1);
        }

        /// <summary>True when an instance field is declared after <paramref name="member"/> in
        /// the same file: in C that field would come after the flexible array.</summary>
        private static bool HasFieldDeclaredAfter(ISymbol member, List<SyntaxReference> fieldPositions)
        {
            if (member.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }
            SyntaxReference trailing = member.DeclaringSyntaxReferences[0];
            foreach (SyntaxReference field in fieldPositions)
            {
                if (field.SyntaxTree == trailing.SyntaxTree && field.Span.Start > trailing.Span.Start)
                {
                    return true;
                }
            }
            return false;
        }

        private static DeclarationProblem NotArrayLike(ISymbol member, INamedTypeSymbol type, string reason) =>
            new DeclarationProblem(LayoutRules.TrailingMemberNotArrayLike, Symbols.LocationOf(member), new[] { member.Name, type.Name, reason });

        private static DeclarationProblem FieldFailure(LayoutFailure failure, IFieldSymbol field, string fieldName, INamedTypeSymbol type)
        {
            Location location = Symbols.LocationOf(field.AssociatedSymbol ?? field);
            return failure.Kind == LayoutFailureKind.NotBlittable
                ? new DeclarationProblem(LayoutRules.FieldNotBlittable, location,
                    new[] { fieldName, type.Name, field.Type.ToDisplayString(), failure.Reason })
                : new DeclarationProblem(LayoutRules.LayoutDiffersFromC, location,
                    new[] { type.Name, "field '" + fieldName + "': " + failure.Reason });
        }
    }
}
