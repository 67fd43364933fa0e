using System;
using System.Runtime;
using Coco.Text;
using Coco.Uefi;
using Coco.Uefi.Raw;

namespace PrimitivesApp
{
    /// <summary>
    /// Runs Span.Clear, Fill and CopyTo, which the core library sends to coco_memset and
    /// coco_memmove, over every length from 0 to 300 at every start offset mod 8, and every
    /// overlap in both directions, each against a byte loop; guard bytes around each block must
    /// stay untouched. Prints "COCO-PRIMITIVES OK <cases>" or the first case that differs.
    /// </summary>
    public static unsafe class Program
    {
        private const int Room = 1024;

        [RuntimeExport("EfiMain")]
        private static EfiStatus EfiMain(EfiHandle image, EfiSystemTable* systemTable)
        {
            Efi.Initialize(image, systemTable);
            byte* buffer = stackalloc byte[Room];
            byte* expected = stackalloc byte[Room];
            byte* copy = stackalloc byte[301];
            ulong cases = 0;
            for (int length = 0; length <= 300; length++)
            {
                for (int offset = 0; offset < 8; offset++)
                {
                    // Clear and fill.
                    Pattern(buffer, 1);
                    Pattern(expected, 1);
                    new Span<byte>(buffer + 64 + offset, length).Clear();
                    for (int i = 0; i < length; i++)
                    {
                        expected[64 + offset + i] = 0;
                    }
                    if (!Same(buffer, expected, "clear", length, offset, ref cases)) return Fail();
                    new Span<byte>(buffer + 64 + offset, length).Fill(0xC3);
                    for (int i = 0; i < length; i++)
                    {
                        expected[64 + offset + i] = 0xC3;
                    }
                    if (!Same(buffer, expected, "fill", length, offset, ref cases)) return Fail();

                    // Copies: disjoint, overlapping with the destination above and below.
                    for (int shift = -9; shift <= 9; shift += 3)
                    {
                        Pattern(buffer, 7);
                        Pattern(expected, 7);
                        int from = 300 + offset, to = from + shift;
                        new Span<byte>(buffer + from, length).CopyTo(new Span<byte>(buffer + to, length));
                        for (int i = 0; i < length; i++)
                        {
                            copy[i] = expected[from + i];
                        }
                        for (int i = 0; i < length; i++)
                        {
                            expected[to + i] = copy[i];
                        }
                        if (!Same(buffer, expected, "copy", length, offset * 100 + shift, ref cases)) return Fail();
                    }
                }
            }
            char* text = stackalloc char[64];
            var line = new TextBuilder(text, 64);
            line.Append("COCO-PRIMITIVES OK ");
            line.AppendDecimal(cases);
            EfiConsole.WriteLine(line.AsSpan());
            return EfiExit.Finish(EfiStatus.Success, shutdown: true);
        }

        private static void Pattern(byte* bytes, int seed)
        {
            for (int i = 0; i < Room; i++)
            {
                bytes[i] = (byte)(i * 31 + seed);
            }
        }

        private static bool Same(byte* actual, byte* expected, string operation, int length, int variant, ref ulong cases)
        {
            cases++;
            for (int i = 0; i < Room; i++)
            {
                if (actual[i] != expected[i])
                {
                    Report(operation, length, variant, i);
                    return false;
                }
            }
            return true;
        }

        private static void Report(string operation, int length, int variant, int at)
        {
            char* text = stackalloc char[120];
            var line = new TextBuilder(text, 120);
            line.Append("COCO-PRIMITIVES FAIL ");
            line.Append(operation);
            line.Append(" length ");
            line.AppendDecimal((ulong)length);
            line.Append(" variant ");
            line.AppendDecimal((ulong)(variant + 1000));
            line.Append(" byte ");
            line.AppendDecimal((ulong)at);
            EfiConsole.WriteLine(line.AsSpan());
        }

        private static EfiStatus Fail() => EfiExit.Finish(EfiStatus.DeviceError, shutdown: true);
    }
}
