namespace System.Runtime.CompilerServices
{
    public static class RuntimeHelpers
    {
        // Where a string's characters start, relative to the object: after the MethodTable
        // pointer and the 4-byte length.
        public static unsafe int OffsetToStringData => sizeof(IntPtr) + sizeof(int);
    }

    /// <summary>What this core library supports, as the C# compiler asks it.</summary>
    public static class RuntimeFeature
    {
        public const string PortablePdb = nameof(PortablePdb);
        public const string DefaultImplementationsOfInterfaces = nameof(DefaultImplementationsOfInterfaces);
        public const string UnmanagedSignatureCallingConvention = nameof(UnmanagedSignatureCallingConvention);
        public const string CovariantReturnsOfClasses = nameof(CovariantReturnsOfClasses);
        public const string NumericIntPtr = nameof(NumericIntPtr);
        public const string VirtualStaticsInInterfaces = nameof(VirtualStaticsInInterfaces);
    }
}
