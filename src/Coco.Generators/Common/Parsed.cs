using System.Collections.Generic;

namespace Coco.Generators.Common
{
    /// <summary>What a parser makes of one declaration: its spec when it is valid, the problems
    /// otherwise. Shared by the generator and the analyzers, so the generator emits exactly
    /// for the declarations the analyzers accept.</summary>
    internal sealed class Parsed<TSpec>
        where TSpec : class
    {
        public static readonly Parsed<TSpec> Nothing = new Parsed<TSpec>(null, System.Array.Empty<DeclarationProblem>());

        public Parsed(TSpec? spec, IReadOnlyList<DeclarationProblem> problems)
        {
            Spec = spec;
            Problems = problems;
        }

        public TSpec? Spec { get; }

        public IReadOnlyList<DeclarationProblem> Problems { get; }
    }
}
