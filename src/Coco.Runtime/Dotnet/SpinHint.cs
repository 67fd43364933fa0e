using System.Runtime.Intrinsics.X86;
using System.Threading;

namespace Coco.Threading
{
    /// <summary>The .NET build's spin-wait hint: PAUSE where the processor has it (Efi/SpinHint.cs
    /// is the firmware's).</summary>
    public static class SpinHint
    {
        public static void Pause()
        {
            if (X86Base.IsSupported)
            {
                X86Base.Pause();
            }
            else
            {
                Thread.SpinWait(1);
            }
        }
    }
}
