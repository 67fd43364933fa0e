using System.Collections.Generic;

namespace Coco.Generators.Parsing
{
    /// <summary>The outcome of inspecting one layout struct: a spec when it is valid, problems otherwise.</summary>
    internal sealed class LayoutInspection<TSpec>
        where TSpec : class
    {
        public LayoutInspection(TSpec? spec, IReadOnlyList<DeclarationProblem> problems)
        {
            Spec = spec;
            Problems = problems;
        }

        public TSpec? Spec { get; }

        public IReadOnlyList<DeclarationProblem> Problems { get; }
    }
}
