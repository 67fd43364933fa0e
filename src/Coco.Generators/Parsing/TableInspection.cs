using System.Collections.Generic;
using Coco.Generators.Model;

namespace Coco.Generators.Parsing
{
    /// <summary>The outcome of inspecting one table: a spec when it is valid, problems otherwise.</summary>
    internal sealed class TableInspection
    {
        public TableInspection(TableSpec? spec, IReadOnlyList<TableProblem> problems)
        {
            Spec = spec;
            Problems = problems;
        }

        public TableSpec? Spec { get; }

        public IReadOnlyList<TableProblem> Problems { get; }
    }
}
