using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;

namespace Coco.Platform
{
    /// <summary>
    /// The confidential platform this image runs on, as <see cref="ConfidentialPlatforms.Open"/>
    /// found it: its name, the acceptor for its memory, and the hooks a platform may need. The
    /// vendor keeps its own state in <see cref="VendorState"/>, so the struct lives in caller
    /// memory, must not move while open (gates and acceptors point into it), and is closed with
    /// <see cref="ConfidentialPlatforms.Close"/>.
    /// </summary>
    public unsafe struct ConfidentialPlatform
    {
        /// <summary>Room for a vendor's state (acceptor settings and counters, a simulator's
        /// bookkeeping); a vendor whose state does not fit refuses to open.</summary>
        public const int VendorStateBytes = 1024;

        /// <summary>The vendor's name, or null when no confidential platform was found.</summary>
        public delegate*<string> NameFunction;

        /// <summary>True for a simulation: memory looks unaccepted only to this image.</summary>
        public bool IsSimulated;

        /// <summary>Accepts this platform's memory; unavailable when no platform (and no firmware
        /// memory-accept protocol) was found.</summary>
        public MemoryAcceptor Acceptor;

        /// <summary>Called before control passes to an OS loader that will read the
        /// unaccepted-memory table (SEV-SNP: tell OVMF not to accept everything at
        /// ExitBootServices). Null when the platform needs nothing.</summary>
        public delegate*<ConfidentialPlatform*, HandoffReport*, EfiStatus> PrepareHandoffFunction;

        /// <summary>Writes the vendor's own figures as members of the current JSON object (e.g.
        /// page-state changes); null when it has none beyond <see cref="MemoryAcceptor.Counters"/>.</summary>
        public delegate*<ConfidentialPlatform*, JsonWriter*, void> WriteDetailsFunction;

        /// <summary>A simulation's own record of acceptance: the 4 KiB pages of [start, end) it
        /// holds accepted (validated), so reports and tests check the pipeline against the
        /// platform's state, not against the pipeline's counters. Null on hardware.</summary>
        public delegate*<ConfidentialPlatform*, ulong, ulong, ulong> AcceptedPagesInFunction;

        /// <summary>For measurement without a firmware protocol: the measurement register a PCR maps
        /// to (TDX: 0 = MRTD, 1-4 = RTMR0-3, as edk2's TdxMeasurementMapPcrToMrIndex maps them);
        /// false for a PCR with none. Null when the platform has no registers of its own.</summary>
        public delegate*<ConfidentialPlatform*, uint, uint*, bool> MapPcrToMrIndexFunction;

        /// <summary>Extends measurement register <c>mrIndex</c> with a 48-byte SHA-384 digest
        /// (TDX: TDG.MR.RTMR.EXTEND).</summary>
        public delegate*<ConfidentialPlatform*, uint, byte*, EfiStatus> ExtendMeasurementFunction;

        /// <summary>Reads measurement register <c>mrIndex</c> (48 bytes; TDX: from TDG.MR.REPORT).</summary>
        public delegate*<ConfidentialPlatform*, uint, byte*, EfiStatus> ReadMeasurementFunction;

        /// <summary>The CCEL table's CC type for this platform (ACPI 6.5: 2 = TDX); 0 for none.</summary>
        public byte CcType;

        /// <summary>Undoes <see cref="PlatformVendor.Open"/> (gates back to none).</summary>
        public delegate*<ConfidentialPlatform*, void> CloseFunction;

        public fixed byte VendorState[VendorStateBytes];

        /// <summary>"tdx", "snp", "firmware" (only the firmware's memory-accept protocol), or "none".</summary>
        public string Name => NameFunction == null ? "none" : NameFunction();

        public bool IsConfidential => NameFunction != null;

        /// <summary>Runs the handoff hook, if the platform has one.</summary>
        public static EfiStatus PrepareHandoff(ConfidentialPlatform* platform, HandoffReport* report)
        {
            *report = default;
            return platform->PrepareHandoffFunction == null ? EfiStatus.Success : platform->PrepareHandoffFunction(platform, report);
        }

        /// <summary>Pages of [start, end) the simulation holds accepted; false on hardware, which
        /// cannot say.</summary>
        public static bool TryCountAcceptedPages(ConfidentialPlatform* platform, ulong start, ulong end, out ulong pages)
        {
            pages = platform->AcceptedPagesInFunction == null ? 0 : platform->AcceptedPagesInFunction(platform, start, end);
            return platform->AcceptedPagesInFunction != null;
        }

        /// <summary>Writes the vendor's own figures, if it has any.</summary>
        public static void WriteDetails(ConfidentialPlatform* platform, JsonWriter* json)
        {
            if (platform->WriteDetailsFunction != null)
            {
                platform->WriteDetailsFunction(platform, json);
            }
        }
    }

    /// <summary>What <see cref="ConfidentialPlatform.PrepareHandoff"/> did, for the report.</summary>
    public struct HandoffReport
    {
        /// <summary>True when the platform had something to do before the handoff.</summary>
        public bool Needed;

        /// <summary>True when it was done (e.g. the firmware protocol existed and was called).</summary>
        public bool Done;

        /// <summary>The firmware's answer, when a firmware call was made.</summary>
        public EfiStatus Status;
    }
}
