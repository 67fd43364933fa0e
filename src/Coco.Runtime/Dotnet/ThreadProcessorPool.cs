using System.Threading;
using Coco.Uefi;

namespace Coco.Processors
{
    /// <summary>The .NET build's <see cref="ProcessorPool"/>: the caller (CPU 0) and
    /// <c>count - 1</c> threads, so that .NET tests run the same scheduling code firmware runs
    /// on its processors.</summary>
    public static unsafe class ThreadProcessorPool
    {
        public static ProcessorPool Create(uint count) =>
            count <= 1 ? ProcessorPool.CallerOnly : new ProcessorPool { Count = count, RunFunction = &Run, NameFunction = &Name };

        private static string Name() => "threads";

        private static EfiStatus Run(void* context, uint count, delegate*<void*, uint, void> work, void* argument)
        {
            nint workPointer = (nint)work, argumentPointer = (nint)argument;
            var threads = new Thread[count - 1];
            for (uint cpu = 1; cpu < count; cpu++)
            {
                uint number = cpu;
                threads[cpu - 1] = new Thread(() => ((delegate*<void*, uint, void>)workPointer)((void*)argumentPointer, number));
                threads[cpu - 1].Start();
            }
            work(argument, 0);
            foreach (Thread thread in threads)
            {
                thread.Join();
            }
            return EfiStatus.Success;
        }
    }
}
