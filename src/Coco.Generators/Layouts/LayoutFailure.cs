namespace Coco.Generators.Layouts
{
    /// <summary>Why a type has no C layout: it is not blittable at all, or its C# layout
    /// (Pack, Size, explicit or auto layout) would not match C's.</summary>
    internal enum LayoutFailureKind
    {
        None,
        NotBlittable,
        DiffersFromC,
    }

    /// <summary>A failure and a short English reason for the diagnostic message.</summary>
    internal readonly record struct LayoutFailure(LayoutFailureKind Kind, string Reason)
    {
        public static LayoutFailure None => default;

        public bool IsFailure => Kind != LayoutFailureKind.None;
    }
}
