using Coco.Crypto;
using Coco.Memory;

namespace Coco.Measurement
{
    /// <summary>
    /// Coco's own event log, for a confidential guest whose firmware offers no measurement protocol
    /// and whose registers Coco extends itself (TDX RTMRs): the TCG crypto-agile format (TCG PC
    /// Client Platform Firmware Profile §10) with one bank, SHA-384. The first entry is the
    /// TCG_PCR_EVENT "Spec ID Event03" (EV_NO_ACTION) that names the bank; each measurement is a
    /// TCG_PCR_EVENT2 whose index field holds the CC measurement-register index (1-4 = RTMR0-3 on
    /// TDX), as CC event logs do (edk2 CcMeasurement.h CC_EVENT). Lives in caller memory; published
    /// through the CCEL ACPI table (<see cref="CcelTable"/>).
    /// </summary>
    public unsafe struct CcEventLog
    {
        /// <summary>The Spec ID event: header 32 bytes + 33 bytes of TCG_EfiSpecIDEventStruct with one algorithm.</summary>
        public const int SpecIdEventBytes = 32 + 33;

        /// <summary>A TCG_PCR_EVENT2 with one SHA-384 digest, before its event data.</summary>
        public const int EventHeaderBytes = 4 + 4 + 4 + 2 + Sha384.DigestBytes + 4;

        private byte* _buffer;
        private ulong _capacity;
        private ulong _length;
        private ulong _lastEntry;
        private int _events;

        public byte* Start => _buffer;

        /// <summary>Bytes written so far (the Spec ID event included).</summary>
        public ulong Length => _length;

        public ulong Capacity => _capacity;

        /// <summary>Offset of the last entry (as GetEventLog's EventLogLastEntry points to it).</summary>
        public ulong LastEntryOffset => _lastEntry;

        /// <summary>Measurements logged (the Spec ID event not counted).</summary>
        public int Events => _events;

        /// <summary>Starts a log in <paramref name="capacity"/> bytes at <paramref name="buffer"/>
        /// with its Spec ID event; false when not even that fits.</summary>
        public static bool Initialize(CcEventLog* log, byte* buffer, ulong capacity)
        {
            *log = default;
            log->_buffer = buffer;
            log->_capacity = capacity;
            if (capacity < SpecIdEventBytes)
            {
                return false;
            }
            var writer = new ByteWriter(buffer, SpecIdEventBytes);
            writer.U32(0);                          // PCRIndex
            writer.U32(TcgEventType.NoAction);
            writer.Zeros(20);                       // SHA-1-sized digest, zero
            writer.U32(33);                         // EventSize
            writer.Ascii("Spec ID Event03");        // signature[16], NUL-terminated
            writer.U8(0);
            writer.U32(0);                          // platformClass: client
            writer.U8(0);                           // specVersionMinor
            writer.U8(2);                           // specVersionMajor
            writer.U8(0);                           // specErrata
            writer.U8(2);                           // uintnSize: UINT64
            writer.U32(1);                          // numberOfAlgorithms
            writer.U16(TpmAlgorithm.Sha384);
            writer.U16(Sha384.DigestBytes);
            writer.U8(0);                           // vendorInfoSize
            log->_length = (ulong)writer.Length;
            log->_lastEntry = 0;
            return !writer.Overflowed;
        }

        /// <summary>Appends a measurement of <paramref name="digest"/> (48 bytes, SHA-384) into
        /// register <paramref name="mrIndex"/>; false when the log is full (nothing is written).</summary>
        public bool Append(uint mrIndex, uint eventType, byte* digest, byte* eventData, uint eventSize)
        {
            ulong entryBytes = (ulong)EventHeaderBytes + eventSize;
            if (_buffer == null || entryBytes > _capacity - _length)
            {
                return false;
            }
            var writer = new ByteWriter(_buffer + _length, (int)entryBytes);
            writer.U32(mrIndex);
            writer.U32(eventType);
            writer.U32(1);                          // TPML_DIGEST_VALUES.count
            writer.U16(TpmAlgorithm.Sha384);
            writer.Bytes(digest, Sha384.DigestBytes);
            writer.U32(eventSize);
            writer.Bytes(eventData, (int)eventSize);
            _lastEntry = _length;
            _length += entryBytes;
            _events++;
            return true;
        }
    }
}
