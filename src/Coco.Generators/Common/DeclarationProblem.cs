using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Common
{
    /// <summary>One reason a declaration (layout struct or TDX call) is invalid, ready to become
    /// a diagnostic: reported by the analyzers, or carried through the generator's pipeline as
    /// a <see cref="DiagnosticInfo"/> when the generator reports it (<see cref="HiddenByCompilerErrors"/>).</summary>
    internal sealed record DeclarationProblem(DiagnosticDescriptor Descriptor, Location Location, string[] Arguments)
    {
        public DeclarationProblem(DiagnosticDescriptor descriptor, Location location, string argument)
            : this(descriptor, location, new[] { argument })
        {
        }

        public Diagnostic ToDiagnostic()
        {
            var arguments = new object[Arguments.Length];
            System.Array.Copy(Arguments, arguments, arguments.Length);
            return Diagnostic.Create(Descriptor, Location, arguments);
        }

        public DiagnosticInfo ToInfo() => DiagnosticInfo.Create(Descriptor, Location, Arguments);

        /// <summary>The problems the generator reports for a declaration: all of them when the
        /// analyzers' report would be hidden, none otherwise.</summary>
        public static EquatableArray<DiagnosticInfo> ForGenerator(IReadOnlyList<DeclarationProblem> problems, bool hiddenByCompilerErrors)
        {
            if (!hiddenByCompilerErrors || problems.Count == 0)
            {
                return EquatableArray<DiagnosticInfo>.Empty;
            }
            var infos = new DiagnosticInfo[problems.Count];
            for (int i = 0; i < infos.Length; i++)
            {
                infos[i] = problems[i].ToInfo();
            }
            return new EquatableArray<DiagnosticInfo>(infos);
        }

        public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
