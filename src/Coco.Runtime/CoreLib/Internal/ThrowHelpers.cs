using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime.CompilerHelpers
{
    /// <summary>
    /// The helpers the compiler calls where .NET would throw. Firmware has no exceptions: each
    /// helper is bound to a tiny assembly trampoline (Efi/CocoRuntime.asm) that takes the
    /// return address as the failing site and fails fast with a kind from
    /// <see cref="Coco.Firmware.RuntimeFailureKind"/>.
    /// </summary>
    internal static class ThrowHelpers
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_overflow")]
        public static extern void ThrowOverflowException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_index_out_of_range")]
        public static extern void ThrowIndexOutOfRangeException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_null_reference")]
        public static extern void ThrowNullReferenceException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_divide_by_zero")]
        public static extern void ThrowDivideByZeroException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_argument_out_of_range")]
        public static extern void ThrowArgumentOutOfRangeException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_argument")]
        public static extern void ThrowArgumentException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_platform_not_supported")]
        public static extern void ThrowPlatformNotSupportedException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_not_implemented")]
        public static extern void ThrowNotImplementedException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_not_supported")]
        public static extern void ThrowNotSupportedException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_feature_removed")]
        public static extern void ThrowFeatureBodyRemoved();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_feature_removed")]
        public static extern void ThrowBodyRemoved();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_array_type_mismatch")]
        public static extern void ThrowArrayTypeMismatchException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_invalid_cast")]
        public static extern void ThrowInvalidCastException();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_fail_invalid_program")]
        public static extern void ThrowInvalidProgramException();
    }
}
