using System.Runtime;
using System.Runtime.CompilerServices;

namespace Coco.Threading
{
    /// <summary>The processor's spin-wait hint (PAUSE, Efi/CocoRuntime.asm): a waiting CPU lets
    /// its sibling hyperthread run and saves power. Dotnet/SpinHint.cs is the .NET build's.</summary>
    public static class SpinHint
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "coco_pause")]
        public static extern void Pause();
    }
}
