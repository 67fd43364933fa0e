using System;
using Coco.Uefi.Raw;

namespace Coco.Uefi
{
    /// <summary>Text to the firmware console (ConOut, which OVMF mirrors to the serial port).
    /// Writes nothing before <see cref="Efi.Initialize"/>.</summary>
    public static unsafe class EfiConsole
    {
        private const int ChunkChars = 127;

        public static void Write(string text)
        {
            fixed (char* chars = text)
            {
                Write(new ReadOnlySpan<char>(chars, text.Length));
            }
        }

        public static void Write(ReadOnlySpan<char> text)
        {
            char* chunk = stackalloc char[ChunkChars * 2 + 1];
            for (int i = 0; i < text.Length;)
            {
                int used = 0;
                while (i < text.Length && used < ChunkChars * 2 - 1)
                {
                    used = Put(chunk, used, text[i++]);
                }
                Flush(chunk, used);
            }
        }

        public static void WriteLine(string text)
        {
            Write(text);
            Write("\n");
        }

        public static void WriteLine(ReadOnlySpan<char> text)
        {
            Write(text);
            Write("\n");
        }

        // The console wants CR LF; C# text uses LF.
        private static int Put(char* chunk, int used, char c)
        {
            if (c == '\n')
            {
                chunk[used++] = '\r';
            }
            chunk[used++] = c;
            return used;
        }

        private static void Flush(char* chunk, int used)
        {
            EfiSystemTable* table = Efi.SystemTable;
            if (table == null || table->ConOut == null || used == 0)
            {
                return;
            }
            chunk[used] = '\0';
            table->ConOut->OutputString(table->ConOut, chunk);
        }
    }
}
