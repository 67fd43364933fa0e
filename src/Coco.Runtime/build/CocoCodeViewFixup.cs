// Compiled by MSBuild's RoslynCodeTaskFactory (Coco.Runtime.targets, CocoDebugSymbols) against
// .NET Standard 2.0, so no spans, ranges or records; and by Coco.EndToEnd.Tests (with
// COCO_CODEVIEW_FIXUP_TESTS, without the task class).
//
// ILC's CodeView writer leaves the function-id field of every S_GPROC32_ID record 0, although
// it writes the matching LF_MFUNC_ID records into .debug$T. A debugger that reads the PDB
// (LLDB's native PDB reader) creates no function for a procedure without a type, so it could
// neither name a frame nor set a breakpoint by function. This fills the field in place, in the
// COFF object before lld-link reads it: same size, no offset or relocation moves.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Coco.Build
{
#if !COCO_CODEVIEW_FIXUP_TESTS
    /// <summary>MSBuild task: <see cref="CodeViewFixup.Apply"/> on ILC's object, written to
    /// the object the linker reads only when it succeeded (so a failure is retried next build).</summary>
    public sealed class CocoFixCodeView : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string InputFile { get; set; } = "";

        [Microsoft.Build.Framework.Required]
        public string OutputFile { get; set; } = "";

        public override bool Execute()
        {
            try
            {
                byte[] obj = File.ReadAllBytes(InputFile);
                CodeViewFixup.Result result = CodeViewFixup.Apply(obj);
                File.WriteAllBytes(OutputFile, obj);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                    "Coco: " + InputFile + ": function ids filled in for " + result.Filled + " procedures, " + result.Unmatched + " without a match.");
                return true;
            }
            catch (InvalidDataException e)
            {
                Log.LogError("Coco: " + InputFile + ": " + e.Message);
                return false;
            }
        }
    }
#endif

    /// <summary>Fills in the function id of ILC's S_GPROC32_ID records from the LF_MFUNC_ID
    /// records of the same object. A procedure's display name is ILC's mangled
    /// <c>{class}__{method}</c>, with <c>_{n}</c> appended to all overloads but one; the ids of
    /// one (class, method) pair are handed out in the order the procedures come, which is the
    /// order ILC created them in.</summary>
    public static class CodeViewFixup
    {
        private const ushort LfClass = 0x1504;
        private const ushort LfStructure = 0x1505;
        private const ushort LfMemberFunctionId = 0x1602;
        private const ushort SGlobalProcId = 0x1147;
        private const uint DebugSymbolsSubsection = 0xF1;
        private const uint CodeViewSignature = 4;

        /// <summary>Procedures whose id was filled in, and those no LF_MFUNC_ID matched (ILC's
        /// startup stubs have none).</summary>
        public struct Result
        {
            public int Filled;
            public int Unmatched;
        }

        public static Result Apply(byte[] obj)
        {
            var sections = ReadSections(obj);
            var classNames = new Dictionary<uint, string>();
            var ids = new Dictionary<string, Queue<uint>>(StringComparer.Ordinal);
            foreach (Section section in sections)
            {
                if (section.Name == ".debug$T")
                {
                    ReadTypes(obj, section.Offset, section.Size, classNames, ids);
                }
            }
            int filled = 0, unmatched = 0;
            foreach (Section section in sections)
            {
                int offset = section.Offset;
                int size = section.Size;
                if (section.Name != ".debug$S" || size < 4 || U32(obj, offset) != CodeViewSignature)
                {
                    continue;
                }
                int position = offset + 4;
                int end = offset + size;
                while (position + 8 <= end)
                {
                    uint kind = U32(obj, position);
                    int length = checked((int)U32(obj, position + 4));
                    int body = position + 8;
                    if (body + length > end)
                    {
                        throw new InvalidDataException($".debug$S subsection at 0x{position - offset:X} runs past its section.");
                    }
                    if (kind == DebugSymbolsSubsection)
                    {
                        FillProcedures(obj, body, body + length, classNames, ids, ref filled, ref unmatched);
                    }
                    position = body + ((length + 3) & ~3);
                }
            }
            return new Result { Filled = filled, Unmatched = unmatched };
        }

        private static void FillProcedures(byte[] obj, int position, int end, Dictionary<uint, string> classNames,
            Dictionary<string, Queue<uint>> ids, ref int filled, ref int unmatched)
        {
            while (position + 4 <= end)
            {
                int length = U16(obj, position);
                ushort kind = U16(obj, position + 2);
                // S_GPROC32_ID: parent, end, next, code size, debug start, debug end (6 x u32),
                // function id (u32), code offset (u32), segment (u16), flags (u8), name.
                if (kind == SGlobalProcId && length >= 2 + 35 + 1)
                {
                    int idField = position + 4 + 24;
                    string displayName = ZeroTerminated(obj, position + 4 + 35, position + 2 + length);
                    if (U32(obj, idField) == 0)
                    {
                        if (TakeId(displayName, ids) is uint id)
                        {
                            WriteU32(obj, idField, id);
                            filled++;
                        }
                        else
                        {
                            unmatched++;
                        }
                    }
                }
                position += 2 + length;
            }
        }

        private static uint? TakeId(string displayName, Dictionary<string, Queue<uint>> ids)
        {
            // Owner and method are split at a "__"; a type name may hold one too, so try each.
            for (int split = displayName.IndexOf("__", StringComparison.Ordinal); split > 0;
                 split = displayName.IndexOf("__", split + 1, StringComparison.Ordinal))
            {
                string owner = displayName.Substring(0, split);
                string method = displayName.Substring(split + 2);
                // Overloads share one queue in the order ILC emitted them, whichever got the suffix.
                int suffix = method.LastIndexOf('_');
                if (suffix > 0 && IsDigits(method.Substring(suffix + 1))
                    && ids.TryGetValue(owner + "::" + method.Substring(0, suffix), out var overloads) && overloads.Count > 0)
                {
                    return overloads.Dequeue();
                }
                if (ids.TryGetValue(owner + "::" + method, out var exact) && exact.Count > 0)
                {
                    return exact.Dequeue();
                }
            }
            return null;
        }

        private static void ReadTypes(byte[] obj, int offset, int size, Dictionary<uint, string> classNames,
            Dictionary<string, Queue<uint>> ids)
        {
            if (size < 4 || U32(obj, offset) != CodeViewSignature)
            {
                return;
            }
            int position = offset + 4;
            int end = offset + size;
            uint index = 0x1000;
            var pending = new List<KeyValuePair<string, uint>>();
            while (position + 4 <= end)
            {
                int length = U16(obj, position);
                ushort kind = U16(obj, position + 2);
                int body = position + 4;
                int recordEnd = position + 2 + length;
                if (recordEnd > end || length < 2)
                {
                    throw new InvalidDataException($".debug$T record 0x{index:X} at 0x{position - offset:X} runs past its section.");
                }
                if (kind is LfClass or LfStructure)
                {
                    // count u16, properties u16, field list, derived, vshape (3 x u32), size (numeric leaf), name.
                    int name = SkipNumeric(obj, body + 16);
                    classNames[index] = ZeroTerminated(obj, name, recordEnd);
                }
                else if (kind == LfMemberFunctionId)
                {
                    uint parent = U32(obj, body);
                    string method = ZeroTerminated(obj, body + 8, recordEnd);
                    pending.Add(new KeyValuePair<string, uint>(parent + "::" + method, index));
                }
                position = recordEnd;
                index++;
            }
            // Class names may come after the ids that name them: resolve once all are read.
            foreach (KeyValuePair<string, uint> entry in pending)
            {
                int separator = entry.Key.IndexOf("::", StringComparison.Ordinal);
                uint parent = uint.Parse(entry.Key.Substring(0, separator), System.Globalization.CultureInfo.InvariantCulture);
                string owner = classNames.TryGetValue(parent, out var className) ? className : "";
                string key = owner + entry.Key.Substring(separator);
                if (!ids.TryGetValue(key, out var queue))
                {
                    ids[key] = queue = new Queue<uint>();
                }
                queue.Enqueue(entry.Value);
            }
        }

        private static List<Section> ReadSections(byte[] obj)
        {
            if (obj.Length < 20)
            {
                throw new InvalidDataException("not a COFF object (shorter than its file header).");
            }
            if (U16(obj, 0) != 0x8664)
            {
                throw new InvalidDataException($"not an x64 COFF object (machine 0x{U16(obj, 0):X4}).");
            }
            int count = U16(obj, 2);
            int table = 20 + U16(obj, 16);
            var sections = new List<Section>(count);
            for (int i = 0; i < count; i++)
            {
                int header = table + 40 * i;
                if (header + 40 > obj.Length)
                {
                    throw new InvalidDataException($"section header {i + 1} lies past the end of the file.");
                }
                string name = Encoding.ASCII.GetString(obj, header, 8).TrimEnd('\0');
                int size = checked((int)U32(obj, header + 16));
                int offset = checked((int)U32(obj, header + 20));
                if (offset != 0 && (long)offset + size > obj.Length)
                {
                    throw new InvalidDataException($"section {name} lies past the end of the file.");
                }
                sections.Add(new Section { Name = name, Offset = offset, Size = offset == 0 ? 0 : size });
            }
            return sections;
        }

        private static int SkipNumeric(byte[] obj, int position)
        {
            ushort leaf = U16(obj, position);
            if (leaf < 0x8000)
            {
                return position + 2;
            }
            return position + 2 + leaf switch
            {
                0x8000 or 0x8001 => leaf == 0x8000 ? 1 : 2, // LF_CHAR, LF_SHORT
                0x8002 => 2,                                // LF_USHORT
                0x8003 or 0x8004 => 4,                      // LF_LONG, LF_ULONG
                0x8009 or 0x800A => 8,                      // LF_QUADWORD, LF_UQUADWORD
                _ => throw new InvalidDataException($"numeric leaf 0x{leaf:X4} is not one ILC writes."),
            };
        }

        private struct Section
        {
            public string Name;
            public int Offset;
            public int Size;
        }

        private static bool IsDigits(string text)
        {
            if (text.Length == 0)
            {
                return false;
            }
            foreach (char c in text)
            {
                if (c is < '0' or > '9')
                {
                    return false;
                }
            }
            return true;
        }

        private static string ZeroTerminated(byte[] obj, int start, int limit)
        {
            int end = Array.IndexOf(obj, (byte)0, start, Math.Max(0, limit - start));
            return Encoding.UTF8.GetString(obj, start, (end < 0 ? limit : end) - start);
        }

        private static ushort U16(byte[] b, int at) => (ushort)(b[at] | b[at + 1] << 8);

        private static uint U32(byte[] b, int at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);

        private static void WriteU32(byte[] b, int at, uint value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
            b[at + 2] = (byte)(value >> 16);
            b[at + 3] = (byte)(value >> 24);
        }
    }
}
