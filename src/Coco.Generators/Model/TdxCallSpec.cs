namespace Coco.Generators.Model
{
    /// <summary>Which instruction a stub executes, and so which gate it calls.</summary>
    internal enum TdxCallKind
    {
        Tdcall,
        Seamcall,
    }

    /// <summary>How a parameter's value becomes a register value and back.</summary>
    internal enum TdxConversion
    {
        /// <summary>ulong: copied.</summary>
        None,

        /// <summary>Other integers, enums, pointers: an unchecked cast (signed types sign-extend).</summary>
        Cast,

        /// <summary>bool (input only): 1 or 0.</summary>
        Bool,
    }

    /// <summary>One parameter of a TDX call: strings and numbers only.</summary>
    /// <param name="Name">The parameter's name as written in C# (with @ for keywords).</param>
    /// <param name="TypeName">Its fully qualified type.</param>
    /// <param name="Modifier">"", "out ", "ref " or "in ".</param>
    /// <param name="Register">The register number (RCX 1, RDX 2, R8..R15 8..15).</param>
    /// <param name="IsInput">Loaded before the call.</param>
    /// <param name="IsOutput">Assigned from the register after the call.</param>
    /// <param name="Conversion">How the value converts.</param>
    internal sealed record TdxOperandSpec(
        string Name,
        string TypeName,
        string Modifier,
        int Register,
        bool IsInput,
        bool IsOutput,
        TdxConversion Conversion);

    /// <summary>What the compilation offers TDX call stubs: GeneratedCodeAttribute and
    /// MethodImplAttribute (both in the full library; the minimal core library has only the latter).</summary>
    internal sealed record TdxCallEnvironment(bool HasGeneratedCodeAttribute, bool HasMethodImpl);

    /// <summary>A constant input register ([TdxInput]).</summary>
    internal sealed record TdxConstantSpec(int Register, ulong Value);

    /// <summary>Everything emission needs to know about one TDCALL/SEAMCALL stub.</summary>
    /// <param name="HintName">The generated file's hint name.</param>
    /// <param name="Namespace">The containing namespace, empty for the global one.</param>
    /// <param name="ContainingTypes">Declarations of enclosing types, outermost first.</param>
    /// <param name="MethodName">The method's name.</param>
    /// <param name="Modifiers">The declaration's modifiers without 'partial' (e.g. "public static").</param>
    /// <param name="ReturnTypeName">The status type, fully qualified.</param>
    /// <param name="Kind">TDCALL or SEAMCALL.</param>
    /// <param name="Leaf">RAX bits 15:0.</param>
    /// <param name="Version">RAX bits 23:16.</param>
    /// <param name="RetryAttempts">Attempts while OPERAND_BUSY; 0 = call once.</param>
    /// <param name="Operands">The parameters in declaration order.</param>
    /// <param name="Constants">The constant inputs, ordered by register.</param>
    internal sealed record TdxCallSpec(
        string HintName,
        string Namespace,
        EquatableArray<string> ContainingTypes,
        string MethodName,
        string Modifiers,
        string ReturnTypeName,
        TdxCallKind Kind,
        ulong Leaf,
        ulong Version,
        int RetryAttempts,
        EquatableArray<TdxOperandSpec> Operands,
        EquatableArray<TdxConstantSpec> Constants)
    {
        /// <summary>The value loaded into RAX.</summary>
        public ulong Rax => Leaf | (Version << 16);
    }
}
