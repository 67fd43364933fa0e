using Coco.Uefi;

namespace Coco.Processors
{
    /// <summary>
    /// The CPUs a piece of work can run on: <see cref="Run"/> calls <c>work(argument, cpu)</c> on
    /// each of <see cref="Count"/> CPUs, the caller's included, at the same time, and returns once
    /// every one has returned. Firmware gets one from the MP services protocol
    /// (<see cref="MpServicesPool"/>); the .NET build runs threads (Dotnet/ThreadProcessorPool.cs);
    /// <see cref="CallerOnly"/> is the fallback with one CPU. Work on another CPU may touch memory
    /// only: no console, no allocation, no firmware services.
    /// </summary>
    public unsafe struct ProcessorPool
    {
        public void* Context;

        /// <summary>Run(context, count, work, argument): <c>work</c> on <c>count</c> CPUs.</summary>
        public delegate*<void*, uint, delegate*<void*, uint, void>, void*, EfiStatus> RunFunction;

        /// <summary>CPUs that run the work, the caller included.</summary>
        public uint Count;

        /// <summary>"mp-services", "threads", or "caller-only".</summary>
        public delegate*<string> NameFunction;

        /// <summary>Why the pool has only the caller: the status of the firmware call that found
        /// no other CPU (EFI_NOT_FOUND without MP services), EFI_SUCCESS otherwise.</summary>
        public EfiStatus FallbackReason;

        public string Name => NameFunction == null ? "caller-only" : NameFunction();

        /// <summary>The calling CPU alone, numbered 0.</summary>
        public static ProcessorPool CallerOnly => new ProcessorPool { Count = 1, NameFunction = &CallerOnlyName };

        /// <summary>Runs <paramref name="work"/> on every CPU of the pool; returns when all are done.</summary>
        public EfiStatus Run(delegate*<void*, uint, void> work, void* argument)
        {
            if (RunFunction == null)
            {
                work(argument, 0);
                return EfiStatus.Success;
            }
            return RunFunction(Context, Count, work, argument);
        }

        private static string CallerOnlyName() => "caller-only";
    }
}
