using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Coco.Generators.Common
{
    /// <summary>A diagnostic as pipeline data: the rule's ID, the place as file path, span
    /// and line span, and the message arguments, all values. A Location or Diagnostic in a step's
    /// output would keep its compilation alive and never compare equal across runs.</summary>
    internal sealed record DiagnosticInfo(
        string DescriptorId,
        string? FilePath,
        int SpanStart,
        int SpanLength,
        int StartLine,
        int StartCharacter,
        int EndLine,
        int EndCharacter,
        EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, string[] arguments)
        {
            if (!location.IsInSource)
            {
                return new DiagnosticInfo(descriptor.Id, null, 0, 0, 0, 0, 0, 0, new EquatableArray<string>(arguments));
            }
            LinePositionSpan lines = location.GetLineSpan().Span;
            return new DiagnosticInfo(
                descriptor.Id,
                location.SourceTree!.FilePath,
                location.SourceSpan.Start,
                location.SourceSpan.Length,
                lines.Start.Line,
                lines.Start.Character,
                lines.End.Line,
                lines.End.Character,
                new EquatableArray<string>(arguments));
        }

        /// <summary>The diagnostic, placed in its file by path (the generator's output step has
        /// no syntax tree to point into).</summary>
        public Diagnostic ToDiagnostic()
        {
            Location location = FilePath is null
                ? Location.None
                : Location.Create(
                    FilePath,
                    new TextSpan(SpanStart, SpanLength),
                    new LinePositionSpan(new LinePosition(StartLine, StartCharacter), new LinePosition(EndLine, EndCharacter)));
            var arguments = new object[Arguments.Count];
            for (int i = 0; i < arguments.Length; i++)
            {
                arguments[i] = Arguments[i];
            }
            return Diagnostic.Create(Rules.WithId(DescriptorId), location, arguments);
        }
    }
}
