using Microsoft.CodeAnalysis;

namespace Coco.Generators.Parsing
{
    /// <summary>One reason a declaration (layout struct or TDX call) is invalid, ready to become
    /// a diagnostic. Only analyzers keep these: generators read the inspection's spec and drop the rest.</summary>
    internal sealed record DeclarationProblem(DiagnosticDescriptor Descriptor, Location Location, object[] Arguments)
    {
        public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location, Arguments);
    }
}
