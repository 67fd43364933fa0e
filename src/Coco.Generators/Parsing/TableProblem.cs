using Microsoft.CodeAnalysis;

namespace Coco.Generators.Parsing
{
    /// <summary>One reason a table is invalid, ready to become a diagnostic. Only analyzers
    /// keep these: the generator reads <see cref="TableInspection.Spec"/> and drops the rest.</summary>
    internal sealed record TableProblem(DiagnosticDescriptor Descriptor, Location Location, object[] Arguments)
    {
        public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location, Arguments);
    }
}
