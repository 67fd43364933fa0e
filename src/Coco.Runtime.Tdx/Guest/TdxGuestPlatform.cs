using Coco.Platform;
using Coco.Tdx.Abi;
using Coco.Tdx.Guest.Simulation;
using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Tdx.Guest
{
    /// <summary>
    /// Intel TDX as a platform of Coco's facade: registers "tdx" with
    /// <see cref="ConfidentialPlatforms"/>, recognises TDX guests (<see cref="TdxDetection"/>), and
    /// opens either the real module (TDCALL through the nasm thunk; firmware only) or the
    /// simulated TDX 1.5 module. Either way the platform's acceptor is
    /// <see cref="TdxMemoryAcceptor"/>.
    /// </summary>
    public static unsafe class TdxGuestPlatform
    {
        /// <summary>The vendor's entry: call <see cref="Register"/> once at start-up.</summary>
        public static PlatformVendor Vendor => new PlatformVendor
        {
            Name = &Name,
            Detect = &TdxDetection.IsTdxGuest,
            Open = &Open,
            SimulationStateBytes = &SimulationStateBytes,
            OpenSimulated = &OpenSimulatedDefault,
        };

        public static EfiStatus Register() => ConfidentialPlatforms.Register(Vendor);

        /// <summary>The TDX state inside <paramref name="platform"/>, for reports and tests.</summary>
        public static TdxPlatformState* StateOf(ConfidentialPlatform* platform) => (TdxPlatformState*)platform->VendorState;

        /// <summary>
        /// Opens the simulation with <paramref name="options"/> (the facade's opens TDX 1.5):
        /// the module over <paramref name="memory"/>, installed behind the TDCALL gate.
        /// </summary>
        public static EfiStatus OpenSimulated(ConfidentialPlatform* platform, SimulatedMemory* memory, in SimulatedTdxGuestOptions options)
        {
            if (sizeof(TdxPlatformState) > ConfidentialPlatform.VendorStateBytes)
            {
                return EfiStatus.BufferTooSmall;
            }
            if (memory->StateBytes < SimulationStateBytes(memory->PageCount))
            {
                return EfiStatus.BufferTooSmall;
            }
            TdxPlatformState* state = StateOf(platform);
            *state = default;
            state->Acceptor = TdxAcceptorState.Create();
            SimulatedTdxGuestModule.Initialize(&state->Module, memory->WindowBase, memory->PageCount, (ulong*)memory->State, memory->Backing, options);
            state->Simulated = true;
            SimulatedTdxGuestModule.Install(&state->Module);
            platform->Acceptor = TdxMemoryAcceptor.Create(&state->Acceptor, &SimulatedAcceptorName);
            platform->WriteDetailsFunction = &WriteDetails;
            platform->CloseFunction = &Close;
            platform->AcceptedPagesInFunction = &AcceptedPagesIn;
            AddMeasurement(platform);
            platform->NameFunction = &Name;
            platform->IsSimulated = true;
            return EfiStatus.Success;
        }

        private static string Name() => "tdx";

        private static string HardwareAcceptorName() => "tdx";

        private static string SimulatedAcceptorName() => "tdx-simulated";

        private static ulong SimulationStateBytes(ulong pages) => SimulatedTdxGuestModule.StateWordsFor(pages) * 8;

        private static EfiStatus Open(ConfidentialPlatform* platform)
        {
            if (sizeof(TdxPlatformState) > ConfidentialPlatform.VendorStateBytes)
            {
                return EfiStatus.BufferTooSmall;
            }
            if (!TdxHardware.TryUseTdcall())
            {
                return EfiStatus.Unsupported;
            }
            TdxPlatformState* state = StateOf(platform);
            *state = default;
            state->Acceptor = TdxAcceptorState.Create();
            platform->Acceptor = TdxMemoryAcceptor.Create(&state->Acceptor, &HardwareAcceptorName);
            platform->WriteDetailsFunction = &WriteDetails;
            platform->CloseFunction = &Close;
            AddMeasurement(platform);
            return EfiStatus.Success;
        }

        private static EfiStatus OpenSimulatedDefault(ConfidentialPlatform* platform, SimulatedMemory* memory) =>
            OpenSimulated(platform, memory, SimulatedTdxGuestOptions.Tdx15);

        private static void Close(ConfidentialPlatform* platform) => TdcallGate.Uninstall();

        /// <summary>The RTMRs as the platform's measurement registers (CC MR index 1-4 = RTMR0-3).</summary>
        private static void AddMeasurement(ConfidentialPlatform* platform)
        {
            platform->MapPcrToMrIndexFunction = &MapPcrToMrIndex;
            platform->ExtendMeasurementFunction = &ExtendRtmr;
            platform->ReadMeasurementFunction = &ReadRegister;
            platform->CcType = 2;
        }

        /// <summary>edk2 OvmfPkg/IntelTdx/TdxMeasurementLib/TdxMeasurementCommon.c
        /// TdxMeasurementMapPcrToMrIndex: PCR 0 → MRTD (0), 1 and 7 → RTMR0 (1), 2-6 → RTMR1 (2),
        /// 8-15 → RTMR2 (3); none above 15.</summary>
        public static bool MapPcrToMrIndex(ConfidentialPlatform* platform, uint pcr, uint* mrIndex)
        {
            *mrIndex = pcr == 0 ? 0u : pcr == 1 || pcr == 7 ? 1u : pcr <= 6 ? 2u : 3u;
            return pcr <= 15;
        }

        // MR index 1-4 is RTMR 0-3; MRTD (0) was built by the VMM and cannot be extended.
        private static EfiStatus ExtendRtmr(ConfidentialPlatform* platform, uint mrIndex, byte* digest)
        {
            if (mrIndex < 1 || mrIndex > TdReport.RtmrCount)
            {
                return EfiStatus.InvalidParameter;
            }
            byte* buffer = stackalloc byte[128];
            byte* data = (byte*)(((ulong)buffer + 63) & ~63UL);
            for (int i = 0; i < TdReport.MeasurementSize; i++)
            {
                data[i] = digest[i];
            }
            TdxStatus status = TdxGuestCalls.MrRtmrExtend((ulong)data, mrIndex - 1);
            return status.IsSuccess ? EfiStatus.Success : EfiStatus.DeviceError;
        }

        // Through TDG.MR.REPORT: its TDINFO holds MRTD and the RTMRs.
        private static EfiStatus ReadRegister(ConfidentialPlatform* platform, uint mrIndex, byte* value)
        {
            if (mrIndex > TdReport.RtmrCount)
            {
                return EfiStatus.InvalidParameter;
            }
            byte* buffer = stackalloc byte[2 * TdReport.Size + TdReport.ReportDataSize];
            byte* report = (byte*)(((ulong)buffer + TdReport.Alignment - 1) & ~(ulong)(TdReport.Alignment - 1));
            byte* reportData = report + TdReport.Size;
            for (int i = 0; i < TdReport.ReportDataSize; i++)
            {
                reportData[i] = 0;
            }
            TdxStatus status = TdxGuestCalls.MrReport((ulong)report, (ulong)reportData, 0);
            if (!status.IsSuccess)
            {
                return EfiStatus.DeviceError;
            }
            byte* source = mrIndex == 0 ? report + TdReport.MrTdOffset : TdReport.Rtmr(report, (int)mrIndex - 1);
            for (int i = 0; i < TdReport.MeasurementSize; i++)
            {
                value[i] = source[i];
            }
            return EfiStatus.Success;
        }

        private static ulong AcceptedPagesIn(ConfidentialPlatform* platform, ulong start, ulong end) =>
            StateOf(platform)->Module.AcceptedPagesIn(start, end);

        /// <summary>"tdx": whether the module refused a 1 GiB accept, and the simulated module's answers.</summary>
        private static void WriteDetails(ConfidentialPlatform* platform, JsonWriter* json)
        {
            TdxPlatformState* state = StateOf(platform);
            json->Name("tdx");
            json->BeginObject();
            json->Name("oneGigAcceptRefused");
            json->Boolean(state->Acceptor.KnowsOneGigRefused);
            if (state->Simulated)
            {
                SimulatedTdxGuestModule* module = &state->Module;
                json->Name("module");
                json->String(module->Options.LargestAcceptLevel == Coco.Memory.PageLevel.Page1G ? "1G-capable" : "1.5");
                json->Name("moduleAnswers");
                json->BeginObject();
                json->Name("alreadyAccepted");
                json->Number(module->AlreadyAcceptedAnswers);
                json->Name("sizeMismatch");
                json->Number(module->SizeMismatchAnswers);
                json->Name("operandInvalid");
                json->Number(module->InvalidOperandAnswers);
                json->Name("busy");
                json->Number(module->BusyInjected);
                json->Name("eptViolationExits");
                json->Number(module->EptViolationExits);
                json->EndObject();
            }
            json->EndObject();
        }
    }

    /// <summary>What TDX keeps in <see cref="ConfidentialPlatform.VendorState"/>.</summary>
    public struct TdxPlatformState
    {
        public TdxAcceptorState Acceptor;
        public SimulatedTdxGuestModule Module;
        public bool Simulated;
    }
}
