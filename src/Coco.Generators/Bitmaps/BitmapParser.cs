using System.Collections.Generic;
using Coco.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Coco.Generators.Bitmaps
{
    /// <summary>Reads [Bitmap] on a layout struct's members: the unit of a trailing array of
    /// 64-bit words, and the attribute anywhere else.</summary>
    internal static class BitmapParser
    {
        private const ulong MinimumUnitSize = 4096;

        /// <summary>The bitmap of a trailing array marked [Bitmap] (<paramref name="attribute"/>),
        /// or null with a problem when the array is not of ulong or the unit is invalid.</summary>
        public static BitmapSpec? Parse(ISymbol member, AttributeData attribute, bool isWordArray, List<DeclarationProblem> problems)
        {
            if (!isWordArray)
            {
                problems.Add(NotWordArray(member));
                return null;
            }
            ulong unitSize = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ulong value ? value : 0;
            if (unitSize < MinimumUnitSize || (unitSize & (unitSize - 1)) != 0)
            {
                problems.Add(new DeclarationProblem(BitmapRules.InvalidUnitSize, CocoAttributes.LocationOf(attribute, member),
                    new[] { member.Name, DeclarationProblem.Number(unitSize) }));
                return null;
            }
            int shift = 0;
            while ((1UL << shift) != unitSize)
            {
                shift++;
            }
            return new BitmapSpec(unitSize, shift);
        }

        /// <summary>[Bitmap] on a member that is not a trailing array.</summary>
        public static DeclarationProblem NotWordArray(ISymbol member) =>
            new DeclarationProblem(BitmapRules.BitmapNotWordArray, Symbols.LocationOf(member), member.Name);
    }
}
