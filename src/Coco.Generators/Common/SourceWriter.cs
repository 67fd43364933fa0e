using System;
using System.Text;

namespace Coco.Generators.Common
{
    /// <summary>A StringBuilder with indentation: emission writes text, never SyntaxFactory
    /// trees (NormalizeWhitespace is slow and the text is easier to review).</summary>
    internal sealed class SourceWriter
    {
        private const string IndentUnit = "    ";
        private readonly StringBuilder _builder = new StringBuilder();
        private int _depth;

        public void WriteLine(string line)
        {
            if (line.Length > 0)
            {
                for (int i = 0; i < _depth; i++)
                {
                    _builder.Append(IndentUnit);
                }
                _builder.Append(line);
            }
            _builder.Append('\n');
        }

        public void WriteLine() => _builder.Append('\n');

        /// <summary>Writes several lines, each at the current indentation.</summary>
        public void WriteLines(string text)
        {
            foreach (string line in text.Split('\n'))
            {
                WriteLine(line.TrimEnd('\r'));
            }
        }

        /// <summary>Writes <paramref name="header"/> and an opening brace; dispose to close it.</summary>
        public Block OpenBlock(string header)
        {
            WriteLine(header);
            WriteLine("{");
            _depth++;
            return new Block(this);
        }

        public override string ToString() => _builder.ToString();

        private void CloseBlock()
        {
            _depth--;
            WriteLine("}");
        }

        public readonly struct Block : IDisposable
        {
            private readonly SourceWriter _writer;

            public Block(SourceWriter writer)
            {
                _writer = writer;
            }

            public void Dispose() => _writer.CloseBlock();
        }
    }
}
