using Coco.Platform;
using Coco.SevSnp.Abi;
using Coco.SevSnp.Guest.Simulation;
using Coco.Text;
using Coco.Uefi;

namespace Coco.SevSnp.Guest
{
    /// <summary>
    /// AMD SEV-SNP as a platform of Coco's facade: registers "snp" with
    /// <see cref="ConfidentialPlatforms"/>, recognises SNP guests (<see cref="SnpDetection"/>), and
    /// opens either the real platform (PVALIDATE and VMGEXIT through the nasm thunks; firmware
    /// only) or the simulated one (<see cref="SimulatedSnpPlatform"/>). Either way the acceptor is
    /// <see cref="SnpMemoryAcceptor"/> and the handoff hook tells OVMF to leave unaccepted memory
    /// alone (<see cref="SnpHandoff"/>).
    /// </summary>
    public static unsafe class SnpGuestPlatform
    {
        /// <summary>The vendor's entry: call <see cref="Register"/> once at start-up.</summary>
        public static PlatformVendor Vendor => new PlatformVendor
        {
            Name = &Name,
            Detect = &SnpDetection.IsSnpGuest,
            Open = &Open,
            SimulationStateBytes = &SimulationStateBytes,
            OpenSimulated = &OpenSimulatedDefault,
        };

        public static EfiStatus Register() => ConfidentialPlatforms.Register(Vendor);

        /// <summary>The SNP state inside <paramref name="platform"/>, for reports and tests.</summary>
        public static SnpPlatformState* StateOf(ConfidentialPlatform* platform) => (SnpPlatformState*)platform->VendorState;

        /// <summary>
        /// Opens the simulation with <paramref name="options"/> (the facade's opens
        /// <see cref="SimulatedSnpOptions.Default"/>): the platform over <paramref name="memory"/>,
        /// installed behind the SNP gate, and an acceptor choosing its transport itself.
        /// </summary>
        public static EfiStatus OpenSimulated(ConfidentialPlatform* platform, SimulatedMemory* memory, in SimulatedSnpOptions options,
            SnpPscTransport transport = SnpPscTransport.Automatic)
        {
            if (sizeof(SnpPlatformState) > ConfidentialPlatform.VendorStateBytes)
            {
                return EfiStatus.BufferTooSmall;
            }
            if (memory->State == null || memory->StateBytes < SimulationStateBytes(memory->PageCount))
            {
                return EfiStatus.BufferTooSmall;
            }
            SnpPlatformState* state = StateOf(platform);
            *state = default;
            state->Acceptor = SnpAcceptorState.Create(transport);
            SimulatedSnpPlatform.Initialize(&state->Simulator, memory->WindowBase, memory->PageCount, (byte*)memory->State, memory->Backing, options);
            state->Simulated = true;
            SimulatedSnpPlatform.Install(&state->Simulator);
            platform->Acceptor = SnpMemoryAcceptor.Create(&state->Acceptor, &SimulatedAcceptorName);
            platform->PrepareHandoffFunction = &SnpHandoff.Prepare;
            platform->WriteDetailsFunction = &WriteDetails;
            platform->CloseFunction = &Close;
            platform->AcceptedPagesInFunction = &AcceptedPagesIn;
            platform->NameFunction = &Name;
            platform->IsSimulated = true;
            return EfiStatus.Success;
        }

        private static string Name() => "snp";

        private static string HardwareAcceptorName() => "snp";

        private static string SimulatedAcceptorName() => "snp-simulated";

        private static ulong SimulationStateBytes(ulong pages) => SimulatedSnpPlatform.StateBytesFor(pages);

        /// <summary>
        /// The real platform: the thunks in the gate, then what OVMF's SEC checked before relying
        /// on the hypervisor (OvmfPkg/Sec/AmdSev.c): GHCB protocol version 2 or later (MSR request
        /// 0x002) and the hypervisor's SEV-SNP feature (request 0x080, bit 0). Cache eviction after
        /// PVALIDATE unless CPUID 0x8000001F EBX[31] says the hardware keeps caches coherent.
        /// Not checked: that this guest runs at VMPL0 (OVMF's SEC does with RMPADJUST and stops
        /// otherwise; under an SVSM, PVALIDATE belongs to the SVSM).
        /// </summary>
        private static EfiStatus Open(ConfidentialPlatform* platform)
        {
            if (sizeof(SnpPlatformState) > ConfidentialPlatform.VendorStateBytes)
            {
                return EfiStatus.BufferTooSmall;
            }
            if (!SnpHardware.TryUseHardware())
            {
                return EfiStatus.Unsupported;
            }
            if (!SnpMsrProtocol.TryQueryHypervisor(out ulong sevInfo, out ulong features)
                || GhcbMsrProtocol.MaxVersionOf(sevInfo) < GhcbLayout.SnpProtocolVersion
                || (features & GhcbMsrProtocol.HypervisorFeatureSnp) == 0)
            {
                SnpGate.Uninstall();
                return EfiStatus.Unsupported;
            }
            ProcessorAccess cpu = ProcessorAccess.Hardware;
            bool coherent = (cpu.Cpuid(SevCpuid.Leaf).Ebx & SevCpuid.EbxCoherencySfwNo) != 0;
            SnpPlatformState* state = StateOf(platform);
            *state = default;
            state->Acceptor = SnpAcceptorState.Create(SnpPscTransport.Automatic, evictCache: !coherent);
            state->GhcbProtocolVersion = GhcbMsrProtocol.MaxVersionOf(sevInfo);
            platform->Acceptor = SnpMemoryAcceptor.Create(&state->Acceptor, &HardwareAcceptorName);
            platform->PrepareHandoffFunction = &SnpHandoff.Prepare;
            platform->WriteDetailsFunction = &WriteDetails;
            platform->CloseFunction = &Close;
            return EfiStatus.Success;
        }

        private static EfiStatus OpenSimulatedDefault(ConfidentialPlatform* platform, SimulatedMemory* memory) =>
            OpenSimulated(platform, memory, SimulatedSnpOptions.Default);

        private static void Close(ConfidentialPlatform* platform) => SnpGate.Uninstall();

        private static ulong AcceptedPagesIn(ConfidentialPlatform* platform, ulong start, ulong end) =>
            StateOf(platform)->Simulator.ValidatedPagesIn(start, end);

        /// <summary>"snp": the page-state changes and how they travelled, and, simulated, what the
        /// hypervisor and the RMP saw.</summary>
        private static void WriteDetails(ConfidentialPlatform* platform, JsonWriter* json)
        {
            SnpPlatformState* state = StateOf(platform);
            SnpAcceptorState* acceptor = &state->Acceptor;
            json->Name("snp");
            json->BeginObject();
            json->Name("transport");
            json->String(acceptor->UsedGhcbPage != 0 && acceptor->UsedMsrProtocol != 0 ? "ghcb+msr"
                : acceptor->UsedGhcbPage != 0 ? "ghcb" : acceptor->UsedMsrProtocol != 0 ? "msr" : "none");
            json->Name("pageStateChanges");
            json->Number(acceptor->PageStateChanges);
            json->Name("pscEntries");
            json->BeginObject();
            json->Name("4k");
            json->Number(acceptor->PscEntries4K);
            json->Name("2m");
            json->Number(acceptor->PscEntries2M);
            json->EndObject();
            json->Name("pscRequests");
            json->Number(acceptor->PscRequests);
            json->Name("msrPscRequests");
            json->Number(acceptor->MsrPscRequests);
            json->Name("ghcbPscExits");
            json->Number(acceptor->GhcbPscExits);
            json->Name("sizeMismatchFallbacks");
            json->Number(acceptor->Counters.Fallbacks);
            json->Name("cacheEviction");
            json->Boolean(acceptor->EvictCache);
            if (state->Simulated)
            {
                SimulatedSnpPlatform* simulator = &state->Simulator;
                json->Name("hypervisor");
                json->String(SimulatedSnpOptions.NameOf(simulator->Behavior));
                json->Name("rmp");
                json->BeginObject();
                json->Name("validatedPages");
                json->Number(simulator->ValidatedPages);
                json->Name("rmpUpdates");
                json->Number(simulator->RmpUpdates);
                json->Name("psmash");
                json->Number(simulator->Psmashes);
                json->Name("npfExits");
                json->Number(simulator->NpfExits);
                json->Name("unchanged");
                json->Number(simulator->UnchangedAnswers);
                json->Name("sizeMismatch");
                json->Number(simulator->SizeMismatchAnswers);
                json->Name("revalidations");
                json->Number(simulator->Revalidations);
                json->Name("flippedPages");
                json->Number(simulator->FlippedPages);
                json->EndObject();
            }
            else
            {
                json->Name("ghcbProtocolVersion");
                json->Number((ulong)state->GhcbProtocolVersion);
            }
            json->EndObject();
        }
    }

    /// <summary>What SEV-SNP keeps in <see cref="ConfidentialPlatform.VendorState"/>.</summary>
    public struct SnpPlatformState
    {
        public SnpAcceptorState Acceptor;
        public SimulatedSnpPlatform Simulator;
        public bool Simulated;

        /// <summary>The hypervisor's highest GHCB protocol version (hardware only).</summary>
        public ushort GhcbProtocolVersion;
    }
}
