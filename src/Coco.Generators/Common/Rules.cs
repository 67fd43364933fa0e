using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Common
{
    /// <summary>How Coco's rules are made, and every rule by ID. Each feature declares its own
    /// (Layouts/LayoutRules, Bitmaps/BitmapRules, TdxCalls/TdxCallRules); each has a page under
    /// docs/diagnostics and its analyzer in the feature's Analyzers folder.</summary>
    internal static class Rules
    {
        private const string HelpLinkBase = "https://github.com/coco-sdk/coco/blob/main/docs/diagnostics/";

        /// <summary>An error rule with its help page.</summary>
        public static DiagnosticDescriptor Error(string id, string category, string title, string messageFormat, bool compilationEnd = false) =>
            new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                DiagnosticSeverity.Error,
                isEnabledByDefault: true,
                description: null,
                helpLinkUri: HelpLinkBase + id + ".md",
                customTags: compilationEnd ? new[] { WellKnownDiagnosticTags.CompilationEnd } : System.Array.Empty<string>());

        /// <summary>The rule with this ID (the generator's pipeline carries IDs, not descriptors).</summary>
        public static DiagnosticDescriptor WithId(string id) => ById.Descriptors[id];

        /// <summary>Every rule of every feature.</summary>
        public static IEnumerable<DiagnosticDescriptor> All => ById.Descriptors.Values;

        private static class ById
        {
            public static readonly Dictionary<string, DiagnosticDescriptor> Descriptors =
                new[] { typeof(Layouts.LayoutRules), typeof(Bitmaps.BitmapRules), typeof(TdxCalls.TdxCallRules) }
                    .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
                    .Select(field => field.GetValue(null))
                    .OfType<DiagnosticDescriptor>()
                    .ToDictionary(descriptor => descriptor.Id);
        }
    }
}
