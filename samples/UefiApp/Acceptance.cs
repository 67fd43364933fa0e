using Coco.Memory;
using Coco.Platform;
using Coco.Tdx.Efi;
using Coco.Tdx.Guest;
using Coco.Tdx.Guest.Simulation;
using Coco.Uefi;
using Coco.Unaccepted;

namespace UefiApp
{
    /// <summary>Which acceptor did the work.</summary>
    internal enum AcceptorChoice
    {
        None,
        TdxHardware,
        TdxSimulated,
        Edk2Protocol,
    }

    /// <summary>
    /// What the EFI stub would do, in the sample: pick the acceptor for the platform (TDX, the
    /// simulated module, or edk2's memory-accept protocol), publish the table from the memory
    /// map, and with --eager accept every pending unit before anything else starts.
    /// </summary>
    internal unsafe struct Acceptance
    {
        public AcceptorChoice Acceptor;
        public PublishResult Publish;
        public TdxAcceptorState Tdx;
        public SimulatedTdxGuestModule Module;
        public UnacceptedSimulation Simulation;
        public long EagerUnits;
        public ulong PendingUnits;
        public AcceptResult EagerError;

        /// <summary>The memory map the pipeline published from (with --simulate-unaccepted, the
        /// retyped copy); owned, freed by <see cref="Release"/>. No buffer when the pipeline
        /// stopped before reading one.</summary>
        public EfiMemoryMap Map;

        /// <summary>Runs the pipeline into <paramref name="self"/> (caller-owned: the TDCALL gate
        /// points into it while acceptance runs).</summary>
        public static EfiStatus Run(Acceptance* self, in Options options, ConfidentialPlatform platform)
        {
            if (options.SimulateUnacceptedMiB != 0 && platform == ConfidentialPlatform.TdxGuest)
            {
                EfiConsole.WriteLine("UefiApp: --simulate-unaccepted is refused on a TDX guest: its memory is really unaccepted.");
                return EfiStatus.InvalidParameter;
            }
            self->Tdx = TdxAcceptorState.Create();
            EfiStatus status = options.SimulateUnacceptedMiB != 0
                ? PrepareSimulation(self, options.SimulateUnacceptedMiB)
                : EfiStatus.Success;
            if (status.IsError)
            {
                return status;
            }
            status = EfiMemoryMap.Read(out EfiMemoryMap firmwareMap);
            if (status.IsError)
            {
                return status;
            }
            self->Map = firmwareMap;
            if (options.SimulateUnacceptedMiB != 0)
            {
                nuint bytes = firmwareMap.MapSize + 2 * UnacceptedSimulation.RangeCount * firmwareMap.DescriptorSize;
                status = Efi.AllocatePool(EfiMemoryType.LoaderData, bytes, out void* simulatedBuffer);
                if (!status.IsError && !self->Simulation.Apply(firmwareMap, (byte*)simulatedBuffer, bytes, out self->Map))
                {
                    Efi.FreePool(simulatedBuffer);
                    status = EfiStatus.BufferTooSmall;
                }
                firmwareMap.Free();
                if (status.IsError)
                {
                    self->Map = default;
                    return status;
                }
            }

            MemoryAcceptor acceptor = ChooseAcceptor(self, platform, options.SimulateUnacceptedMiB != 0);
            self->Publish = UnacceptedTablePublisher.Publish(self->Map, acceptor);
            if (self->Publish.IsError)
            {
                return self->Publish.Status;
            }
            if (options.Eager && self->Publish.Table != null)
            {
                LazyAcceptance lazy;
                LazyAcceptance.Initialize(&lazy, self->Publish.Table, acceptor);
                self->EagerError = LazyAcceptance.AcceptAll(&lazy);
                self->EagerUnits = lazy.UnitsAccepted;
                if (self->EagerError.IsError)
                {
                    return self->EagerError.Status;
                }
            }
            self->PendingUnits = self->Publish.Table == null ? 0 : self->Publish.Table->Bits.CountSet();
            return EfiStatus.Success;
        }

        /// <summary>Frees the map kept for the report.</summary>
        public void Release()
        {
            Map.Free();
            Map = default;
        }

        private static EfiStatus PrepareSimulation(Acceptance* self, ulong mebibytes)
        {
            EfiStatus status = EfiMemoryMap.Read(out EfiMemoryMap before);
            if (status.IsError)
            {
                return status;
            }
            status = UnacceptedSimulation.Reserve(before, mebibytes, out self->Simulation);
            before.Free();
            if (status.IsError)
            {
                EfiConsole.WriteLine("UefiApp: not enough free memory in one range for --simulate-unaccepted; give less or boot with more memory.");
                return status;
            }
            ulong windowStart = self->Simulation.WindowStart & ~(PageSize.Size4K - 1);
            ulong pages = (self->Simulation.WindowEnd - windowStart) / PageSize.Size4K;
            ulong stateBytes = SimulatedTdxGuestModule.StateWordsFor(pages) * 8;
            status = Efi.AllocatePool(EfiMemoryType.LoaderData, (nuint)stateBytes, out void* state);
            if (status.IsError)
            {
                return status;
            }
            // UEFI maps memory 1:1, and the simulated ranges are this app's own allocation, so the
            // module zeroes what it accepts just as the real module hands out zeroed pages.
            SimulatedTdxGuestModule.Initialize(&self->Module, windowStart, pages, (ulong*)state, (byte*)windowStart);
            return EfiStatus.Success;
        }

        private static MemoryAcceptor ChooseAcceptor(Acceptance* self, ConfidentialPlatform platform, bool simulated)
        {
            if (simulated)
            {
                SimulatedTdxGuestModule.Install(&self->Module);
                self->Acceptor = AcceptorChoice.TdxSimulated;
                return TdxMemoryAcceptor.Create(&self->Tdx);
            }
            if (platform == ConfidentialPlatform.TdxGuest)
            {
                TdxThunks.UseHardwareTdcall();
                self->Acceptor = AcceptorChoice.TdxHardware;
                return TdxMemoryAcceptor.Create(&self->Tdx);
            }
            if (!Edk2MemoryAcceptor.TryLocate(out MemoryAcceptor protocol).IsError)
            {
                self->Acceptor = AcceptorChoice.Edk2Protocol;
                return protocol;
            }
            self->Acceptor = AcceptorChoice.None;
            return default;
        }

        public static string Name(AcceptorChoice choice) => choice switch
        {
            AcceptorChoice.TdxHardware => "tdx",
            AcceptorChoice.TdxSimulated => "tdx-simulated",
            AcceptorChoice.Edk2Protocol => "edk2-memory-accept-protocol",
            _ => "none",
        };
    }
}
