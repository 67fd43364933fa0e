namespace System.Runtime.InteropServices
{
    public enum LayoutKind
    {
        Sequential = 0,
        Explicit = 2,
        Auto = 3,
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
    public sealed class StructLayoutAttribute : Attribute
    {
        public StructLayoutAttribute(LayoutKind layoutKind) { Value = layoutKind; }
        public LayoutKind Value { get; }
        public int Pack;
        public int Size;
    }

    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public sealed class FieldOffsetAttribute : Attribute
    {
        public FieldOffsetAttribute(int offset) { Value = offset; }
        public int Value { get; }
    }

    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    public sealed class UnmanagedCallersOnlyAttribute : Attribute
    {
        public Type[]? CallConvs;
        public string? EntryPoint;
    }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class InAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class OutAttribute : Attribute { }

    /// <summary>ILC looks this up even when no type implements it.</summary>
    public interface IDynamicInterfaceCastable
    {
        static unsafe IntPtr GetDynamicInterfaceImplementation(object instance, void* interfaceType, ushort slot)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowNotSupportedException();
            return default;
        }
    }
}

namespace System.Runtime.InteropServices
{
    // The compiler encodes the `unmanaged` generic constraint as modreq(UnmanagedType).
    public enum UnmanagedType
    {
    }
}
