using System.Text;

namespace Coco.Cli.Boot;

/// <summary>
/// Collects QEMU's serial console into lines (ANSI escapes removed), tracks the markers and the
/// boot phase, and copies the text to the echo writer unchanged. The echo is written in pieces
/// split where the phase changes, so an observer sees the text before the launch line and the
/// app's text after it on either side of its <see cref="BootPhase.RunningApp"/> notification.
/// </summary>
internal sealed class SerialConsole(TextWriter? echo, Action<BootPhase>? phaseChanged)
{
    private readonly StringBuilder _line = new();
    private readonly List<string> _lines = [];
    private bool _countdownSeen;
    private bool _countdownAnswered;

    public IReadOnlyList<string> Lines => _lines;

    public BootPhase Phase { get; private set; } = BootPhase.FirmwareStarting;

    public bool LaunchSeen { get; private set; }

    public bool FatalSeen { get; private set; }

    public ulong? ExitStatus { get; private set; }

    /// <summary>"Unsupported (line number 3)": the shell stopped startup.nsh at a failing line.</summary>
    public string? ScriptError { get; private set; }

    /// <summary>An armed image's announcement that it waits for a debugger.</summary>
    public Debug.DebugWait? DebugWait { get; private set; }

    /// <summary>The text echoed last did not end with a line break.</summary>
    public bool EndsMidLine { get; private set; }

    public void Append(ReadOnlySpan<char> text)
    {
        int echoed = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n')
            {
                bool launchedBefore = LaunchSeen;
                EndLine();
                if (LaunchSeen && !launchedBefore)
                {
                    echo?.Write(text[echoed..(i + 1)]);
                    echoed = i + 1;
                    EnterPhase(BootPhase.RunningApp);
                }
            }
            else if (c != '\r')
            {
                _line.Append(c);
            }
        }
        echo?.Write(text[echoed..]);
        if (!text.IsEmpty)
        {
            EndsMidLine = text[^1] != '\n';
        }
        // The countdown redraws itself without a line break, so look in the unfinished line too.
        if (!_countdownSeen)
        {
            NoteCountdown(_line.ToString());
        }
    }

    /// <summary>True once, the first time the shell's countdown has been seen: answer it with a key.</summary>
    public bool TakeCountdownSeen()
    {
        if (_countdownSeen && !_countdownAnswered)
        {
            _countdownAnswered = true;
            return true;
        }
        return false;
    }

    public void Flush()
    {
        if (_line.Length > 0)
        {
            EndLine();
        }
        echo?.Flush();
    }

    private void EnterPhase(BootPhase phase)
    {
        if (phase > Phase)
        {
            Phase = phase;
            phaseChanged?.Invoke(phase);
        }
    }

    private void NoteCountdown(string text)
    {
        if (!_countdownSeen && text.Contains(ConsoleMarkers.ShellCountdown, StringComparison.Ordinal))
        {
            _countdownSeen = true;
            EnterPhase(BootPhase.UefiShell);
        }
    }

    private void EndLine()
    {
        string raw = _line.ToString();
        NoteCountdown(raw);
        string line = AnsiText.Strip(raw);
        _line.Clear();
        _lines.Add(line);
        int exit = line.IndexOf(ConsoleMarkers.Exit, StringComparison.Ordinal);
        int shellExit = line.IndexOf(ConsoleMarkers.ShellExit, StringComparison.Ordinal);
        if (line.Contains(ConsoleMarkers.Launch, StringComparison.Ordinal) && !line.Contains("echo", StringComparison.Ordinal))
        {
            LaunchSeen = true;
        }
        else if (exit >= 0 && EfiExitCode.TryParse(line[(exit + ConsoleMarkers.Exit.Length)..], out ulong status))
        {
            ExitStatus ??= status;
        }
        else if (shellExit >= 0 && EfiExitCode.TryParse(line[(shellExit + ConsoleMarkers.ShellExit.Length)..], out ulong shellStatus))
        {
            // Only for apps that do not report their own status: restore the error bit.
            ExitStatus ??= shellStatus == 0 ? 0 : shellStatus | EfiExitCode.ErrorBit;
        }
        else if (line.Contains(ConsoleMarkers.Fatal, StringComparison.Ordinal))
        {
            FatalSeen = true;
        }
        else if (line.StartsWith(ConsoleMarkers.ShellScriptError, StringComparison.Ordinal))
        {
            ScriptError ??= line[ConsoleMarkers.ShellScriptError.Length..].Trim();
        }
        else if (DebugWait is null && Debug.DebugHandshake.TryParse(line, out Debug.DebugWait wait))
        {
            DebugWait = wait;
        }
    }
}
