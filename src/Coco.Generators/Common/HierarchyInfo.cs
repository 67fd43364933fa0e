using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coco.Generators.Common
{
    /// <summary>One type of a hierarchy: its name as written ('@' where a keyword) and the
    /// keywords its generated part must repeat ("readonly partial struct", "static partial class").</summary>
    internal sealed record TypeInfo(string Name, string Keywords);

    /// <summary>What keeps generated members from joining a type.</summary>
    internal enum TypeShapeProblem
    {
        None,
        NotPartial,
        FileLocal,

        /// <summary>A name in the chain is missing (a syntax error the compiler reports): nothing
        /// can be generated, and nothing needs saying.</summary>
        Unnamed,
    }

    /// <summary>A type's fitness for a generated part: the problem and the type (it or one
    /// around it) that has it.</summary>
    internal readonly record struct TypeShape(TypeShapeProblem Problem, string Culprit)
    {
        /// <summary>The problem in words, for messages that take a reason.</summary>
        public string Reason => Problem == TypeShapeProblem.FileLocal
            ? "'" + Culprit + "' is file-local, and the generated part, in another file, would declare another type"
            : "'" + Culprit + "' is not partial";
    }

    /// <summary>
    /// Where generated members go: the namespace and the types around them, outermost first, the
    /// last being the type that receives them. Every feature's emitter opens its file with it
    /// (ComputeSharp's HierarchyInfo): one model of containing types for layouts and TDX calls.
    /// </summary>
    internal sealed record HierarchyInfo(string Namespace, EquatableArray<TypeInfo> Types)
    {
        /// <summary>The hierarchy of <paramref name="type"/>. Call only for a type that
        /// <see cref="ShapeOf"/> accepts.</summary>
        public static HierarchyInfo From(INamedTypeSymbol type)
        {
            int depth = 0;
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                depth++;
            }
            var types = new TypeInfo[depth];
            INamedTypeSymbol? at = type;
            for (int i = depth - 1; i >= 0; i--, at = at.ContainingType)
            {
                types[i] = new TypeInfo(Identifier.Escape(at!.Name), Keywords(at));
            }
            var ns = new StringBuilder();
            if (type.ContainingNamespace is { IsGlobalNamespace: false } containing)
            {
                Symbols.AppendNamespace(ns, containing);
            }
            return new HierarchyInfo(ns.ToString(), new EquatableArray<TypeInfo>(types));
        }

        /// <summary>The type that receives the generated members.</summary>
        public TypeInfo Self => Types[Types.Count - 1];

        /// <summary>Why generated members cannot be added to <paramref name="type"/>: it, or a
        /// type around it (<see cref="TypeShape.Culprit"/>), is not partial in every declaration
        /// (or has none in source), or is file-local (a generated part, in another file, would
        /// declare another type). Generic types are each feature's to refuse.</summary>
        public static TypeShape ShapeOf(INamedTypeSymbol type)
        {
            for (INamespaceSymbol? ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                if (ns.Name.Length == 0)
                {
                    return new TypeShape(TypeShapeProblem.Unnamed, string.Empty);
                }
            }
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                if (current.Name.Length == 0)
                {
                    return new TypeShape(TypeShapeProblem.Unnamed, string.Empty);
                }
                if (current.IsFileLocal)
                {
                    return new TypeShape(TypeShapeProblem.FileLocal, current.Name);
                }
                if (current.DeclaringSyntaxReferences.Length == 0)
                {
                    return new TypeShape(TypeShapeProblem.NotPartial, current.Name);
                }
                foreach (SyntaxReference reference in current.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is not TypeDeclarationSyntax declaration || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        return new TypeShape(TypeShapeProblem.NotPartial, current.Name);
                    }
                }
            }
            return default;
        }

        /// <summary>Writes the file header, the namespace and the types around the generated
        /// members, the innermost <c>unsafe</c> (generated members take addresses) and preceded
        /// by <paramref name="innermostAttribute"/> when given; dispose the result to close them.</summary>
        public Scope Open(SourceWriter writer, string? innermostAttribute = null)
        {
            writer.WriteLine("// <auto-generated/>");
            // Annotations without warnings: the generated members are checked when Coco is
            // built, and nullable flow analysis of every generated body cost a quarter of the
            // generated code's compile time.
            writer.WriteLine("#nullable enable annotations");
            // Obsolete members the user's own code names, and documentation: generated members
            // document themselves through the runtime they call.
            writer.WriteLine("#pragma warning disable CS0612, CS0618, CS1591");
            if (Namespace.Length > 0)
            {
                writer.WriteLine("namespace " + Namespace + ";");
            }
            var blocks = new SourceWriter.Block[Types.Count];
            for (int i = 0; i < Types.Count; i++)
            {
                bool innermost = i == Types.Count - 1;
                if (innermost && innermostAttribute is not null)
                {
                    writer.WriteLine(innermostAttribute);
                }
                blocks[i] = writer.OpenBlock((innermost ? "unsafe " : string.Empty) + Types[i].Keywords + " " + Types[i].Name);
            }
            return new Scope(blocks);
        }

        // Modifiers every part must repeat: static (a class), readonly and ref (a struct), and
        // the kind itself. Accessibility and the rest come from the user's part.
        private static string Keywords(INamedTypeSymbol type)
        {
            string kind = (type.TypeKind, type.IsRecord) switch
            {
                (TypeKind.Struct, true) => "record struct",
                (TypeKind.Struct, false) => "struct",
                (TypeKind.Interface, _) => "interface",
                (_, true) => "record",
                _ => "class",
            };
            bool isStruct = type.TypeKind == TypeKind.Struct;
            return (type.IsStatic ? "static " : string.Empty)
                + (isStruct && type.IsReadOnly ? "readonly " : string.Empty)
                + (isStruct && type.IsRefLikeType ? "ref " : string.Empty)
                + "partial " + kind;
        }

        /// <summary>The blocks <see cref="Open"/> opened, closed innermost first.</summary>
        public readonly struct Scope : System.IDisposable
        {
            private readonly SourceWriter.Block[] _blocks;

            public Scope(SourceWriter.Block[] blocks)
            {
                _blocks = blocks;
            }

            public void Dispose()
            {
                for (int i = _blocks.Length - 1; i >= 0; i--)
                {
                    _blocks[i].Dispose();
                }
            }
        }
    }
}
