using System.Runtime;
using System.Runtime.CompilerServices;

namespace System.Runtime
{
    /// <summary>
    /// Cast and array-store helpers ILC binds by name. Firmware code never allocates objects,
    /// so a cast or covariant store of one can only be a bug: each fails fast at its site.
    /// </summary>
    internal static unsafe class TypeCast
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_invalid_cast")]
        public static extern object? IsInstanceOfAny(void* targetType, object? obj);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_invalid_cast")]
        public static extern object? IsInstanceOfInterface(void* targetType, object? obj);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_invalid_cast")]
        public static extern object? IsInstanceOfClass(void* targetType, object? obj);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_invalid_cast")]
        public static extern bool IsInstanceOfException(void* targetType, object? obj);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_invalid_cast")]
        public static extern object CheckCastAny(void* targetType, object obj);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_invalid_cast")]
        public static extern object CheckCastInterface(void* targetType, object obj);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_invalid_cast")]
        public static extern object CheckCastClass(void* targetType, object obj);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_invalid_cast")]
        public static extern object CheckCastClassSpecial(void* targetType, object obj);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_array_type_mismatch")]
        public static extern void StelemRef(object?[] array, nint index, object? obj);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_array_type_mismatch")]
        public static extern ref object? LdelemaRef(object?[] array, nint index, void* elementType);
    }
}
