using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Coco.Generators.TdxCalls
{
    /// <summary>
    /// Reads a method marked [TdCall] or [Seamcall] into a <see cref="TdxCallSpec"/> and lists
    /// what makes it invalid. The analyzers and the generator share this one reading, so the
    /// generator emits exactly for the methods the analyzers accept.
    /// </summary>
    internal static class TdxCallParser
    {
        public const ulong MaxLeaf = 0xFFFF;
        public const ulong MaxVersion = 0xFF;
        public const int MaxRetryAttempts = 1024;

        public static Parsed<TdxCallSpec> Parse(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
        {
            var problems = new List<DeclarationProblem>();
            Location methodLocation = Symbols.LocationOf(method);

            AttributeData? tdcall = null;
            AttributeData? seamcall = null;
            AttributeData? retryAttribute = null;
            List<AttributeData>? inputAttributes = null;
            foreach (AttributeData attribute in method.GetAttributes())
            {
                switch (CocoAttributes.Kind(attribute))
                {
                    case CocoAttribute.TdCall:
                        tdcall ??= attribute;
                        break;
                    case CocoAttribute.Seamcall:
                        seamcall ??= attribute;
                        break;
                    case CocoAttribute.RetryOnBusy:
                        retryAttribute ??= attribute;
                        break;
                    case CocoAttribute.TdxInput:
                        (inputAttributes ??= new List<AttributeData>()).Add(attribute);
                        break;
                }
            }
            if (tdcall is not null && seamcall is not null)
            {
                problems.Add(new DeclarationProblem(TdxCallRules.ConflictingCallKinds, methodLocation, method.Name));
                return new Parsed<TdxCallSpec>(null, problems);
            }
            AttributeData? call = tdcall ?? seamcall;
            if (call is null || IsUnnamed(method))
            {
                return Parsed<TdxCallSpec>.Nothing;
            }
            TdxCallKind kind = tdcall is not null ? TdxCallKind.Tdcall : TdxCallKind.Seamcall;
            Location attributeLocation = CocoAttributes.LocationOf(call, method);

            string? shapeProblem = ShapeProblem(method, out string modifiers);
            if (shapeProblem is not null)
            {
                problems.Add(new DeclarationProblem(TdxCallRules.NotStaticPartial, methodLocation, new[] { method.Name, shapeProblem }));
            }

            // Leaf and version.
            if (call.ConstructorArguments.Length != 1 || call.ConstructorArguments[0].Value is not ulong leaf)
            {
                // A compiler error (wrong argument) is already reported; just skip.
                return new Parsed<TdxCallSpec>(null, problems);
            }
            if (leaf > MaxLeaf)
            {
                problems.Add(new DeclarationProblem(TdxCallRules.LeafOutOfRange, attributeLocation, new[] { method.Name, "leaf", TdxRegisterNames.Hex(leaf), "15:0 (at most 0xFFFF)" }));
            }
            ulong version = 0;
            foreach (KeyValuePair<string, TypedConstant> argument in call.NamedArguments)
            {
                if (argument.Key == "Version" && argument.Value.Value is ulong versionValue)
                {
                    version = versionValue;
                    if (version > MaxVersion)
                    {
                        problems.Add(new DeclarationProblem(TdxCallRules.LeafOutOfRange, attributeLocation, new[] { method.Name, "version", TdxRegisterNames.Hex(version), "23:16 (at most 0xFF)" }));
                    }
                }
            }

            // Return type.
            INamedTypeSymbol? status = compilation.GetTypeByMetadataName(WellKnownNames.TdxStatus);
            if (status is null || !SymbolEqualityComparer.Default.Equals(method.ReturnType, status) || method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                Location returnLocation = ReturnTypeLocation(method, cancellationToken) ?? methodLocation;
                problems.Add(new DeclarationProblem(TdxCallRules.ReturnNotStatus, returnLocation, new[] { method.Name, method.ReturnType.ToDisplayString() }));
            }

            // Retry bound.
            int retry = 0;
            if (retryAttribute is { ConstructorArguments.Length: 1 } && retryAttribute.ConstructorArguments[0].Value is int attempts)
            {
                if (attempts < 1 || attempts > MaxRetryAttempts)
                {
                    problems.Add(new DeclarationProblem(TdxCallRules.RetryBoundInvalid, CocoAttributes.LocationOf(retryAttribute, method), new[] { method.Name, attempts.ToString(CultureInfo.InvariantCulture) }));
                }
                retry = attempts;
            }

            // The runtime the stub calls (TdxStatusCode's OPERAND_BUSY only when it retries).
            string gate = kind == TdxCallKind.Tdcall ? WellKnownNames.TdcallGate : WellKnownNames.SeamcallGate;
            foreach (string required in retry > 0 ? new[] { WellKnownNames.TdxRegisters, gate, WellKnownNames.TdxStatusCode } : new[] { WellKnownNames.TdxRegisters, gate })
            {
                if (compilation.GetTypeByMetadataName(required) is null)
                {
                    problems.Add(new DeclarationProblem(TdxCallRules.RuntimeMissing, methodLocation, new[] { method.Name, required }));
                }
            }

            var inputs = new Dictionary<int, string>();
            List<TdxConstantSpec> constants = ParseConstants(method, inputAttributes, inputs, problems);
            List<TdxOperandSpec> operands = ParseOperands(method, inputs, problems, cancellationToken);

            if (problems.Count > 0)
            {
                return new Parsed<TdxCallSpec>(null, problems);
            }

            constants.Sort((a, b) => a.Register.CompareTo(b.Register));
            var spec = new TdxCallSpec(
                HintName: HintName.Of(method, OverloadIndex(method), kind == TdxCallKind.Tdcall ? "TdCall" : "Seamcall"),
                Hierarchy: HierarchyInfo.From(method.ContainingType),
                MethodName: Identifier.Escape(method.Name),
                Modifiers: modifiers,
                Kind: kind,
                Leaf: leaf,
                Version: version,
                RetryAttempts: retry,
                Operands: new EquatableArray<TdxOperandSpec>(operands.ToArray()),
                Constants: new EquatableArray<TdxConstantSpec>(constants.ToArray()),
                MarkGenerated: compilation.GetTypeByMetadataName(WellKnownNames.GeneratedCodeAttribute) is not null);
            return new Parsed<TdxCallSpec>(spec, problems);
        }

        private static List<TdxConstantSpec> ParseConstants(IMethodSymbol method, List<AttributeData>? inputAttributes, Dictionary<int, string> inputs, List<DeclarationProblem> problems)
        {
            var constants = new List<TdxConstantSpec>();
            if (inputAttributes is null)
            {
                return constants;
            }
            foreach (AttributeData input in inputAttributes)
            {
                if (input.ConstructorArguments.Length != 2 || input.ConstructorArguments[1].Value is not ulong constant)
                {
                    continue;
                }
                int register = RegisterValue(input.ConstructorArguments[0]);
                Location location = CocoAttributes.LocationOf(input, method);
                string what = "[TdxInput(" + TdxRegisterNames.Text(register) + ")]";
                if (!TdxRegisterNames.IsOperand(register))
                {
                    problems.Add(new DeclarationProblem(TdxCallRules.NotOperandRegister, location, new[] { what, method.Name, register.ToString(CultureInfo.InvariantCulture) }));
                    continue;
                }
                if (inputs.TryGetValue(register, out string? previous))
                {
                    problems.Add(new DeclarationProblem(TdxCallRules.RegisterNamedTwice, location, new[] { what, method.Name, TdxRegisterNames.Text(register), "an input", previous }));
                    continue;
                }
                inputs[register] = "'" + what + "'";
                constants.Add(new TdxConstantSpec(register, constant));
            }
            return constants;
        }

        // Registers: constants and explicitly named parameters first, then the rest in order.
        private static List<TdxOperandSpec> ParseOperands(IMethodSymbol method, Dictionary<int, string> inputs, List<DeclarationProblem> problems, CancellationToken cancellationToken)
        {
            // Unattributed parameters skip registers named explicitly in their own direction:
            // an output named RCX does not push the first input out of RCX.
            var explicitRegisters = new int?[method.Parameters.Length];
            var namedInputs = new HashSet<int>(inputs.Keys);
            var namedOutputs = new HashSet<int>();
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                AttributeData? registerAttribute = CocoAttributes.Find(method.Parameters[i], CocoAttribute.TdxRegister);
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

            var outputs = new Dictionary<int, string>();
            var operands = new List<TdxOperandSpec>();
            int next = 0;
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IParameterSymbol parameter = method.Parameters[i];
                Location location = Symbols.LocationOf(parameter);
                bool isInput = parameter.RefKind is RefKind.None or RefKind.In or RefKind.Ref or RefKind.RefReadOnlyParameter;
                bool isOutput = parameter.RefKind is RefKind.Out or RefKind.Ref;

                string? typeName = Symbols.FullyQualifiedName(parameter.Type);
                string? typeProblem = TypeProblem(parameter, isOutput, out TdxConversion conversion)
                    ?? (typeName is null ? "cannot be named in generated code"
                        : Accessibilities.IsLessAccessible(parameter.Type, method) ? "is less accessible than the method" : null);
                if (typeProblem is not null)
                {
                    problems.Add(new DeclarationProblem(TdxCallRules.OperandNotRegisterValue, location,
                        new[] { parameter.Name, method.Name, parameter.Type.ToDisplayString(), typeProblem }));
                }

                int register;
                if (explicitRegisters[i] is int chosen)
                {
                    register = chosen;
                    if (!TdxRegisterNames.IsOperand(register))
                    {
                        problems.Add(new DeclarationProblem(TdxCallRules.NotOperandRegister, location, new[] { parameter.Name, method.Name, register.ToString(CultureInfo.InvariantCulture) }));
                        continue;
                    }
                }
                else
                {
                    int[] order = TdxRegisterNames.Order;
                    while (next < order.Length
                        && ((isInput && namedInputs.Contains(order[next])) || (isOutput && namedOutputs.Contains(order[next]))))
                    {
                        next++;
                    }
                    if (next == order.Length)
                    {
                        problems.Add(new DeclarationProblem(TdxCallRules.TooManyOperands, location, new[] { parameter.Name, method.Name }));
                        continue;
                    }
                    register = order[next++];
                }

                if (isInput && !Claim(inputs, register, parameter, method, "an input", location, problems))
                {
                    continue;
                }
                if (isOutput && !Claim(outputs, register, parameter, method, "an output", location, problems))
                {
                    continue;
                }

                string modifier = (WritesScoped(parameter) ? "scoped " : string.Empty) + parameter.RefKind switch
                {
                    RefKind.Out => "out ",
                    RefKind.Ref => "ref ",
                    RefKind.In => "in ",
                    RefKind.RefReadOnlyParameter => "ref readonly ",
                    _ => string.Empty,
                };
                operands.Add(new TdxOperandSpec(Identifier.Escape(parameter.Name), typeName ?? string.Empty, modifier, register, isInput, isOutput, conversion));
            }
            return operands;
        }

        private static bool Claim(Dictionary<int, string> claimed, int register, IParameterSymbol parameter, IMethodSymbol method, string direction, Location location, List<DeclarationProblem> problems)
        {
            if (claimed.TryGetValue(register, out string? previous))
            {
                problems.Add(new DeclarationProblem(TdxCallRules.RegisterNamedTwice, location,
                    new[] { parameter.Name, method.Name, TdxRegisterNames.Text(register), direction, previous }));
                return false;
            }
            claimed[register] = "'" + parameter.Name + "'";
            return true;
        }

        private static int RegisterValue(TypedConstant constant) => constant.Value is int value ? value : -1;

        /// <summary>Why the method is no static partial definition Coco can implement, or null;
        /// the modifiers the implementation repeats.</summary>
        private static string? ShapeProblem(IMethodSymbol method, out string modifiers)
        {
            modifiers = string.Empty;
            if (!method.IsStatic)
            {
                return "it is not static";
            }
            if (!method.IsPartialDefinition)
            {
                return method.PartialDefinitionPart is not null ? "it already has an implementation" : "it is not partial";
            }
            if (method.PartialImplementationPart is { } implementation && !GeneratedFiles.DeclaredOnlyBy(implementation, GeneratedFiles.TdxCallGenerator))
            {
                return "it already has an implementation";
            }
            if (method.IsGenericMethod)
            {
                return "it is generic";
            }
            if (method.IsExtensionMethod || HasParams(method))
            {
                return "extension methods and params arrays are not stubs";
            }
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsGenericType)
                {
                    return "'" + type.Name + "' is generic";
                }
            }
            TypeShape shape = HierarchyInfo.ShapeOf(method.ContainingType);
            if (shape.Problem != TypeShapeProblem.None)
            {
                return shape.Reason;
            }
            if (method.DeclaringSyntaxReferences.Length != 1 || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration)
            {
                return "it is not declared as a method";
            }
            var kept = new StringBuilder();
            bool accessibility = false;
            var seen = new HashSet<SyntaxKind>();
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
                        // Written once, as the compiler understood it (even from 'public internal').
                        if (!accessibility)
                        {
                            kept.Append(Common.Accessibilities.Keywords(method.DeclaredAccessibility)).Append(' ');
                        }
                        accessibility = true;
                        break;
                    case SyntaxKind.StaticKeyword:
                    case SyntaxKind.NewKeyword:
                        kept.Append(modifier.Text).Append(' ');
                        break;
                    case SyntaxKind.UnsafeKeyword:
                        // Partial parts must agree on unsafe too (CS0764).
                        kept.Append(modifier.Text).Append(' ');
                        break;
                    case SyntaxKind.PartialKeyword:
                        break;
                    default:
                        return "it is declared '" + modifier.Text + "'";
                }
            }
            if (!accessibility)
            {
                // C# 9's partial methods that return a value must say (CS8796).
                return "it has no accessibility modifier, which a partial method that returns a value needs";
            }
            modifiers = kept.ToString().TrimEnd();
            return null;
        }

        /// <summary>True when a name the stub would repeat is missing or repeated, or the method is
        /// defined twice (errors the compiler reports): nothing can be generated, and nothing more
        /// needs saying.</summary>
        private static bool IsUnnamed(IMethodSymbol method)
        {
            if (method.Name.Length == 0 || HierarchyInfo.ShapeOf(method.ContainingType).Problem == TypeShapeProblem.Unnamed)
            {
                return true;
            }
            var names = new HashSet<string>();
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                // A repeated name is the compiler's CS0100, which the stub would repeat.
                if (parameter.Name.Length == 0 || !names.Add(parameter.Name))
                {
                    return true;
                }
            }
            // Two definitions of one signature (CS0756, CS0111) would get two implementations.
            foreach (ISymbol member in method.ContainingType.GetMembers(method.Name))
            {
                if (member is IMethodSymbol other && !SymbolEqualityComparer.Default.Equals(other, method) && SameParameterTypes(other, method))
                {
                    return true;
                }
            }
            return false;
        }

        private static bool SameParameterTypes(IMethodSymbol a, IMethodSymbol b)
        {
            if (a.Parameters.Length != b.Parameters.Length || a.Arity != b.Arity)
            {
                return false;
            }
            for (int i = 0; i < a.Parameters.Length; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(a.Parameters[i].Type, b.Parameters[i].Type))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>True when the declaration says 'scoped' (an out parameter is scoped without
        /// saying so; the implementation must say what the definition says).</summary>
        private static bool WritesScoped(IParameterSymbol parameter)
        {
            if (parameter.ScopedKind == ScopedKind.None)
            {
                return false;
            }
            foreach (SyntaxReference reference in parameter.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is ParameterSyntax syntax && syntax.Modifiers.Any(SyntaxKind.ScopedKeyword))
                {
                    return true;
                }
            }
            return false;
        }

        private static bool HasParams(IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.IsParams)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>The method's position among the members of its name, for overloads' hint names.</summary>
        private static int OverloadIndex(IMethodSymbol method)
        {
            int overload = 0;
            foreach (ISymbol member in method.ContainingType.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(member, method))
                {
                    break;
                }
                overload++;
            }
            return overload;
        }

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
    }
}
