namespace Coco.Conformance;

/// <summary>
/// Marks a test as the check of one row of a conformance table (docs/conformance/*.md): the
/// row's Id, and the test named in the row's Test column, are this method.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceAttribute : Attribute
{
    public ConformanceAttribute(string rowId) => RowId = rowId;

    public string RowId { get; }
}
