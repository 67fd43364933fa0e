namespace Coco.Generators.Layout
{
    /// <summary>Size and alignment of a type as a C compiler for x86-64 lays it out.</summary>
    internal readonly record struct TypeLayout(int Size, int Alignment);
}
