using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coco.Generators.Layouts.Analyzers
{
    /// <summary>COCO1004: configuration tables in one compilation that share a GUID. Find()
    /// could return either, and InstallConfigurationTable would replace one with the other.
    /// Needs the whole compilation, so it reports at compilation end.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DuplicateGuidAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(LayoutRules.DuplicateGuid);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                if (start.Compilation.GetTypeByMetadataName(WellKnownNames.ConfigurationTableAttribute) is null)
                {
                    return;
                }
                var tablesByGuid = new ConcurrentDictionary<GuidValue, ConcurrentBag<INamedTypeSymbol>>();
                start.RegisterSymbolAction(symbolContext =>
                {
                    var type = (INamedTypeSymbol)symbolContext.Symbol;
                    AttributeData? attribute = CocoAttributes.Find(type, CocoAttribute.EfiConfigurationTable);
                    if (attribute is { ConstructorArguments.Length: 1 }
                        && GuidText.TryParse(attribute.ConstructorArguments[0].Value as string, out GuidValue guid))
                    {
                        tablesByGuid.GetOrAdd(guid, _ => new ConcurrentBag<INamedTypeSymbol>()).Add(type);
                    }
                }, SymbolKind.NamedType);
                start.RegisterCompilationEndAction(end =>
                {
                    foreach (var pair in tablesByGuid)
                    {
                        // Ordered by name so that each table names the same partner on every run.
                        INamedTypeSymbol[] tables = pair.Value
                            .OrderBy(t => t.ToDisplayString(), System.StringComparer.Ordinal)
                            .ToArray();
                        for (int i = 0; i < tables.Length && tables.Length > 1; i++)
                        {
                            INamedTypeSymbol other = tables[i == 0 ? 1 : 0];
                            end.ReportDiagnostic(Diagnostic.Create(
                                LayoutRules.DuplicateGuid,
                                Symbols.LocationOf(tables[i]),
                                tables[i].Name,
                                pair.Key.ToString(),
                                other.ToDisplayString()));
                        }
                    }
                });
            });
        }
    }
}
