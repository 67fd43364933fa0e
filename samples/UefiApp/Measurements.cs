using System;
using Coco.Measurement;
using Coco.Memory;
using Coco.Platform;
using Coco.Text;
using Coco.Uefi;
using Coco.Unaccepted;

namespace UefiApp
{
    /// <summary>
    /// Before --chainload, the sample measures what it hands on, through whatever the platform
    /// offers (<see cref="Measurer"/>): the next image's load options into PCR 12 (EV_IPL; the
    /// firmware itself measures the image it loads into PCR 4, so the sample does not), and the
    /// unaccepted-memory table's 24-byte header into PCR 1 (EV_EFI_HANDOFF_TABLES2, whose data names
    /// the table: the bitmap changes as the OS accepts memory, so it is not measured). On the
    /// platform-registers path (TDX without a firmware protocol) it publishes its own log as CCEL.
    /// Then it reads back what a verifier needs: the TPM's PCRs 1 and 12 (SHA-256 bank), or the
    /// platform's registers, and the event log.
    /// </summary>
    internal unsafe struct Measurements
    {
        public const uint CommandLinePcr = 12;
        public const uint TablePcr = 1;
        private const ulong OwnLogPages = 16;
        private const int DescriptionBytes = 1024;

        public Measurer Measurer;
        public CcEventLog OwnLog;
        public ulong OwnLogAddress;
        public bool Ran;

        public MeasuredEvent CommandLine;
        public MeasuredEvent Table;
        public bool TableMeasured;
        public EfiStatus Status;
        public EfiStatus CcelStatus;
        public bool CcelTried;

        public fixed byte Pcr1[32];
        public fixed byte Pcr12[32];
        public bool PcrsRead;

        /// <summary>Platform path: the registers PCRs 1 and 12 map to, read back.</summary>
        public fixed byte Register1[48];
        public fixed byte Register12[48];
        public bool RegistersRead;

        public byte* Log;
        public ulong LogBytes;
        public bool LogTruncated;
        public EfiStatus LogStatus;

        public static EfiStatus Run(Measurements* self, ConfidentialPlatform* platform, UnacceptedMemoryTable* table, in Options options)
        {
            self->Ran = true;
            EfiStatus status = Efi.AllocatePages(EfiMemoryType.AcpiMemoryNvs, (nuint)OwnLogPages, out ulong logAddress);
            CcEventLog* ownLog = null;
            if (!status.IsError && CcEventLog.Initialize(&self->OwnLog, (byte*)logAddress, OwnLogPages * PageSize.Size4K))
            {
                ownLog = &self->OwnLog;
                self->OwnLogAddress = logAddress;
            }
            Measurer.Open(&self->Measurer, platform, ownLog);
            if (self->Measurer.Path != MeasurementPath.PlatformRegisters && self->OwnLogAddress != 0)
            {
                Efi.FreePages(self->OwnLogAddress, (nuint)OwnLogPages);
                self->OwnLogAddress = 0;
            }
            if (self->Measurer.Path == MeasurementPath.None)
            {
                return EfiStatus.Success;
            }

            byte* description = stackalloc byte[DescriptionBytes];
            // What the child receives: "<path> <rest>", UCS-2, NUL-terminated (ChildImage.SetLoadOptions).
            int chars = Coco.Uefi.CommandLine.ComposedLength(options.ChainloadPath, options.ChainloadArguments);
            char* loadOptions = stackalloc char[chars];
            Coco.Uefi.CommandLine.Compose(options.ChainloadPath, options.ChainloadArguments, loadOptions, chars);
            var text = new ByteWriter(description, DescriptionBytes);
            text.Ascii("UefiApp: load options of the chainloaded image: ");
            text.Ascii(new ReadOnlySpan<char>(loadOptions, chars - 1 < DescriptionBytes - text.Length ? chars - 1 : DescriptionBytes - text.Length));
            status = Measurer.Measure(&self->Measurer, CommandLinePcr, TcgEventType.Ipl, (byte*)loadOptions, (ulong)chars * 2,
                description, (uint)text.Length, &self->CommandLine);
            if (!status.IsError && table != null)
            {
                int length = WriteHandoffTablePointers(description, table);
                status = Measurer.Measure(&self->Measurer, TablePcr, TcgEventType.EfiHandoffTables2, (byte*)table,
                    (ulong)UnacceptedMemoryTable.HeaderSize, description, (uint)length, &self->Table);
                self->TableMeasured = !status.IsError;
            }
            self->Status = status;
            if (self->Measurer.Path == MeasurementPath.PlatformRegisters)
            {
                self->CcelTried = true;
                self->CcelStatus = CcelTable.Install(platform->CcType, 0, OwnLogPages * PageSize.Size4K, self->OwnLogAddress);
                self->RegistersRead = !platform->ReadMeasurementFunction(platform, self->CommandLine.Register, self->Register12).IsError
                    && !platform->ReadMeasurementFunction(platform, self->Table.Register, self->Register1).IsError;
            }
            if (self->Measurer.Path == MeasurementPath.Tcg2)
            {
                // After the last measurement, so that the log below replays to these values.
                self->PcrsRead = !Measurer.ReadPcrSha256(&self->Measurer, TablePcr, self->Pcr1).IsError
                    && !Measurer.ReadPcrSha256(&self->Measurer, CommandLinePcr, self->Pcr12).IsError;
            }
            bool truncated;
            self->LogStatus = Measurer.GetEventLog(&self->Measurer, &self->Log, &self->LogBytes, &truncated);
            self->LogTruncated = truncated;
            return status;
        }

        /// <summary>UEFI_HANDOFF_TABLE_POINTERS2 (TCG PFP; edk2 UefiTcgPlatform.h): the description's
        /// size and text, the number of tables (1), and the table's GUID and address.</summary>
        private static int WriteHandoffTablePointers(byte* buffer, UnacceptedMemoryTable* table)
        {
            const string Description = "LINUX_EFI_UNACCEPTED_MEM_TABLE";
            var writer = new ByteWriter(buffer, DescriptionBytes);
            writer.U8((byte)Description.Length);
            writer.Ascii(Description);
            writer.U64(1);
            EfiGuid guid = UnacceptedMemoryTable.TableGuid;
            writer.Bytes((byte*)&guid, 16);
            writer.U64((ulong)table);
            return writer.Length;
        }

        /// <summary>Characters the "measurements" member needs beyond the fixed part (the log in base64).</summary>
        public static int JsonChars(Measurements* self) => self->Log == null ? 0 : (int)JsonWriter.Base64Chars(self->LogBytes);

        public static void WriteJson(ref JsonWriter json, Measurements* self)
        {
            json.Name("measurements");
            if (!self->Ran)
            {
                json.Null();
                return;
            }
            json.BeginObject();
            json.Name("via");
            json.String(self->Measurer.PathName);
            json.Name("status");
            json.String(self->Status.Name);
            json.Name("events");
            json.BeginArray();
            if (self->Measurer.Path != MeasurementPath.None)
            {
                WriteEvent(ref json, &self->CommandLine, "load options of the chainloaded image");
                if (self->TableMeasured)
                {
                    WriteEvent(ref json, &self->Table, "LINUX_EFI_UNACCEPTED_MEM_TABLE header");
                }
            }
            json.EndArray();
            if (self->PcrsRead)
            {
                json.Name("pcrs");
                json.BeginObject();
                json.Name("1");
                json.LowerHexString(self->Pcr1, 32);
                json.Name("12");
                json.LowerHexString(self->Pcr12, 32);
                json.EndObject();
            }
            if (self->RegistersRead)
            {
                json.Name("registers");
                json.BeginObject();
                char* name = stackalloc char[4];
                var number = new TextBuilder(name, 4);
                number.AppendDecimal(self->Table.Register);
                json.Name(number.AsSpan());
                json.LowerHexString(self->Register1, 48);
                number.Clear();
                number.AppendDecimal(self->CommandLine.Register);
                json.Name(number.AsSpan());
                json.LowerHexString(self->Register12, 48);
                json.EndObject();
            }
            if (self->CcelTried)
            {
                json.Name("ccel");
                json.String(self->CcelStatus.Name);
            }
            json.Name("eventLogStatus");
            json.String(self->LogStatus.Name);
            if (self->Log != null)
            {
                json.Name("eventLogBytes");
                json.Number(self->LogBytes);
                json.Name("eventLogTruncated");
                json.Boolean(self->LogTruncated);
                json.Name("eventLog");
                json.Base64String(self->Log, self->LogBytes);
            }
            json.EndObject();
        }

        private static void WriteEvent(ref JsonWriter json, MeasuredEvent* e, string what)
        {
            json.BeginObject();
            json.Name("pcr");
            json.Number((ulong)e->Pcr);
            json.Name("register");
            json.Number((ulong)e->Register);
            json.Name("type");
            json.HexString(e->EventType);
            json.Name("measured");
            json.String(what);
            json.Name("sha256");
            json.LowerHexString(e->Sha256, 32);
            json.Name("sha384");
            json.LowerHexString(e->Sha384, 48);
            json.EndObject();
        }
    }
}
