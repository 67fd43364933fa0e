using System;
using Coco.Uefi.Raw;

namespace Coco.Uefi
{
    /// <summary>
    /// The load options of an image as a command line: UTF-16 words separated by blanks, a
    /// pair of double quotes around a word removed. The UEFI shell passes the whole line it
    /// ran, program path first; a boot manager passes nothing. .NET tests build it from text.
    /// </summary>
    public readonly unsafe struct CommandLine
    {
        private readonly char* _text;
        private readonly int _length;

        public CommandLine(char* text, int length)
        {
            _text = text;
            int end = 0;
            while (end < length && text[end] != '\0')
            {
                end++;
            }
            _length = end;
        }

        public static CommandLine Empty => default;

        /// <summary>The load options of the running image, or an empty line when there are
        /// none or they are not text (odd byte count).</summary>
        public static CommandLine FromLoadedImage()
        {
            EfiStatus status = Efi.HandleProtocol(Efi.ImageHandle, EfiLoadedImageProtocol.Guid, out void* protocol);
            if (status.IsError || protocol == null)
            {
                return Empty;
            }
            var image = (EfiLoadedImageProtocol*)protocol;
            if (image->LoadOptions == null || image->LoadOptionsSize < 2 || (image->LoadOptionsSize & 1) != 0)
            {
                return Empty;
            }
            return new CommandLine((char*)image->LoadOptions, (int)(image->LoadOptionsSize / 2));
        }

        public ReadOnlySpan<char> Text => new ReadOnlySpan<char>(_text, _length);

        /// <summary>Finds the word after position <paramref name="cursor"/>; false at the end.</summary>
        public bool NextWord(ref int cursor, out ReadOnlySpan<char> word)
        {
            int i = cursor;
            while (i < _length && IsBlank(_text[i]))
            {
                i++;
            }
            if (i >= _length)
            {
                cursor = i;
                word = default;
                return false;
            }
            int start = i;
            bool quoted = _text[i] == '"';
            if (quoted)
            {
                start = ++i;
                while (i < _length && _text[i] != '"')
                {
                    i++;
                }
                word = new ReadOnlySpan<char>(_text + start, i - start);
                cursor = i < _length ? i + 1 : i;
                return true;
            }
            while (i < _length && !IsBlank(_text[i]))
            {
                i++;
            }
            word = new ReadOnlySpan<char>(_text + start, i - start);
            cursor = i;
            return true;
        }

        /// <summary>Position of the first option: after the program path when the line starts
        /// with one (a word not starting with '-').</summary>
        public int FirstOptionCursor()
        {
            int cursor = 0;
            int afterFirst = 0;
            if (NextWord(ref afterFirst, out ReadOnlySpan<char> first) && first.Length > 0 && first[0] != '-')
            {
                cursor = afterFirst;
            }
            return cursor;
        }

        /// <summary>The text after position <paramref name="cursor"/>, leading blanks skipped and
        /// quotes kept: what a program hands on, unparsed, to the one it starts.</summary>
        public ReadOnlySpan<char> Remainder(int cursor)
        {
            int i = cursor < 0 ? 0 : cursor;
            while (i < _length && IsBlank(_text[i]))
            {
                i++;
            }
            return i >= _length ? default : new ReadOnlySpan<char>(_text + i, _length - i);
        }

        /// <summary>Characters <see cref="Compose"/> writes, the NUL included.</summary>
        public static int ComposedLength(ReadOnlySpan<char> program, ReadOnlySpan<char> arguments) =>
            program.Length + (NeedsQuotes(program) ? 2 : 0) + (arguments.Length == 0 ? 0 : 1 + arguments.Length) + 1;

        /// <summary>
        /// Writes the load options the UEFI shell would pass: the program path first (quoted when
        /// it holds blanks), a blank and the arguments as given, then a NUL. Returns the
        /// characters written, the NUL included, or -1 (writing nothing) when
        /// <paramref name="capacity"/> is too small.
        /// </summary>
        public static int Compose(ReadOnlySpan<char> program, ReadOnlySpan<char> arguments, char* destination, int capacity)
        {
            int length = ComposedLength(program, arguments);
            if (destination == null || length > capacity)
            {
                return -1;
            }
            int at = 0;
            bool quoted = NeedsQuotes(program);
            if (quoted)
            {
                destination[at++] = '"';
            }
            for (int i = 0; i < program.Length; i++)
            {
                destination[at++] = program[i];
            }
            if (quoted)
            {
                destination[at++] = '"';
            }
            if (arguments.Length != 0)
            {
                destination[at++] = ' ';
                for (int i = 0; i < arguments.Length; i++)
                {
                    destination[at++] = arguments[i];
                }
            }
            destination[at++] = '\0';
            return at;
        }

        private static bool NeedsQuotes(ReadOnlySpan<char> word)
        {
            for (int i = 0; i < word.Length; i++)
            {
                if (IsBlank(word[i]))
                {
                    return true;
                }
            }
            return false;
        }

        private static bool IsBlank(char c) => c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
