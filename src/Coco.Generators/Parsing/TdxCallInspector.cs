using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Coco.Generators.Diagnostics;
using Coco.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coco.Generators.Parsing
{
    /// <summary>The outcome of inspecting one TDX call: a spec when it is valid, problems otherwise.</summary>
    internal sealed class TdxCallInspection
    {
        public TdxCallInspection(TdxCallSpec? spec, IReadOnlyList<DeclarationProblem> problems)
        {
            Spec = spec;
            Problems = problems;
        }

        public TdxCallSpec? Spec { get; }

        public IReadOnlyList<DeclarationProblem> Problems { get; }
    }

    /// <summary>
    /// Reads a method marked [TdCall] or [Seamcall] into a <see cref="TdxCallSpec"/> and lists
    /// what makes it invalid. The analyzers and the generator share this one reading, so the
    /// generator emits exactly for the methods the analyzers accept.
    /// </summary>
    internal static class TdxCallInspector
    {
        public const ulong MaxLeaf = 0xFFFF;
        public const ulong MaxVersion = 0xFF;
        public const int MaxRetryAttempts = 1024;
        public const ulong OperandBusyClass = 0x8000020000000000;

        /// <summary>The operand registers in assignment order: RCX, RDX, R8..R15.</summary>
        public static readonly int[] RegisterOrder = { 1, 2, 8, 9, 10, 11, 12, 13, 14, 15 };

        public static TdxCallInspection Inspect(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
        {
            var problems = new List<DeclarationProblem>();
            Location methodLocation = LocationOf(method);

            AttributeData? tdcall = FindAttribute(method, WellKnownNames.TdCallAttribute);
            AttributeData? seamcall = FindAttribute(method, WellKnownNames.SeamcallAttribute);
            if (tdcall is not null && seamcall is not null)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxConflictingCallKinds, methodLocation, new object[] { method.Name }));
                return new TdxCallInspection(null, problems);
            }
            AttributeData? call = tdcall ?? seamcall;
            if (call is null)
            {
                return new TdxCallInspection(null, problems);
            }
            TdxCallKind kind = tdcall is not null ? TdxCallKind.Tdcall : TdxCallKind.Seamcall;
            Location attributeLocation = call.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? methodLocation;

            string? shapeProblem = ShapeProblem(method);
            if (shapeProblem is not null)
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxCallNotStaticPartial, methodLocation, new object[] { method.Name, shapeProblem }));
            }

            // Leaf and version.
            ulong leaf = 0;
            ulong version = 0;
            if (call.ConstructorArguments.Length == 1 && call.ConstructorArguments[0].Value is ulong leafValue)
            {
                leaf = leafValue;
                if (leaf > MaxLeaf)
                {
                    problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxLeafOutOfRange, attributeLocation, new object[] { method.Name, "leaf", Hex(leaf), "15:0 (at most 0xFFFF)" }));
                }
            }
            else
            {
                // A compiler error (wrong argument) is already reported; just skip.
                return new TdxCallInspection(null, problems);
            }
            foreach (KeyValuePair<string, TypedConstant> argument in call.NamedArguments)
            {
                if (argument.Key == "Version" && argument.Value.Value is ulong versionValue)
                {
                    version = versionValue;
                    if (version > MaxVersion)
                    {
                        problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxLeafOutOfRange, attributeLocation, new object[] { method.Name, "version", Hex(version), "23:16 (at most 0xFF)" }));
                    }
                }
            }

            // Return type.
            INamedTypeSymbol? status = compilation.GetTypeByMetadataName(WellKnownNames.TdxStatus);
            if (status is null || !SymbolEqualityComparer.Default.Equals(method.ReturnType, status) || method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                Location returnLocation = ReturnTypeLocation(method, cancellationToken) ?? methodLocation;
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxReturnNotStatus, returnLocation, new object[] { method.Name, method.ReturnType.ToDisplayString() }));
            }

            // The runtime the stub calls.
            string gateName = kind == TdxCallKind.Tdcall ? WellKnownNames.TdcallGate : WellKnownNames.SeamcallGate;
            foreach (string required in new[] { WellKnownNames.TdxRegisters, gateName })
            {
                if (compilation.GetTypeByMetadataName(required) is null)
                {
                    problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxRuntimeMissing, methodLocation, new object[] { method.Name, required }));
                }
            }

            // Retry bound.
            int retry = 0;
            AttributeData? retryAttribute = FindAttribute(method, WellKnownNames.RetryOnBusyAttribute);
            if (retryAttribute is { ConstructorArguments.Length: 1 } && retryAttribute.ConstructorArguments[0].Value is int attempts)
            {
                if (attempts < 1 || attempts > MaxRetryAttempts)
                {
                    Location retryLocation = retryAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? methodLocation;
                    problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxRetryBoundInvalid, retryLocation, new object[] { method.Name, attempts.ToString(CultureInfo.InvariantCulture) }));
                }
                retry = attempts;
            }

            // Registers: constants and explicitly named parameters first, then the rest in order.
            var inputs = new Dictionary<int, string>();
            var outputs = new Dictionary<int, string>();
            var constants = new List<TdxConstantSpec>();
            foreach (AttributeData input in method.GetAttributes())
            {
                if (input.AttributeClass?.ToDisplayString() != WellKnownNames.TdxInputAttribute
                    || input.ConstructorArguments.Length != 2
                    || input.ConstructorArguments[1].Value is not ulong constant)
                {
                    continue;
                }
                int register = RegisterValue(input.ConstructorArguments[0]);
                Location location = input.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? methodLocation;
                string what = "[TdxInput(" + RegisterText(register) + ")]";
                if (!IsOperandRegister(register))
                {
                    problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxNotOperandRegister, location, new object[] { what, method.Name, register.ToString(CultureInfo.InvariantCulture) }));
                    continue;
                }
                if (inputs.TryGetValue(register, out string? previous))
                {
                    problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxRegisterNamedTwice, location, new object[] { what, method.Name, RegisterText(register), "an input", previous }));
                    continue;
                }
                inputs[register] = "'" + what + "'";
                constants.Add(new TdxConstantSpec(register, constant));
            }

            // Unattributed parameters skip registers named explicitly in their own direction:
            // an output named RCX does not push the first input out of RCX.
            var explicitRegisters = new int?[method.Parameters.Length];
            var namedInputs = new HashSet<int>(inputs.Keys);
            var namedOutputs = new HashSet<int>();
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                AttributeData? registerAttribute = FindAttribute(method.Parameters[i], WellKnownNames.TdxRegisterAttribute);
                if (registerAttribute is { ConstructorArguments.Length: 1 })
                {
                    int register = RegisterValue(registerAttribute.ConstructorArguments[0]);
                    explicitRegisters[i] = register;
                    if (method.Parameters[i].RefKind != RefKind.Out)
                    {
                        namedInputs.Add(register);
                    }
                    if (method.Parameters[i].RefKind is RefKind.Out or RefKind.Ref)
                    {
                        namedOutputs.Add(register);
                    }
                }
            }

            var operands = new List<TdxOperandSpec>();
            int next = 0;
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IParameterSymbol parameter = method.Parameters[i];
                Location location = LocationOf(parameter);
                bool isInput = parameter.RefKind is RefKind.None or RefKind.In or RefKind.Ref or RefKind.RefReadOnlyParameter;
                bool isOutput = parameter.RefKind is RefKind.Out or RefKind.Ref;

                string? typeProblem = TypeProblem(parameter, isOutput, out TdxConversion conversion);
                if (typeProblem is not null)
                {
                    problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxOperandNotRegisterValue, location,
                        new object[] { parameter.Name, method.Name, parameter.Type.ToDisplayString(), typeProblem }));
                }

                int register;
                if (explicitRegisters[i] is int chosen)
                {
                    register = chosen;
                    if (!IsOperandRegister(register))
                    {
                        problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxNotOperandRegister, location, new object[] { parameter.Name, method.Name, register.ToString(CultureInfo.InvariantCulture) }));
                        continue;
                    }
                }
                else
                {
                    while (next < RegisterOrder.Length
                        && ((isInput && namedInputs.Contains(RegisterOrder[next])) || (isOutput && namedOutputs.Contains(RegisterOrder[next]))))
                    {
                        next++;
                    }
                    if (next == RegisterOrder.Length)
                    {
                        problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxTooManyOperands, location, new object[] { parameter.Name, method.Name }));
                        continue;
                    }
                    register = RegisterOrder[next++];
                }

                if (isInput && !Claim(inputs, register, parameter, method, "an input", location, problems))
                {
                    continue;
                }
                if (isOutput && !Claim(outputs, register, parameter, method, "an output", location, problems))
                {
                    continue;
                }

                operands.Add(new TdxOperandSpec(
                    EscapedName(parameter.Name),
                    parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    parameter.RefKind switch
                    {
                        RefKind.Out => "out ",
                        RefKind.Ref => "ref ",
                        RefKind.In => "in ",
                        RefKind.RefReadOnlyParameter => "ref readonly ",
                        _ => string.Empty,
                    },
                    register,
                    isInput,
                    isOutput,
                    conversion));
            }

            if (problems.Count > 0)
            {
                return new TdxCallInspection(null, problems);
            }

            INamedTypeSymbol containing = method.ContainingType;
            string ns = containing.ContainingNamespace is { IsGlobalNamespace: false } namespaceSymbol ? namespaceSymbol.ToDisplayString() : string.Empty;
            var spec = new TdxCallSpec(
                HintName: HintNameOf(method),
                Namespace: ns,
                ContainingTypes: new EquatableArray<string>(PartialDeclarations.EnclosingTypes(method).Reverse().Select(DeclarationKeywords).ToArray()),
                MethodName: method.Name,
                Modifiers: ModifiersOf(method, cancellationToken),
                ReturnTypeName: method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                Kind: kind,
                Leaf: leaf,
                Version: version,
                RetryAttempts: retry,
                Operands: new EquatableArray<TdxOperandSpec>(operands.ToArray()),
                Constants: new EquatableArray<TdxConstantSpec>(constants.OrderBy(c => c.Register).ToArray()));
            return new TdxCallInspection(spec, problems);
        }

        /// <summary>The register-level shape of a valid call ("in RCX, RDX; out R8"), for
        /// comparing declarations of one leaf.</summary>
        public static string Shape(TdxCallSpec spec)
        {
            IEnumerable<int> ins = spec.Operands.Where(o => o.IsInput).Select(o => o.Register).Concat(spec.Constants.Select(c => c.Register)).OrderBy(r => r);
            IEnumerable<int> outs = spec.Operands.Where(o => o.IsOutput).Select(o => o.Register).OrderBy(r => r);
            string inText = string.Join(", ", ins.Select(RegisterText));
            string outText = string.Join(", ", outs.Select(RegisterText));
            return "in (" + inText + "), out (" + outText + ")";
        }

        /// <summary>What identifies one call: instruction, RAX and the constant inputs.</summary>
        public static string Identity(TdxCallSpec spec)
        {
            string text = (spec.Kind == TdxCallKind.Tdcall ? "TDCALL leaf " : "SEAMCALL leaf ") + spec.Leaf.ToString(CultureInfo.InvariantCulture)
                + (spec.Version != 0 ? " version " + spec.Version.ToString(CultureInfo.InvariantCulture) : string.Empty);
            foreach (TdxConstantSpec constant in spec.Constants)
            {
                text += " " + RegisterText(constant.Register) + "=" + Hex(constant.Value);
            }
            return text;
        }

        public static string RegisterText(int register) => register switch
        {
            1 => "RCX",
            2 => "RDX",
            _ when register >= 8 && register <= 15 => "R" + register.ToString(CultureInfo.InvariantCulture),
            _ => "register " + register.ToString(CultureInfo.InvariantCulture),
        };

        public static string RegisterField(int register) => register switch
        {
            1 => "Rcx",
            2 => "Rdx",
            _ => "R" + register.ToString(CultureInfo.InvariantCulture),
        };

        public static string Hex(ulong value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture);

        private static bool Claim(Dictionary<int, string> claimed, int register, IParameterSymbol parameter, IMethodSymbol method, string direction, Location location, List<DeclarationProblem> problems)
        {
            if (claimed.TryGetValue(register, out string? previous))
            {
                problems.Add(new DeclarationProblem(DiagnosticDescriptors.TdxRegisterNamedTwice, location,
                    new object[] { parameter.Name, method.Name, RegisterText(register), direction, previous }));
                return false;
            }
            claimed[register] = "'" + parameter.Name + "'";
            return true;
        }

        private static bool IsOperandRegister(int register) => System.Array.IndexOf(RegisterOrder, register) >= 0;

        private static int RegisterValue(TypedConstant constant) => constant.Value switch
        {
            int value => value,
            _ => -1,
        };

        private static string? ShapeProblem(IMethodSymbol method)
        {
            if (!method.IsStatic)
            {
                return "it is not static";
            }
            if (!method.IsPartialDefinition)
            {
                return method.PartialDefinitionPart is not null ? "it already has an implementation" : "it is not partial";
            }
            if (method.PartialImplementationPart is { } implementation && !IsGeneratedStub(implementation))
            {
                return "it already has an implementation";
            }
            if (method.IsGenericMethod)
            {
                return "it is generic";
            }
            if (method.IsExtensionMethod || method.Parameters.Any(p => p.IsParams))
            {
                return "extension methods and params arrays are not stubs";
            }
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsGenericType)
                {
                    return "'" + type.Name + "' is generic";
                }
                foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is not TypeDeclarationSyntax declaration || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        return "'" + type.Name + "' is not partial";
                    }
                }
                if (type.DeclaringSyntaxReferences.Length == 0)
                {
                    return "'" + type.Name + "' is not partial";
                }
            }
            return null;
        }

        /// <summary>True for the implementation this generator wrote: analyzers see compilations
        /// that already include it.</summary>
        private static bool IsGeneratedStub(IMethodSymbol implementation) =>
            implementation.DeclaringSyntaxReferences.Length > 0
            && implementation.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath.EndsWith(".TdxCall.g.cs", System.StringComparison.Ordinal));

        /// <summary>Null when the parameter's type carries losslessly in a 64-bit register
        /// (both ways for out and ref); otherwise why not.</summary>
        private static string? TypeProblem(IParameterSymbol parameter, bool isOutput, out TdxConversion conversion)
        {
            ITypeSymbol type = parameter.Type;
            conversion = TdxConversion.Cast;
            if (type.TypeKind == TypeKind.Pointer)
            {
                return null;
            }
            SpecialType special = type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }
                ? underlying.SpecialType
                : type.SpecialType;
            switch (special)
            {
                case SpecialType.System_UInt64:
                    conversion = type.TypeKind == TypeKind.Enum ? TdxConversion.Cast : TdxConversion.None;
                    return null;
                case SpecialType.System_Int64:
                case SpecialType.System_IntPtr:
                case SpecialType.System_UIntPtr:
                    return null;
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                    return isOutput ? "is narrower than 64 bits and would truncate an output register; use ulong, long, nuint, nint or a pointer" : null;
                case SpecialType.System_Boolean when type.TypeKind != TypeKind.Enum:
                    conversion = TdxConversion.Bool;
                    return isOutput ? "cannot hold an output register; use ulong" : null;
                default:
                    return "is not an integer, enum or pointer that converts losslessly to a 64-bit register";
            }
        }

        private static string EscapedName(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        private static Location? ReturnTypeLocation(IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration)
                {
                    return declaration.ReturnType.GetLocation();
                }
            }
            return null;
        }

        private static string ModifiersOf(IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration)
                {
                    return string.Join(" ", declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.Text));
                }
            }
            return "static";
        }

        private static string DeclarationKeywords(INamedTypeSymbol type)
        {
            string kind = PartialDeclarations.KindKeyword(type);
            // 'unsafe' on this part only: stubs take the register block's address, and
            // operands may be pointers. 'ref' must be repeated on every part of a ref struct.
            string prefix = (type.IsStatic ? "static " : string.Empty) + "unsafe "
                + (type.IsReadOnly && type.TypeKind == TypeKind.Struct ? "readonly " : string.Empty)
                + (type.IsRefLikeType ? "ref " : string.Empty);
            return prefix + "partial " + kind + " " + type.Name;
        }

        private static string HintNameOf(IMethodSymbol method)
        {
            string type = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            if (type.StartsWith("global::", System.StringComparison.Ordinal))
            {
                type = type.Substring("global::".Length);
            }
            // Overloads: number the later ones by declaration order, which is stable.
            int overload = 0;
            foreach (ISymbol member in method.ContainingType.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(member, method))
                {
                    break;
                }
                if (member is IMethodSymbol)
                {
                    overload++;
                }
            }
            string suffix = overload == 0 ? string.Empty : "_" + overload.ToString(CultureInfo.InvariantCulture);
            return (type + "." + method.Name + suffix + ".TdxCall.g.cs").Replace('<', '{').Replace('>', '}');
        }

        private static AttributeData? FindAttribute(ISymbol symbol, string metadataName)
        {
            foreach (AttributeData data in symbol.GetAttributes())
            {
                if (data.AttributeClass is { } attributeClass && attributeClass.ToDisplayString() == metadataName)
                {
                    return data;
                }
            }
            return null;
        }

        private static Location LocationOf(ISymbol symbol) => symbol.Locations.FirstOrDefault() ?? Location.None;
    }
}
