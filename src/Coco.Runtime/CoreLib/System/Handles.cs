#pragma warning disable CS0169 // layout only
namespace System
{
    // Handles the compiler names for typeof, ldtoken and field initializers.
    public struct RuntimeTypeHandle { private readonly IntPtr _value; }
    public struct RuntimeMethodHandle { private readonly IntPtr _value; }
    public struct RuntimeFieldHandle { private readonly IntPtr _value; }

    public abstract class Type
    {
        public static Type? GetTypeFromHandle(RuntimeTypeHandle handle) => null;
    }

    // ILC's code generator names this type when it folds typeof comparisons.
    internal sealed class RuntimeType : Type { }
}
