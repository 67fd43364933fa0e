using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Coco.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Parsing
{
    /// <summary>One reason a declaration (layout struct or TDX call) is invalid, ready to become
    /// a diagnostic: reported by the analyzers, or carried through the generator's pipeline as
    /// a <see cref="DiagnosticInfo"/> when the generator reports it (<see cref="HiddenByCompilerErrors"/>).</summary>
    internal sealed record DeclarationProblem(DiagnosticDescriptor Descriptor, Location Location, object[] Arguments)
    {
        public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location, Arguments);

        public DiagnosticInfo ToInfo() => DiagnosticInfo.Create(
            Descriptor,
            Location,
            Arguments.Select(argument => System.Convert.ToString(argument, CultureInfo.InvariantCulture) ?? string.Empty).ToArray());

        /// <summary>The problems the generator reports for a declaration: all of them when the
        /// analyzers' report would be hidden, none otherwise.</summary>
        public static EquatableArray<DiagnosticInfo> ForGenerator(IReadOnlyList<DeclarationProblem> problems, bool hiddenByCompilerErrors) =>
            hiddenByCompilerErrors && problems.Count > 0
                ? new EquatableArray<DiagnosticInfo>(problems.Select(problem => problem.ToInfo()).ToArray())
                : EquatableArray<DiagnosticInfo>.Empty;
    }
}
