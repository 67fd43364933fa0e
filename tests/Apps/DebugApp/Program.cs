using System.Runtime;
using System.Runtime.CompilerServices;
using Coco.Uefi;
using Coco.Uefi.Raw;

namespace DebugApp
{
    /// <summary>Sums the squares of 1..4 through two calls that are never inlined, prints the
    /// sum and exits. The debugger test stops on the line marked below.</summary>
    public static unsafe class Program
    {
        [RuntimeExport("EfiMain")]
        private static EfiStatus EfiMain(EfiHandle imageHandle, EfiSystemTable* systemTable)
        {
            Efi.Initialize(imageHandle, systemTable);
            ulong sum = SumOfSquares(4);
            EfiConsole.WriteLine(sum == 30 ? "DebugApp: sum of squares 30" : "DebugApp: wrong sum");
            return EfiExit.Finish(EfiStatus.Success, shutdown: true);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ulong SumOfSquares(uint count)
        {
            ulong sum = 0;
            for (uint i = 1; i <= count; i++)
            {
                sum += Square(i);
            }
            return sum;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ulong Square(uint value)
        {
            ulong square = (ulong)value * value; // debugger test: breakpoint line
            return square;
        }
    }
}
