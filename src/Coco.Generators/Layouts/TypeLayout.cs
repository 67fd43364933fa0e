namespace Coco.Generators.Layouts
{
    /// <summary>Size and alignment of a type as a C compiler for x86-64 lays it out. Sizes are
    /// long: fixed buffers can add up past int.MaxValue, which the parser then refuses.</summary>
    internal readonly record struct TypeLayout(long Size, int Alignment);
}
