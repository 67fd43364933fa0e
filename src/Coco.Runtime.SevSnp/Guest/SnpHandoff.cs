using Coco.Platform;
using Coco.Uefi;

namespace Coco.SevSnp.Guest
{
    /// <summary>
    /// OVMF_SEV_MEMORY_ACCEPTANCE_PROTOCOL (edk2 OvmfPkg/Include/Protocol/SevMemoryAcceptance.h),
    /// which OVMF's AmdSevDxe installs on SEV-SNP guests only: one member,
    /// AllowUnacceptedMemory(This).
    /// </summary>
    public unsafe struct OvmfSevMemoryAcceptanceProtocol
    {
        public delegate* unmanaged<OvmfSevMemoryAcceptanceProtocol*, EfiStatus> AllowUnacceptedMemory;

        /// <summary>c5a010fe-38a7-4531-8a4a-0500d2fd1649 (OvmfPkg.dec gOvmfSevMemoryAcceptanceProtocolGuid).</summary>
        public static EfiGuid Guid => new EfiGuid(0xC5A010FE, 0x38A7, 0x4531, 0x8A, 0x4A, 0x05, 0x00, 0xD2, 0xFD, 0x16, 0x49);
    }

    /// <summary>
    /// What an SNP guest does before handing over to an OS loader that reads the
    /// unaccepted-memory table. OVMF on SNP accepts every unaccepted range in a
    /// BeforeExitBootServices callback (OvmfPkg/AmdSevDxe/AmdSevDxe.c ResolveUnacceptedMemory)
    /// unless the loader has called AllowUnacceptedMemory, as Linux's EFI stub does
    /// (drivers/firmware/efi/libstub/x86-stub.c setup_unaccepted_memory); an app that publishes
    /// the table must do the same, or every unit it left for lazy acceptance is accepted behind
    /// its back. Without the protocol (not OVMF, or not SNP) there is nothing to tell.
    /// </summary>
    public static unsafe class SnpHandoff
    {
        /// <summary>The platform's handoff hook: locates the protocol and calls it. A failing
        /// call is reported, not returned: OVMF then accepts everything at ExitBootServices,
        /// which is slow but safe (Linux only prints "Memory acceptance protocol failed").</summary>
        public static EfiStatus Prepare(ConfidentialPlatform* platform, HandoffReport* report)
        {
            if (!global::Coco.Uefi.Efi.IsInitialized)
            {
                *report = default;
                report->Needed = true;
                report->Status = EfiStatus.NotReady;
                return EfiStatus.Success;
            }
            EfiStatus located = global::Coco.Uefi.Efi.LocateProtocol(OvmfSevMemoryAcceptanceProtocol.Guid, out void* protocol);
            AllowUnacceptedMemory(located.IsError ? null : (OvmfSevMemoryAcceptanceProtocol*)protocol, located, report);
            return EfiStatus.Success;
        }

        /// <summary>Calls <paramref name="protocol"/> when there is one and says what happened:
        /// needed always, done when the call succeeded, the status of the call or of the search.</summary>
        public static void AllowUnacceptedMemory(OvmfSevMemoryAcceptanceProtocol* protocol, EfiStatus locateStatus, HandoffReport* report)
        {
            *report = default;
            report->Needed = true;
            if (protocol == null)
            {
                report->Status = locateStatus.IsError ? locateStatus : EfiStatus.NotFound;
                return;
            }
            EfiStatus status = protocol->AllowUnacceptedMemory(protocol);
            report->Done = !status.IsError;
            report->Status = status;
        }
    }
}
