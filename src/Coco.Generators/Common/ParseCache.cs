using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Common
{
    /// <summary>One parse per declaration per compilation, shared by every rule's analyzer:
    /// each rule has its own analyzer (one per file, named after the rule), and they would
    /// otherwise parse each declaration once per rule. Released with the compilation.</summary>
    internal static class ParseCache<TValue>
        where TValue : class
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ISymbol, TValue>> Caches = new();

        /// <summary>The parse of <paramref name="symbol"/>, made by <paramref name="parse"/> the
        /// first time (a race may parse twice; a cancelled parse caches nothing).</summary>
        public static TValue Get(Compilation compilation, ISymbol symbol, Func<ISymbol, TValue> parse)
        {
            ConcurrentDictionary<ISymbol, TValue> cache = Caches.GetValue(compilation, static _ => new ConcurrentDictionary<ISymbol, TValue>(SymbolEqualityComparer.Default));
            return cache.GetOrAdd(symbol, parse);
        }
    }
}
