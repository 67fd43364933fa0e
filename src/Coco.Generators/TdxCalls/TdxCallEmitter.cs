using System.Collections.Generic;
using System.Globalization;
using Coco.Generators.Common;

namespace Coco.Generators.TdxCalls
{
    /// <summary>Writes one TDCALL/SEAMCALL stub from its spec alone: a register block on the
    /// stack, the inputs loaded, one call through the gate (repeated while the status says
    /// OPERAND_BUSY, as Coco.Runtime.Tdx's TdxStatus tells it, if asked), the outputs read back.
    /// No allocation, nothing beyond primitives and pointers, so the same text compiles for the
    /// host and for firmware.</summary>
    internal static class TdxCallEmitter
    {
        private const string Abi = "global::Coco.Tdx.Abi.";

        public static string Emit(TdxCallSpec call)
        {
            var writer = new SourceWriter();
            using (call.Hierarchy.Open(writer))
            {
                WriteStub(writer, call);
            }
            return writer.ToString();
        }

        private static void WriteStub(SourceWriter writer, TdxCallSpec call)
        {
            string instruction = call.Kind == TdxCallKind.Tdcall ? "TDCALL" : "SEAMCALL";
            string gate = call.Kind == TdxCallKind.Tdcall ? "global::Coco.Tdx.Guest.TdcallGate" : "global::Coco.Tdx.Host.SeamcallGate";
            writer.WriteLine("/// <summary>" + call.Identity + ": RAX = " + TdxRegisterNames.Hex(call.Rax) + ", " + call.Shape
                + (call.RetryAttempts > 0 ? "; up to " + Number(call.RetryAttempts) + " attempts while TDX_OPERAND_BUSY" : string.Empty) + ".</summary>");
            if (call.MarkGenerated)
            {
                writer.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"" + WellKnownNames.ToolName + "\", \"" + WellKnownNames.ToolVersion + "\")]");
            }
            if (call.RetryAttempts == 0)
            {
                // A single call: a few stores and one indirect call, cheaper inlined.
                writer.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
            }

            var parameters = new string[call.Operands.Count];
            var taken = new HashSet<string>();
            for (int i = 0; i < parameters.Length; i++)
            {
                TdxOperandSpec operand = call.Operands[i];
                parameters[i] = operand.Modifier + operand.TypeName + " " + operand.Name;
                taken.Add(operand.Name.TrimStart('@'));
            }
            // Locals no parameter is named like.
            string registers = Unique("__registers", taken);
            string status = Unique("__status", taken);
            string attempt = Unique("__attempt", taken);
            string modifiers = call.Modifiers.Length > 0 ? call.Modifiers + " " : string.Empty;
            using (writer.OpenBlock(modifiers + "partial " + Abi + "TdxStatus " + call.MethodName + "(" + string.Join(", ", parameters) + ")"))
            {
                writer.WriteLine(Abi + "TdxRegisters " + registers + ";");
                writer.WriteLine(Abi + "TdxStatus " + status + ";");
                if (call.RetryAttempts > 0)
                {
                    writer.WriteLine("int " + attempt + " = 0;");
                    using (writer.OpenBlock("while (true)"))
                    {
                        WriteCall(writer, call, gate, registers, status);
                        using (writer.OpenBlock("if (!" + status + ".Is(" + Abi + "TdxStatusCode.OperandBusy) || ++" + attempt + " >= " + Number(call.RetryAttempts) + ")"))
                        {
                            writer.WriteLine("break;");
                        }
                    }
                }
                else
                {
                    WriteCall(writer, call, gate, registers, status);
                }
                foreach (TdxOperandSpec operand in call.Operands)
                {
                    if (operand.IsOutput)
                    {
                        string value = registers + "." + TdxRegisterNames.Field(operand.Register);
                        writer.WriteLine(operand.Name + " = " + (operand.Conversion == TdxConversion.None ? value : "unchecked((" + operand.TypeName + ")" + value + ")") + ";");
                    }
                }
                writer.WriteLine("return " + status + ";");
            }
        }

        private static void WriteCall(SourceWriter writer, TdxCallSpec call, string gate, string registers, string status)
        {
            writer.WriteLine(registers + " = default;");
            writer.WriteLine(registers + ".Rax = " + TdxRegisterNames.Hex(call.Rax) + "UL;");
            foreach (TdxConstantSpec constant in call.Constants)
            {
                writer.WriteLine(registers + "." + TdxRegisterNames.Field(constant.Register) + " = " + TdxRegisterNames.Hex(constant.Value) + "UL;");
            }
            foreach (TdxOperandSpec operand in call.Operands)
            {
                if (!operand.IsInput)
                {
                    continue;
                }
                string value = operand.Conversion switch
                {
                    TdxConversion.None => operand.Name,
                    TdxConversion.Bool => "(" + operand.Name + " ? 1UL : 0UL)",
                    _ => "unchecked((ulong)" + operand.Name + ")",
                };
                writer.WriteLine(registers + "." + TdxRegisterNames.Field(operand.Register) + " = " + value + ";");
            }
            writer.WriteLine(status + " = " + gate + ".Call(&" + registers + ");");
        }

        private static string Unique(string name, HashSet<string> taken)
        {
            while (taken.Contains(name))
            {
                name += "_";
            }
            return name;
        }

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
