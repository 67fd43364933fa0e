using Coco.Efi;
using Coco.Platform;
using Coco.Text;
using Coco.Uefi;

namespace UefiApp
{
    /// <summary>What the sample prints: a table for people and one COCO-REPORT line of JSON
    /// for tools.</summary>
    internal static unsafe class Report
    {
        private const int LineChars = 160;
        private const int JsonChars = 4096;

        public static void Print(ConfidentialPlatform platform, Acceptance* acceptance, in Options options, EfiStatus pipelineStatus)
        {
            EfiStatus status = EfiMemoryMap.Read(out EfiMemoryMap map);
            if (status.IsError)
            {
                PrintStatus("GetMemoryMap failed: ", status);
                return;
            }
            MemoryMapSummary summary = MemoryMapSummary.Of(map);
            map.Free();

            PrintFirmware();
            PrintPlatform(platform);
            PrintMemoryTable(summary);
            if (pipelineStatus.IsError)
            {
                PrintPipelineError(acceptance, pipelineStatus);
            }
            else
            {
                AcceptanceReport.PrintSummary(acceptance);
            }
            PrintJson(summary, platform, acceptance, options, pipelineStatus);
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

        private static void PrintPlatform(ConfidentialPlatform platform)
        {
            char* buffer = stackalloc char[LineChars];
            var line = new TextBuilder(buffer, LineChars);
            line.Append("Platform: ");
            line.Append(platform == ConfidentialPlatform.TdxGuest ? "Intel TDX guest" : "no confidential-computing guest found");
            char* vendor = stackalloc char[12];
            if (PlatformProbe.TryGetHypervisorVendor(vendor))
            {
                line.Append(" (hypervisor '");
                line.Append(new System.ReadOnlySpan<char>(vendor, 12));
                line.Append("')");
            }
            EfiConsole.WriteLine(line.AsSpan());
        }

        private static void PrintMemoryTable(in MemoryMapSummary summary)
        {
            char* buffer = stackalloc char[LineChars];
            var line = new TextBuilder(buffer, LineChars);
            EfiConsole.WriteLine("Memory map:");
            for (uint type = 0; type < MemoryMapSummary.TypeSlots; type++)
            {
                uint count = summary.DescriptorsOf((EfiMemoryType)type);
                if (count == 0)
                {
                    continue;
                }
                line.Clear();
                line.Append("  ");
                line.Append(EfiMemoryTypeNames.Of(type));
                Pad(ref line, 28);
                line.AppendDecimal((ulong)count);
                line.Append(count == 1 ? " descriptor, " : " descriptors, ");
                line.AppendSize(summary.BytesOf((EfiMemoryType)type));
                EfiConsole.WriteLine(line.AsSpan());
            }
            if (summary.OtherDescriptors != 0)
            {
                line.Clear();
                line.Append("  other types");
                Pad(ref line, 28);
                line.AppendDecimal((ulong)summary.OtherDescriptors);
                line.Append(" descriptors, ");
                line.AppendSize(summary.OtherPages * EfiMemoryDescriptor.PageSize);
                EfiConsole.WriteLine(line.AsSpan());
            }
            line.Clear();
            line.Append("  total");
            Pad(ref line, 28);
            line.AppendDecimal((ulong)summary.DescriptorCount);
            line.Append(" descriptors, ");
            line.AppendSize(summary.TotalBytes);
            EfiConsole.WriteLine(line.AsSpan());
        }

        private static void PrintJson(in MemoryMapSummary summary, ConfidentialPlatform platform, Acceptance* acceptance, in Options options, EfiStatus status)
        {
            char* buffer = stackalloc char[JsonChars];
            var json = new JsonWriter(buffer, JsonChars);
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
            json.String(PlatformDetector.Name(platform));
            json.Name("memoryMap");
            json.BeginObject();
            json.Name("descriptors");
            json.Number((ulong)summary.DescriptorCount);
            json.Name("conventionalBytes");
            json.Number(summary.BytesOf(EfiMemoryType.ConventionalMemory));
            json.Name("totalBytes");
            json.Number(summary.TotalBytes);
            json.Name("types");
            json.BeginArray();
            for (uint type = 0; type < MemoryMapSummary.TypeSlots; type++)
            {
                uint count = summary.DescriptorsOf((EfiMemoryType)type);
                if (count == 0)
                {
                    continue;
                }
                json.BeginObject();
                json.Name("type");
                json.Number((ulong)type);
                json.Name("name");
                json.String(EfiMemoryTypeNames.Of(type));
                json.Name("descriptors");
                json.Number((ulong)count);
                json.Name("bytes");
                json.Number(summary.BytesOf((EfiMemoryType)type));
                json.EndObject();
            }
            json.EndArray();
            json.EndObject();
            json.Name("status");
            json.String(status.Name);
            AcceptanceReport.WriteJson(ref json, acceptance, options);
            json.EndObject();
            EfiConsole.Write("COCO-REPORT ");
            EfiConsole.WriteLine(json.AsSpan());
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

        private static void Pad(ref TextBuilder text, int column)
        {
            while (text.Length < column)
            {
                text.Append(' ');
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
