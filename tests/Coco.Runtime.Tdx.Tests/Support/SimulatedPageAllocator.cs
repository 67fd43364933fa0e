using System;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Threading;
using Coco.Tdx.Host.Pamt;

namespace Coco.Runtime.Tdx.Tests.Support
{
    /// <summary>
    /// A thread-safe host page allocator over a range of TDX memory, behind the firmware's
    /// <see cref="PamtPageSource"/> function pointers. Counts what is out so tests can check
    /// that every page came back.
    /// </summary>
    public sealed unsafe class SimulatedPageAllocator : IDisposable
    {
        private readonly ConcurrentStack<ulong> _free = new ConcurrentStack<ulong>();
        private GCHandle _handle;
        private long _outstanding;

        public SimulatedPageAllocator(ulong start, int pages)
        {
            for (int i = pages - 1; i >= 0; i--)
            {
                _free.Push(start + (ulong)i * 4096);
            }
            Capacity = pages;
            _handle = GCHandle.Alloc(this);
        }

        public int Capacity { get; }

        public int FreePages => _free.Count;

        public long Outstanding => Interlocked.Read(ref _outstanding);

        public PamtPageSource Source => new PamtPageSource
        {
            Context = (void*)GCHandle.ToIntPtr(_handle),
            AllocatePage = &Allocate,
            FreePage = &Free,
        };

        public void Dispose()
        {
            if (_handle.IsAllocated)
            {
                _handle.Free();
            }
        }

        private static ulong Allocate(void* context)
        {
            var self = (SimulatedPageAllocator)GCHandle.FromIntPtr((IntPtr)context).Target!;
            if (!self._free.TryPop(out ulong page))
            {
                return 0;
            }
            Interlocked.Increment(ref self._outstanding);
            return page;
        }

        private static void Free(void* context, ulong page)
        {
            var self = (SimulatedPageAllocator)GCHandle.FromIntPtr((IntPtr)context).Target!;
            if (page == 0)
            {
                throw new InvalidOperationException("freed page 0");
            }
            Interlocked.Decrement(ref self._outstanding);
            self._free.Push(page);
        }
    }
}
