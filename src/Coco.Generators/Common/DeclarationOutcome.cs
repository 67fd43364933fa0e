namespace Coco.Generators.Common
{
    /// <summary>What the generator takes from one declaration: its spec when it is valid, and the
    /// diagnostics the generator itself reports for it (empty unless the analyzers' report
    /// would be hidden, <see cref="HiddenByCompilerErrors"/>).</summary>
    internal sealed record DeclarationOutcome<TSpec>(TSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
        where TSpec : class
    {
        public static readonly DeclarationOutcome<TSpec> Nothing = new DeclarationOutcome<TSpec>(null, EquatableArray<DiagnosticInfo>.Empty);
    }
}
