using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Coco.Generators.Diagnostics;
using Coco.Generators.Layout;
using Coco.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coco.Generators.Parsing
{
    /// <summary>
    /// Reads a struct marked [EfiConfigurationTable] into a <see cref="TableSpec"/> and lists
    /// what makes it invalid. The analyzers and the generator share this one reading so that
    /// the generator emits exactly for the tables the analyzers accept.
    /// </summary>
    internal static class TableInspector
    {
        private const ulong MinimumUnitSize = 4096;

        public static TableInspection Inspect(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var problems = new List<TableProblem>();
            Location typeLocation = type.Locations.FirstOrDefault() ?? Location.None;

            if (!IsPartialWithContainers(type))
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.TableNotPartial, typeLocation, new object[] { type.Name }));
            }

            GuidValue guid = InspectGuid(type, problems);

            if (type.IsGenericType || type.IsRefLikeType || PartialDeclarations.EnclosingTypes(type).Any(t => t.IsGenericType))
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation,
                    new object[] { type.Name, "generic types and ref structs have no single C layout" }));
                return new TableInspection(null, problems);
            }

            var fields = new List<FieldSpec>();
            int end = 0;
            int alignment = 1;
            var trailingMembers = new List<ISymbol>();
            foreach (ISymbol member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Trailing members first: a static one is reported, not silently skipped.
                if (HasAttribute(member, WellKnownNames.TrailingArrayAttribute))
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

                string fieldName = field.AssociatedSymbol?.Name ?? field.Name;
                LayoutFailure failure = CLayout.TryGetFieldLayout(field, cancellationToken, out TypeLayout layout);
                if (failure.IsFailure)
                {
                    problems.Add(FieldFailure(failure, field, fieldName, type));
                    continue;
                }
                int offset = CLayout.AlignUp(end, layout.Alignment);
                string typeName = field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer
                    ? pointer.PointedAtType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
                    : field.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                fields.Add(new FieldSpec(fieldName, typeName, offset, layout.Size));
                end = offset + layout.Size;
                if (layout.Alignment > alignment)
                {
                    alignment = layout.Alignment;
                }
            }

            if (fields.Count == 0 && problems.Count == 0)
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation,
                    new object[] { type.Name, "a table without fields is size 0 in C (where allowed) and 1 in C#" }));
            }

            TrailingArraySpec? trailing = InspectTrailing(type, trailingMembers, end, problems, cancellationToken, out int trailingAlignment);

            int csharpSize = CLayout.AlignUp(end, alignment);
            int cAlignment = trailingAlignment > alignment ? trailingAlignment : alignment;
            int headerSize = CLayout.AlignUp(end, cAlignment);
            if (trailing is not null && headerSize != csharpSize)
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation,
                    new object[] { type.Name, "the trailing array's alignment pads the C struct to " + Invariant(headerSize) + " bytes but the C# struct is " + Invariant(csharpSize) + "; add explicit padding fields" }));
            }

            LayoutFailure tableLayout = StructLayoutCheck.Check(type, out int pack, out int explicitSize);
            if (tableLayout.IsFailure)
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation, new object[] { type.Name, tableLayout.Reason }));
            }
            else if (pack != 0 && pack < cAlignment)
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation,
                    new object[] { type.Name, "StructLayout.Pack = " + Invariant(pack) + " is below the natural alignment " + Invariant(cAlignment) }));
            }
            else if (explicitSize != 0 && explicitSize != headerSize)
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.LayoutDiffersFromC, typeLocation,
                    new object[] { type.Name, "StructLayout.Size = " + Invariant(explicitSize) + " but C gives " + Invariant(headerSize) }));
            }

            if (problems.Count > 0)
            {
                return new TableInspection(null, problems);
            }

            var spec = new TableSpec(
                HintName: HintNameOf(type),
                Namespace: type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
                ContainingTypes: new EquatableArray<string>(PartialDeclarations.EnclosingTypes(type).Reverse().Select(DeclarationKeywords).ToArray()),
                TypeName: type.Name,
                TypeKeywords: DeclarationKeywords(type),
                Guid: guid,
                Fields: new EquatableArray<FieldSpec>(fields.ToArray()),
                HeaderSize: headerSize,
                Alignment: cAlignment,
                Trailing: trailing);
            return new TableInspection(spec, problems);
        }

        /// <summary>Checks [Bitmap] on a member that is not a trailing array.</summary>
        private static void InspectBitmapWithoutTrailing(ISymbol member, List<TableProblem> problems)
        {
            AttributeData? bitmap = FindAttribute(member, WellKnownNames.BitmapAttribute);
            if (bitmap is not null)
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.BitmapNotWordArray, LocationOf(member), new object[] { member.Name }));
            }
        }

        private static GuidValue InspectGuid(INamedTypeSymbol type, List<TableProblem> problems)
        {
            AttributeData? attribute = FindAttribute(type, WellKnownNames.ConfigurationTableAttribute);
            string? text = attribute is { ConstructorArguments.Length: 1 } ? attribute.ConstructorArguments[0].Value as string : null;
            if (GuidText.TryParse(text, out GuidValue guid))
            {
                return guid;
            }
            Location location = attribute?.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? LocationOf(type);
            problems.Add(new TableProblem(DiagnosticDescriptors.MalformedGuid, location, new object[] { type.Name, text ?? "null" }));
            return default;
        }

        private static TrailingArraySpec? InspectTrailing(
            INamedTypeSymbol type,
            List<ISymbol> trailingMembers,
            int fieldsEnd,
            List<TableProblem> problems,
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
                problems.Add(new TableProblem(DiagnosticDescriptors.TrailingMemberNotLast, LocationOf(trailingMembers[i]), new object[] { trailingMembers[i].Name, type.Name }));
            }
            ISymbol member = trailingMembers[trailingMembers.Count - 1];
            if (HasFieldDeclaredAfter(type, member))
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.TrailingMemberNotLast, LocationOf(member), new object[] { member.Name, type.Name }));
            }

            if (member is not IPropertySymbol { IsStatic: false, GetMethod: not null, SetMethod: null, IsPartialDefinition: true, Type: IPointerTypeSymbol pointer } property)
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.TrailingMemberNotArrayLike, LocationOf(member), new object[] { member.Name, type.Name }));
                return null;
            }
            LayoutFailure failure = CLayout.TryGetTypeLayout(pointer.PointedAtType, 0, cancellationToken, out TypeLayout element);
            if (failure.IsFailure)
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.TrailingMemberNotArrayLike, LocationOf(member), new object[] { member.Name, type.Name }));
                return null;
            }

            elementAlignment = element.Alignment;
            BitmapSpec? bitmap = InspectBitmapUnit(member, pointer.PointedAtType.SpecialType == SpecialType.System_UInt64, problems);
            return new TrailingArraySpec(
                Name: property.Name,
                ElementTypeName: pointer.PointedAtType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                ElementSize: element.Size,
                Offset: CLayout.AlignUp(fieldsEnd, element.Alignment),
                Modifiers: ModifiersOf(property),
                Bitmap: bitmap);
        }

        private static BitmapSpec? InspectBitmapUnit(ISymbol member, bool isWordArray, List<TableProblem> problems)
        {
            AttributeData? attribute = FindAttribute(member, WellKnownNames.BitmapAttribute);
            if (attribute is null)
            {
                return null;
            }
            if (!isWordArray)
            {
                problems.Add(new TableProblem(DiagnosticDescriptors.BitmapNotWordArray, LocationOf(member), new object[] { member.Name }));
                return null;
            }
            ulong unitSize = attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is ulong value ? value : 0;
            if (unitSize < MinimumUnitSize || (unitSize & (unitSize - 1)) != 0)
            {
                Location location = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? LocationOf(member);
                problems.Add(new TableProblem(DiagnosticDescriptors.InvalidUnitSize, location,
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

        private static bool IsPartialWithContainers(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                if (current.DeclaringSyntaxReferences.Length == 0)
                {
                    return false;
                }
                foreach (SyntaxReference reference in current.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is not TypeDeclarationSyntax declaration
                        || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        return false;
                    }
                }
            }
            return true;
        }

        private static string DeclarationKeywords(INamedTypeSymbol type)
        {
            string kind = PartialDeclarations.KindKeyword(type);
            string prefix = type.IsReadOnly && type.TypeKind == TypeKind.Struct ? "readonly " : string.Empty;
            return prefix + "partial " + kind + " " + type.Name;
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

        private static string HintNameOf(INamedTypeSymbol type)
        {
            string name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            if (name.StartsWith("global::", System.StringComparison.Ordinal))
            {
                name = name.Substring("global::".Length);
            }
            return name + ".g.cs";
        }

        private static TableProblem FieldFailure(LayoutFailure failure, IFieldSymbol field, string fieldName, INamedTypeSymbol table)
        {
            Location location = LocationOf(field.AssociatedSymbol ?? field);
            return failure.Kind == LayoutFailureKind.NotBlittable
                ? new TableProblem(DiagnosticDescriptors.FieldNotBlittable, location,
                    new object[] { fieldName, table.Name, field.Type.ToDisplayString(), failure.Reason })
                : new TableProblem(DiagnosticDescriptors.LayoutDiffersFromC, location,
                    new object[] { table.Name, "field '" + fieldName + "': " + failure.Reason });
        }

        private static bool HasAttribute(ISymbol symbol, string metadataName) => FindAttribute(symbol, metadataName) is not null;

        private static AttributeData? FindAttribute(ISymbol symbol, string metadataName)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == metadataName)
                {
                    return attribute;
                }
            }
            return null;
        }

        private static Location LocationOf(ISymbol symbol) => symbol.Locations.FirstOrDefault() ?? Location.None;

        private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
