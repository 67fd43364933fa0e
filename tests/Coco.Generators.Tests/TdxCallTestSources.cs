namespace Coco.Generators.Tests;

/// <summary>TDX call declarations the TDCALL/SEAMCALL generator tests share.</summary>
internal static class TdxCallTestSources
{
    public const string Usings = """
        using Coco;
        using Coco.Tdx.Abi;

        """;

    /// <summary>One of everything: positional and named registers, out, ref, constants,
    /// retry, versions, narrow, signed, enum, pointer and bool operands.</summary>
    public const string Calls = Usings + """
        namespace Sample.Tdx
        {
            public enum Level : byte { Size4K = 0, Size2M = 1 }
            public enum Wide : long { A = -1 }

            public static unsafe partial class Calls
            {
                [TdCall(6)]
                public static partial TdxStatus Accept(ulong gpaAndLevel);

                [TdCall(7)]
                public static partial TdxStatus ReadField([TdxRegister(TdxRegisterName.Rdx)] ulong field, [TdxRegister(TdxRegisterName.R8)] out ulong value);

                [TdCall(0)]
                [TdxInput(TdxRegisterName.Rcx, 0xFC00)]
                [TdxInput(TdxRegisterName.R11, 0x10001)]
                public static partial TdxStatus MapGpa([TdxRegister(TdxRegisterName.R12)] ulong gpa, [TdxRegister(TdxRegisterName.R13)] ulong size, [TdxRegister(TdxRegisterName.R10)] out ulong vmcallStatus);

                [Seamcall(58, Version = 1)]
                [RetryOnBusy(5)]
                internal static partial TdxStatus PamtAdd(ulong region, void* page0, nuint page1);

                [Seamcall(59)]
                private static partial TdxStatus PamtRemove(ulong region, out ulong page0, out Wide page1);

                [Seamcall(6)]
                public static partial TdxStatus Mixed(int signed, uint unsigned, Level level, bool flag, ref long both, [TdxRegister(TdxRegisterName.Rcx)] out nint extended);

                [Seamcall(33)]
                public static partial TdxStatus Keywords(ulong @class, out ulong @event);
            }
        }
        """;

    public const string Nested = Usings + """
        namespace Sample
        {
            public partial class Outer
            {
                internal partial struct Inner
                {
                    [TdCall(1)]
                    public static partial TdxStatus Info(out ulong gpaWidth, out ulong attributes);
                }

                internal readonly ref partial struct Window
                {
                    [Seamcall(34)]
                    public static partial TdxStatus Read([TdxRegister(TdxRegisterName.Rdx)] ulong field, [TdxRegister(TdxRegisterName.R8)] out ulong value);
                }
            }
        }
        """;

    public const string Invalid = Usings + """
        public static partial class Bad
        {
            [TdCall(0x10000)]
            public static partial TdxStatus LeafTooLarge();

            [Seamcall(1, Version = 256)]
            public static partial TdxStatus VersionTooLarge();

            [Seamcall(2)]
            public static partial TdxStatus WrongOperand(string name);
        }
        """;
}
