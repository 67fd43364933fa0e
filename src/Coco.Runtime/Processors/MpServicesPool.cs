using System.Threading;
using Coco.Uefi;
using Coco.Uefi.Raw;

namespace Coco.Processors
{
    /// <summary>
    /// A <see cref="ProcessorPool"/> over EFI_MP_SERVICES_PROTOCOL: StartupAllAPs in non-blocking
    /// mode (with an event), so that the BSP runs the work too and then waits for the event; each
    /// CPU is numbered by WhoAmI, the firmware's processor number. With no protocol or no enabled
    /// AP the pool is the BSP alone, and says why.
    /// </summary>
    public static unsafe class MpServicesPool
    {
        // What StartupAllAPs hands each AP: the work, its argument, the protocol for WhoAmI, and
        // tickets so that no more than Limit CPUs (the BSP's included) take part.
        private struct Dispatch
        {
            public delegate*<void*, uint, void> Work;
            public void* Argument;
            public EfiMpServicesProtocol* Protocol;
            public int Limit;
            public int Tickets;
        }

        /// <summary>
        /// The pool of the enabled processors, at most <paramref name="maxCpus"/> (0: all).
        /// Never fails: without MP services, with one enabled processor or with
        /// <paramref name="maxCpus"/> 1 it is <see cref="ProcessorPool.CallerOnly"/> with the reason.
        /// </summary>
        public static ProcessorPool Open(uint maxCpus = 0)
        {
            ProcessorPool pool = ProcessorPool.CallerOnly;
            if (!Efi.IsInitialized)
            {
                pool.FallbackReason = EfiStatus.NotReady;
                return pool;
            }
            EfiStatus status = Efi.LocateProtocol(EfiMpServicesProtocol.Guid, out void* found);
            if (status.IsError || found == null)
            {
                pool.FallbackReason = status.IsError ? status : EfiStatus.NotFound;
                return pool;
            }
            EfiMpServicesProtocol* protocol = (EfiMpServicesProtocol*)found;
            nuint total, enabled;
            status = protocol->GetNumberOfProcessors(protocol, &total, &enabled);
            if (status.IsError)
            {
                pool.FallbackReason = status;
                return pool;
            }
            uint count = (uint)enabled;
            if (maxCpus != 0 && count > maxCpus)
            {
                count = maxCpus;
            }
            if (count <= 1)
            {
                pool.FallbackReason = EfiStatus.NotStarted;
                return pool;
            }
            pool.Context = protocol;
            pool.Count = count;
            pool.RunFunction = &Run;
            pool.NameFunction = &Name;
            return pool;
        }

        private static string Name() => "mp-services";

        private static EfiStatus Run(void* context, uint count, delegate*<void*, uint, void> work, void* argument)
        {
            EfiMpServicesProtocol* protocol = (EfiMpServicesProtocol*)context;
            // The BSP holds ticket 0; each AP takes the next and stays out past the limit.
            Dispatch dispatch = new Dispatch { Work = work, Argument = argument, Protocol = protocol, Limit = (int)count, Tickets = 1 };
            void* done = null;
            EfiStatus status = Efi.BootServices->CreateEvent(0, 0, null, null, &done);
            if (status.IsError)
            {
                return status;
            }
            status = protocol->StartupAllAPs(protocol, &ApEntry, 0, done, 0, &dispatch, null);
            if (status.IsError)
            {
                Efi.BootServices->CloseEvent(done);
                if (status != EfiStatus.NotStarted)
                {
                    return status;
                }
                // No enabled AP after all: the BSP does it alone.
            }
            work(argument, CallerNumber(protocol));
            if (!status.IsError)
            {
                nuint index;
                status = Efi.BootServices->WaitForEvent(1, &done, &index);
                Efi.BootServices->CloseEvent(done);
            }
            return status.IsError ? status : EfiStatus.Success;
        }

        [System.Runtime.InteropServices.UnmanagedCallersOnly]
        private static void ApEntry(void* argument)
        {
            Dispatch* dispatch = (Dispatch*)argument;
            if (Interlocked.Increment(ref dispatch->Tickets) > dispatch->Limit)
            {
                return;
            }
            dispatch->Work(dispatch->Argument, CallerNumber(dispatch->Protocol));
        }

        private static uint CallerNumber(EfiMpServicesProtocol* protocol)
        {
            nuint number = 0;
            return protocol->WhoAmI(protocol, &number).IsError ? 0u : (uint)number;
        }
    }
}
