// The primitive value types. Their single instance field is the layout contract with the
// compiler; arithmetic on them is built into the C# compiler and ILC.
#pragma warning disable CS0169 // the value fields are layout only
namespace System
{
    public struct Void { }
    public struct Boolean { private readonly bool _value; }
    public struct Char
    {
        public const char MinValue = '\0';
        public const char MaxValue = '\uffff';
        private readonly char _value;
    }

    public struct SByte
    {
        public const sbyte MinValue = -128;
        public const sbyte MaxValue = 127;
        private readonly sbyte _value;
    }

    public struct Byte
    {
        public const byte MinValue = 0;
        public const byte MaxValue = 255;
        private readonly byte _value;
    }

    public struct Int16
    {
        public const short MinValue = -32768;
        public const short MaxValue = 32767;
        private readonly short _value;
    }

    public struct UInt16
    {
        public const ushort MinValue = 0;
        public const ushort MaxValue = 65535;
        private readonly ushort _value;
    }

    public struct Int32
    {
        public const int MinValue = -2147483648;
        public const int MaxValue = 2147483647;
        private readonly int _value;
    }

    public struct UInt32
    {
        public const uint MinValue = 0;
        public const uint MaxValue = 4294967295;
        private readonly uint _value;
    }

    public struct Int64
    {
        public const long MinValue = -9223372036854775808;
        public const long MaxValue = 9223372036854775807;
        private readonly long _value;
    }

    public struct UInt64
    {
        public const ulong MinValue = 0;
        public const ulong MaxValue = 18446744073709551615;
        private readonly ulong _value;
    }

    public struct Single { private readonly float _value; }
    public struct Double { private readonly double _value; }

    public unsafe struct IntPtr
    {
        private readonly void* _value;
        public IntPtr(void* value) { _value = value; }
        public static readonly IntPtr Zero;
    }

    public unsafe struct UIntPtr
    {
        private readonly void* _value;
        public UIntPtr(void* value) { _value = value; }
    }

    public abstract class ValueType { }

    public abstract class Enum : ValueType { }

    public struct Nullable<T> where T : struct
    {
        private readonly bool _hasValue;
        private readonly T _value;
        public Nullable(T value) { _hasValue = true; _value = value; }
        public bool HasValue => _hasValue;
        public T Value => _value;
        public T GetValueOrDefault() => _value;
    }
}
