namespace Coco.Cli.Input;

/// <summary>An input file the command cannot use; the message names the file, the line and
/// the field ("map.json:12: memoryBlocks[3].end: missing").</summary>
public sealed class InputException(string message) : Exception(message);
