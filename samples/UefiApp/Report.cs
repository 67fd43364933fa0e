using Coco.Platform;
using Coco.Text;
using Coco.Uefi.Raw;
using Coco.Uefi;

namespace UefiApp
{
    /// <summary>What the sample prints: a table for people and one COCO-REPORT line of JSON
    /// for tools.</summary>
    internal static unsafe class Report
    {
        private const int LineChars = 160;

        /// <summary>Room for the fixed part of the COCO-REPORT line (firmware, types, counters).</summary>
        private const int JsonBaseChars = 4096;

        /// <summary>Prints the report; an error when the COCO-REPORT line could not be written
        /// whole (it is then left out rather than cut short).</summary>
        public static EfiStatus Print(Acceptance* acceptance, in Options options, EfiStatus pipelineStatus)
        {
            // The map the pipeline published from, so that the ranges, the counters and the
            // bitmap describe the same memory; a fresh one when the pipeline stopped before it.
            EfiMemoryMap map = acceptance->Map;
            bool freshMap = map.Buffer == null;
            if (freshMap)
            {
                EfiStatus read = EfiMemoryMap.Read(out map);
                if (read.IsError)
                {
                    PrintStatus("GetMemoryMap failed: ", read);
                    return read;
                }
            }
            MemoryMapSummary summary = MemoryMapSummary.Of(map);

            PrintFirmware();
            PrintPlatform(acceptance);
            MemoryMapReport.PrintTable(summary);
            if (pipelineStatus.IsError)
            {
                PrintPipelineError(acceptance, pipelineStatus);
            }
            else
            {
                AcceptanceReport.PrintSummary(acceptance);
            }
            EfiStatus status = PrintJson(map, summary, acceptance, options, pipelineStatus);
            if (freshMap)
            {
                map.Free();
            }
            return status;
        }

        private static void PrintPipelineError(Acceptance* acceptance, EfiStatus status)
        {
            char* buffer = stackalloc char[LineChars * 2];
            var line = new TextBuilder(buffer, LineChars * 2);
            line.Append("Unaccepted memory: nothing published: ");
            if (acceptance->Publish.IsError)
            {
                acceptance->Publish.AppendTo(ref line);
            }
            else if (acceptance->EagerError.IsError)
            {
                acceptance->EagerError.AppendTo(ref line);
            }
            else
            {
                line.Append(status.Name);
            }
            EfiConsole.WriteLine(line.AsSpan());
        }

        private static void PrintFirmware()
        {
            char* buffer = stackalloc char[LineChars];
            var line = new TextBuilder(buffer, LineChars);
            EfiSystemTable* table = Efi.SystemTable;
            line.Append("Firmware: ");
            line.AppendNullTerminated(table->FirmwareVendor, 64);
            line.Append(", revision ");
            line.AppendHex(table->FirmwareRevision, 8);
            line.Append(", UEFI ");
            AppendUefiRevision(ref line, table->Hdr.Revision);
            EfiConsole.WriteLine(line.AsSpan());
        }

        private static void PrintPlatform(Acceptance* acceptance)
        {
            char* buffer = stackalloc char[LineChars];
            var line = new TextBuilder(buffer, LineChars);
            line.Append("Platform: ");
            if (acceptance->HardwareConfidential)
            {
                line.Append(acceptance->Platform.Name);
            }
            else
            {
                line.Append("no confidential-computing guest found");
            }
            char* vendor = stackalloc char[12];
            ProcessorAccess cpu = ProcessorAccess.Hardware;
            if (Hypervisor.TryGetVendor(cpu, vendor))
            {
                line.Append(" (hypervisor '");
                line.Append(new System.ReadOnlySpan<char>(vendor, 12));
                line.Append("')");
            }
            if (acceptance->Platform.IsSimulated)
            {
                line.Append("; simulating ");
                line.Append(acceptance->Platform.Name);
            }
            EfiConsole.WriteLine(line.AsSpan());
        }

        private static EfiStatus PrintJson(in EfiMemoryMap map, in MemoryMapSummary summary,
            Acceptance* acceptance, in Options options, EfiStatus pipelineStatus)
        {
            // Sized from what varies: the descriptors, the bitmap and the chainload path.
            int capacity = JsonBaseChars + MemoryMapReport.JsonChars(map) + AcceptanceReport.JsonChars(acceptance)
                + 2 * options.ChainloadPath.Length;
            EfiStatus status = Efi.AllocatePool(EfiMemoryType.LoaderData, (nuint)capacity * 2, out void* buffer);
            if (status.IsError)
            {
                PrintStatus("UefiApp: no memory for the COCO-REPORT line: ", status);
                return status;
            }
            var json = new JsonWriter((char*)buffer, capacity);
            WriteJson(ref json, map, summary, acceptance, options, pipelineStatus);
            if (json.IsTruncated)
            {
                char* scratch = stackalloc char[LineChars];
                var line = new TextBuilder(scratch, LineChars);
                line.Append("UefiApp: the COCO-REPORT line needs more than ");
                line.AppendDecimal((ulong)capacity);
                line.Append(" characters; not printed");
                EfiConsole.WriteLine(line.AsSpan());
                status = EfiStatus.BufferTooSmall;
            }
            else
            {
                EfiConsole.Write("COCO-REPORT ");
                EfiConsole.WriteLine(json.AsSpan());
            }
            Efi.FreePool(buffer);
            return status;
        }

        private static void WriteJson(ref JsonWriter json, in EfiMemoryMap map, in MemoryMapSummary summary,
            Acceptance* acceptance, in Options options, EfiStatus status)
        {
            EfiSystemTable* table = Efi.SystemTable;
            json.BeginObject();
            json.Name("firmware");
            json.BeginObject();
            char* scratch = stackalloc char[LineChars];
            var value = new TextBuilder(scratch, LineChars);
            value.AppendNullTerminated(table->FirmwareVendor, 64);
            json.Name("vendor");
            json.String(value.AsSpan());
            json.Name("revision");
            json.HexString(table->FirmwareRevision);
            value.Clear();
            AppendUefiRevision(ref value, table->Hdr.Revision);
            json.Name("uefiRevision");
            json.String(value.AsSpan());
            json.EndObject();
            json.Name("platform");
            json.String(acceptance->Platform.Name);
            json.Name("memoryMap");
            MemoryMapReport.WriteJson(ref json, map, summary);
            json.Name("status");
            json.String(status.Name);
            AcceptanceReport.WriteJson(ref json, acceptance, options);
            json.Name("chainload");
            if (options.Chainload)
            {
                json.String(options.ChainloadPath);
            }
            else
            {
                json.Null();
            }
            json.EndObject();
        }

        // The spec encodes 2.7 as (2 << 16) | 70 and 2.3.1 as (2 << 16) | 31.
        private static void AppendUefiRevision(ref TextBuilder text, uint revision)
        {
            text.AppendDecimal((ulong)(revision >> 16));
            text.Append('.');
            uint minor = revision & 0xFFFF;
            text.AppendDecimal((ulong)(minor / 10));
            if (minor % 10 != 0)
            {
                text.Append('.');
                text.AppendDecimal((ulong)(minor % 10));
            }
        }

        private static void PrintStatus(string prefix, EfiStatus status)
        {
            char* buffer = stackalloc char[LineChars];
            var line = new TextBuilder(buffer, LineChars);
            line.Append(prefix);
            line.Append(status.Name);
            line.Append(" (");
            line.AppendHex(status.Value);
            line.Append(')');
            EfiConsole.WriteLine(line.AsSpan());
        }
    }
}
