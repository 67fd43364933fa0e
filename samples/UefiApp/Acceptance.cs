using Coco.Memory;
using Coco.Platform;
using Coco.Processors;
using Coco.Uefi;
using Coco.Uefi.Raw;
using Coco.Unaccepted;

namespace UefiApp
{
    /// <summary>
    /// What the EFI stub would do, in the sample: take the platform's acceptor from the facade
    /// (or, with --simulate-unaccepted, open the simulation --platform= names), publish the table
    /// from the memory map, with --eager accept every pending unit, and with --chainload let the
    /// platform prepare the handoff before anything reads the table.
    /// </summary>
    internal unsafe struct Acceptance
    {
        /// <summary>The platform, open for the app's run (gates and acceptor point into it).</summary>
        public ConfidentialPlatform Platform;

        /// <summary>The platform the processor reported, before any simulation replaced it.</summary>
        public bool HardwareConfidential;

        public PublishResult Publish;
        public UnacceptedSimulation Simulation;
        public long EagerUnits;

        /// <summary>How --eager or --accept-upfront ran: CPUs, chunk, time, bytes per CPU.</summary>
        public ParallelAcceptanceReport Parallel;
        public bool ParallelRan;

        /// <summary>True for --eager (everything), false for --accept-upfront (a part).</summary>
        public bool EagerAll;

        /// <summary>With --chainload: what was measured before the handoff.</summary>
        public Measurements Measured;

        /// <summary>--measure-store-loop: bytes stored and the microseconds it took.</summary>
        public ulong StoreLoopBytes;
        public ulong StoreLoopMicroseconds;
        public ulong StoreLoopBuffer;
        public ulong PendingUnits;
        public AcceptResult EagerError;
        public HandoffReport Handoff;
        public bool HandoffTried;

        /// <summary>The memory map the pipeline published from (with --simulate-unaccepted, the
        /// retyped copy); owned, freed by <see cref="Release"/>. No buffer when the pipeline
        /// stopped before reading one.</summary>
        public EfiMemoryMap Map;

        /// <summary>Runs the pipeline into <paramref name="self"/> (caller-owned: the platform's
        /// gates point into it while acceptance runs).</summary>
        public static EfiStatus Run(Acceptance* self, in Options options)
        {
            EfiStatus status = ConfidentialPlatforms.Open(&self->Platform);
            if (status.IsError)
            {
                EfiConsole.Write("UefiApp: cannot open the confidential platform: ");
                EfiConsole.WriteLine(status.Name);
                return status;
            }
            self->HardwareConfidential = self->Platform.IsConfidential;
            if (options.SimulateUnacceptedMiB != 0)
            {
                if (self->HardwareConfidential)
                {
                    EfiConsole.Write("UefiApp: --simulate-unaccepted is refused on a confidential guest (");
                    EfiConsole.Write(self->Platform.Name);
                    EfiConsole.WriteLine("): its memory is really unaccepted.");
                    return EfiStatus.InvalidParameter;
                }
                if (options.MeasureStoreLoop)
                {
                    // Before the simulation picks its ranges, so that they never hold these pages.
                    status = MeasureStoreLoop(self, (ulong)options.SimulateUnacceptedMiB << 20);
                    if (status.IsError)
                    {
                        return status;
                    }
                }
                status = PrepareSimulation(self, options);
                if (status.IsError)
                {
                    return status;
                }
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

            MemoryAcceptor acceptor = self->Platform.Acceptor;
            self->Publish = UnacceptedTablePublisher.Publish(self->Map, acceptor);
            if (self->Publish.IsError)
            {
                return self->Publish.Status;
            }
            if ((options.Eager || options.AcceptUpfrontMiB != 0) && self->Publish.Table != null)
            {
                LazyAcceptance lazy;
                LazyAcceptance.Initialize(&lazy, self->Publish.Table, acceptor);
                ulong endUnit = options.Eager ? lazy.UnitCount : ParallelAcceptance.EndUnitForFirstBytes(&lazy, options.AcceptUpfrontMiB << 20);
                ulong chunkBytes = options.ChunkMiB == 0 ? ParallelAcceptance.DefaultChunkBytes : options.ChunkMiB << 20;
                // Every CPU the firmware offers; APs only touch memory (the acceptor, the bitmap).
                ProcessorPool cpus = MpServicesPool.Open();
                ParallelAcceptance job;
                self->EagerError = ParallelAcceptance.Run(&job, &lazy, endUnit, cpus, chunkBytes, &self->Parallel);
                self->ParallelRan = true;
                self->EagerAll = options.Eager;
                self->EagerUnits = lazy.UnitsAccepted;
                if (self->EagerError.IsError)
                {
                    return self->EagerError.Status;
                }
            }
            self->PendingUnits = self->Publish.Table == null ? 0 : self->Publish.Table->Bits.CountSet();
            if (options.Chainload)
            {
                // Before the report, so that it says what was done for the next image.
                self->HandoffTried = true;
                status = ConfidentialPlatform.PrepareHandoff(&self->Platform, &self->Handoff);
                if (status.IsError)
                {
                    return status;
                }
                return Measurements.Run(&self->Measured, &self->Platform, self->Publish.Table, options);
            }
            return EfiStatus.Success;
        }

        /// <summary>
        /// Stores zeros 8 bytes at a time, one CPU, over <paramref name="bytes"/> of fresh pages
        /// (never touched before, as the memory acceptance zeroes is; kept until
        /// <see cref="Release"/> so that the simulation cannot pick them): what the guest's
        /// memory does at its best, to which the simulated acceptance's throughput is compared.
        /// </summary>
        private static EfiStatus MeasureStoreLoop(Acceptance* self, ulong bytes)
        {
            EfiStatus status = Efi.AllocatePages(EfiMemoryType.LoaderData, (nuint)(bytes >> PageSize.Shift4K), out ulong buffer);
            if (status.IsError)
            {
                EfiConsole.WriteLine("UefiApp: --measure-store-loop needs as much free memory again as --simulate-unaccepted");
                return status;
            }
            ulong* words = (ulong*)buffer;
            ulong count = bytes / 8;
            ulong start = Coco.Time.Timestamp.Now();
            for (ulong i = 0; i < count; i++)
            {
                words[i] = 0;
            }
            self->StoreLoopMicroseconds = Coco.Time.Timestamp.Microseconds(start, Coco.Time.Timestamp.Now());
            self->StoreLoopBytes = bytes;
            self->StoreLoopBuffer = buffer;
            return EfiStatus.Success;
        }

        /// <summary>Frees the map kept for the report and the store loop's pages.</summary>
        public void Release()
        {
            Map.Free();
            Map = default;
            if (StoreLoopBuffer != 0)
            {
                Efi.FreePages(StoreLoopBuffer, (nuint)(StoreLoopBytes >> PageSize.Shift4K));
                StoreLoopBuffer = 0;
            }
        }

        /// <summary>Closes the platform (the gates go back to none).</summary>
        public static void Close(Acceptance* self) => ConfidentialPlatforms.Close(&self->Platform);

        private static EfiStatus PrepareSimulation(Acceptance* self, in Options options)
        {
            EfiStatus status = EfiMemoryMap.Read(out EfiMemoryMap before);
            if (status.IsError)
            {
                return status;
            }
            status = UnacceptedSimulation.Reserve(before, options.SimulateUnacceptedMiB, out self->Simulation);
            before.Free();
            if (status.IsError)
            {
                EfiConsole.WriteLine("UefiApp: not enough free memory in one range for --simulate-unaccepted; give less or boot with more memory.");
                return status;
            }
            SimulatedMemory memory = default;
            memory.WindowBase = Align.Down(self->Simulation.WindowStart, PageSize.Size4K);
            memory.PageCount = (self->Simulation.WindowEnd - memory.WindowBase) >> PageSize.Shift4K;
            memory.StateBytes = ConfidentialPlatforms.SimulationStateBytes(options.SimulatedPlatform, memory.PageCount);
            status = Efi.AllocatePool(EfiMemoryType.LoaderData, (nuint)memory.StateBytes, out memory.State);
            if (status.IsError)
            {
                return status;
            }
            // UEFI maps memory 1:1, and the simulated ranges are this app's own allocation, so the
            // simulation zeroes what it accepts just as the hardware hands out zeroed pages.
            memory.Backing = (byte*)memory.WindowBase;
            status = ConfidentialPlatforms.OpenSimulated(&self->Platform, options.SimulatedPlatform, &memory);
            if (status.IsError)
            {
                EfiConsole.Write("UefiApp: cannot open the simulated platform: ");
                EfiConsole.WriteLine(status.Name);
            }
            return status;
        }
    }
}
