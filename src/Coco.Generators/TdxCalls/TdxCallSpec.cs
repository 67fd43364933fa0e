using System.Globalization;
using System.Text;
using Coco.Generators.Common;

namespace Coco.Generators.TdxCalls
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
    /// <param name="Name">The parameter's name as written in C# ('@' for keywords).</param>
    /// <param name="TypeName">Its type as generated code writes it.</param>
    /// <param name="Modifier">"", "out ", "ref ", "in ", "ref readonly ", with "scoped " before where declared.</param>
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

    /// <summary>A constant input register ([TdxInput]).</summary>
    internal sealed record TdxConstantSpec(int Register, ulong Value);

    /// <summary>Everything emission needs to know about one TDCALL/SEAMCALL stub.</summary>
    /// <param name="HintName">The generated file's hint name.</param>
    /// <param name="Hierarchy">The types around the stub.</param>
    /// <param name="MethodName">The method's name as written ('@' for keywords).</param>
    /// <param name="Modifiers">The declaration's accessibility, static and new, as the implementation repeats them.</param>
    /// <param name="Kind">TDCALL or SEAMCALL.</param>
    /// <param name="Leaf">RAX bits 15:0.</param>
    /// <param name="Version">RAX bits 23:16.</param>
    /// <param name="RetryAttempts">Attempts while OPERAND_BUSY; 0 = call once.</param>
    /// <param name="Operands">The parameters in declaration order.</param>
    /// <param name="Constants">The constant inputs, ordered by register.</param>
    /// <param name="MarkGenerated">The compilation has GeneratedCodeAttribute (the minimal core library has not).</param>
    internal sealed record TdxCallSpec(
        string HintName,
        HierarchyInfo Hierarchy,
        string MethodName,
        string Modifiers,
        TdxCallKind Kind,
        ulong Leaf,
        ulong Version,
        int RetryAttempts,
        EquatableArray<TdxOperandSpec> Operands,
        EquatableArray<TdxConstantSpec> Constants,
        bool MarkGenerated)
    {
        /// <summary>The value loaded into RAX.</summary>
        public ulong Rax => Leaf | (Version << 16);

        /// <summary>What identifies one call: instruction, RAX and the constant inputs.</summary>
        public string Identity
        {
            get
            {
                var text = new StringBuilder(Kind == TdxCallKind.Tdcall ? "TDCALL leaf " : "SEAMCALL leaf ");
                text.Append(Leaf.ToString(CultureInfo.InvariantCulture));
                if (Version != 0)
                {
                    text.Append(" version ").Append(Version.ToString(CultureInfo.InvariantCulture));
                }
                foreach (TdxConstantSpec constant in Constants)
                {
                    text.Append(' ').Append(TdxRegisterNames.Text(constant.Register)).Append('=').Append(TdxRegisterNames.Hex(constant.Value));
                }
                return text.ToString();
            }
        }

        /// <summary>The register-level shape ("in (RCX, RDX), out (R8)"), for comparing
        /// declarations of one leaf.</summary>
        public string Shape
        {
            get
            {
                var ins = new System.Collections.Generic.List<int>();
                var outs = new System.Collections.Generic.List<int>();
                foreach (TdxOperandSpec operand in Operands)
                {
                    if (operand.IsInput)
                    {
                        ins.Add(operand.Register);
                    }
                    if (operand.IsOutput)
                    {
                        outs.Add(operand.Register);
                    }
                }
                foreach (TdxConstantSpec constant in Constants)
                {
                    ins.Add(constant.Register);
                }
                ins.Sort();
                outs.Sort();
                return "in (" + Join(ins) + "), out (" + Join(outs) + ")";
            }
        }

        private static string Join(System.Collections.Generic.List<int> registers)
        {
            var text = new StringBuilder();
            foreach (int register in registers)
            {
                text.Append(text.Length == 0 ? string.Empty : ", ").Append(TdxRegisterNames.Text(register));
            }
            return text.ToString();
        }
    }

    /// <summary>The operand registers of TDCALL and SEAMCALL, by number (the operand id the TDX
    /// module reports in status bits 31:0), as messages and as Coco.Tdx.Abi.TdxRegisters' fields.</summary>
    internal static class TdxRegisterNames
    {
        /// <summary>The operand registers in assignment order: RCX, RDX, R8..R15.</summary>
        public static readonly int[] Order = { 1, 2, 8, 9, 10, 11, 12, 13, 14, 15 };

        public static bool IsOperand(int register) => System.Array.IndexOf(Order, register) >= 0;

        public static string Text(int register) => register switch
        {
            1 => "RCX",
            2 => "RDX",
            _ when register >= 8 && register <= 15 => "R" + register.ToString(CultureInfo.InvariantCulture),
            _ => "register " + register.ToString(CultureInfo.InvariantCulture),
        };

        public static string Field(int register) => register switch
        {
            1 => "Rcx",
            2 => "Rdx",
            _ => "R" + register.ToString(CultureInfo.InvariantCulture),
        };

        public static string Hex(ulong value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture);
    }
}
