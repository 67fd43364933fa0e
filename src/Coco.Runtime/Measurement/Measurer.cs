using Coco.Crypto;
using Coco.Memory;
using Coco.Platform;
using Coco.Uefi;
using Coco.Uefi.Raw;

namespace Coco.Measurement
{
    /// <summary>
    /// Measures a buffer into a PCR through whichever facility the platform offers, in this order:
    /// EFI_CC_MEASUREMENT_PROTOCOL (a confidential guest's firmware: the PCR maps to a CC register),
    /// EFI_TCG2_PROTOCOL (a TPM), or the platform's own registers (TDX's RTMRs through
    /// TDG.MR.RTMR.EXTEND) with Coco's own CC event log, published as the CCEL ACPI table. The
    /// firmware paths hash, extend and log in one call (HashLogExtendEvent); on the platform path
    /// Coco hashes (SHA-384), extends and logs. Lives in caller memory while used.
    /// </summary>
    public unsafe struct Measurer
    {
        private const int MaxEventData = 1024;

        public MeasurementPath Path;
        private EfiCcMeasurementProtocol* _cc;
        private EfiTcg2Protocol* _tcg2;
        private ConfidentialPlatform* _platform;
        private CcEventLog* _log;

        /// <summary>
        /// Chooses the path. <paramref name="ownLog"/> (initialized, may be null) is used only on the
        /// platform path. With no facility the path is <see cref="MeasurementPath.None"/> and
        /// <see cref="Measure"/> measures nothing, successfully.
        /// </summary>
        public static EfiStatus Open(Measurer* self, ConfidentialPlatform* platform, CcEventLog* ownLog)
        {
            *self = default;
            self->_platform = platform;
            self->_log = ownLog;
            if (Efi.IsInitialized)
            {
                if (!Efi.LocateProtocol(EfiCcMeasurementProtocol.Guid, out void* cc).IsError && cc != null)
                {
                    self->_cc = (EfiCcMeasurementProtocol*)cc;
                    self->Path = MeasurementPath.CcProtocol;
                    return EfiStatus.Success;
                }
                if (!Efi.LocateProtocol(EfiTcg2Protocol.Guid, out void* tcg2).IsError && tcg2 != null)
                {
                    self->_tcg2 = (EfiTcg2Protocol*)tcg2;
                    self->Path = MeasurementPath.Tcg2;
                    return EfiStatus.Success;
                }
            }
            if (platform != null && platform->ExtendMeasurementFunction != null && platform->MapPcrToMrIndexFunction != null && ownLog != null)
            {
                self->Path = MeasurementPath.PlatformRegisters;
            }
            return EfiStatus.Success;
        }

        /// <summary>"cc-protocol", "tcg2", "platform-registers" or "none".</summary>
        public string PathName => Path switch
        {
            MeasurementPath.CcProtocol => "cc-protocol",
            MeasurementPath.Tcg2 => "tcg2",
            MeasurementPath.PlatformRegisters => "platform-registers",
            _ => "none",
        };

        /// <summary>
        /// Measures <paramref name="length"/> bytes at <paramref name="data"/> into
        /// <paramref name="pcr"/> with an event of <paramref name="eventType"/> whose data (what the
        /// log says was measured; at most 1 KiB) is <paramref name="eventData"/>. Fills
        /// <paramref name="record"/> with where it went and Coco's own digests of the bytes.
        /// </summary>
        public static EfiStatus Measure(Measurer* self, uint pcr, uint eventType, byte* data, ulong length, byte* eventData, uint eventSize, MeasuredEvent* record)
        {
            *record = default;
            record->Pcr = pcr;
            record->Register = pcr;
            record->EventType = eventType;
            Sha256.Hash(data, length, record->Sha256);
            Sha384.Hash(data, length, record->Sha384);
            if (eventSize > MaxEventData)
            {
                return EfiStatus.BadBufferSize;
            }
            switch (self->Path)
            {
                case MeasurementPath.CcProtocol:
                {
                    uint mrIndex;
                    EfiStatus mapped = self->_cc->MapPcrToMrIndex(self->_cc, pcr, &mrIndex);
                    if (mapped.IsError)
                    {
                        return mapped;
                    }
                    record->Register = mrIndex;
                    byte* ccEvent = stackalloc byte[EfiCcMeasurementProtocol.EventHeaderBytes + MaxEventData];
                    WriteFirmwareEvent(ccEvent, mrIndex, eventType, eventData, eventSize);
                    return self->_cc->HashLogExtendEvent(self->_cc, 0, (ulong)data, length, ccEvent);
                }
                case MeasurementPath.Tcg2:
                {
                    byte* tcgEvent = stackalloc byte[EfiTcg2Protocol.EventHeaderBytes + MaxEventData];
                    WriteFirmwareEvent(tcgEvent, pcr, eventType, eventData, eventSize);
                    return self->_tcg2->HashLogExtendEvent(self->_tcg2, 0, (ulong)data, length, tcgEvent);
                }
                case MeasurementPath.PlatformRegisters:
                {
                    uint mrIndex;
                    if (!self->_platform->MapPcrToMrIndexFunction(self->_platform, pcr, &mrIndex))
                    {
                        return EfiStatus.InvalidParameter;
                    }
                    record->Register = mrIndex;
                    // The log first: a register extended with no entry could never be replayed.
                    if (!self->_log->Append(mrIndex, eventType, record->Sha384, eventData, eventSize))
                    {
                        return EfiStatus.OutOfResources;
                    }
                    return self->_platform->ExtendMeasurementFunction(self->_platform, mrIndex, record->Sha384);
                }
                default:
                    return EfiStatus.Success;
            }
        }

        /// <summary>
        /// The event log as it stands: from the firmware (GetEventLog, crypto-agile format, up to
        /// the end of its last entry) or Coco's own. EFI_NOT_FOUND on <see cref="MeasurementPath.None"/>.
        /// </summary>
        public static EfiStatus GetEventLog(Measurer* self, byte** start, ulong* bytes, bool* truncated)
        {
            *start = null;
            *bytes = 0;
            *truncated = false;
            ulong location = 0, last = 0;
            byte cut = 0;
            EfiStatus status;
            switch (self->Path)
            {
                case MeasurementPath.CcProtocol:
                    status = self->_cc->GetEventLog(self->_cc, EfiTcg2Protocol.EventLogFormatTcg2, &location, &last, &cut);
                    break;
                case MeasurementPath.Tcg2:
                    status = self->_tcg2->GetEventLog(self->_tcg2, EfiTcg2Protocol.EventLogFormatTcg2, &location, &last, &cut);
                    break;
                case MeasurementPath.PlatformRegisters:
                    *start = self->_log->Start;
                    *bytes = self->_log->Length;
                    return EfiStatus.Success;
                default:
                    return EfiStatus.NotFound;
            }
            if (status.IsError)
            {
                return status;
            }
            *truncated = cut != 0;
            if (location == 0)
            {
                return EfiStatus.Success;
            }
            *start = (byte*)location;
            *bytes = last - location + TcgEventLogEntry.SizeOf((byte*)last, last == location);
            return EfiStatus.Success;
        }

        /// <summary>PCR <paramref name="pcr"/> of the TPM's SHA-256 bank (TPM2_PCR_Read through
        /// SubmitCommand); EFI_UNSUPPORTED on a path without a TPM.</summary>
        public static EfiStatus ReadPcrSha256(Measurer* self, uint pcr, byte* digest)
        {
            if (self->Path != MeasurementPath.Tcg2)
            {
                return EfiStatus.Unsupported;
            }
            byte* command = stackalloc byte[Tpm2PcrRead.CommandBytes];
            byte* response = stackalloc byte[Tpm2PcrRead.MaxResponseBytes];
            int commandBytes = Tpm2PcrRead.WriteCommand(command, pcr);
            EfiStatus status = self->_tcg2->SubmitCommand(self->_tcg2, (uint)commandBytes, command, Tpm2PcrRead.MaxResponseBytes, response);
            if (status.IsError)
            {
                return status;
            }
            int length = (int)ByteWriter.ReadU32BigEndian(response + 2);
            if (length > Tpm2PcrRead.MaxResponseBytes || !Tpm2PcrRead.TryReadDigest(response, length, digest, out _))
            {
                return EfiStatus.DeviceError;
            }
            return EfiStatus.Success;
        }

        // EFI_TCG2_EVENT and EFI_CC_EVENT share their bytes: Size, HeaderSize 14, HeaderVersion 1,
        // the PCR (or MR) index, the event type, the event data.
        private static void WriteFirmwareEvent(byte* buffer, uint index, uint eventType, byte* eventData, uint eventSize)
        {
            var writer = new ByteWriter(buffer, EfiTcg2Protocol.EventHeaderBytes + (int)eventSize);
            writer.U32((uint)EfiTcg2Protocol.EventHeaderBytes + eventSize);
            writer.U32(14);
            writer.U16(1);
            writer.U32(index);
            writer.U32(eventType);
            writer.Bytes(eventData, (int)eventSize);
        }
    }
}
