using System.Text;

namespace Coco.Cli.Boot;

/// <summary>
/// The console echo while a progress display owns the terminal: the firmware's text before the
/// launch is held (and shown only if the app never starts, so a failed boot still shows what
/// the firmware printed), the app's text is held until the display has cleared, then everything
/// streams through. Written from the console reader's thread, released from the command's.
/// </summary>
internal sealed class HeldEcho(TextWriter target) : TextWriter
{
    private readonly object _gate = new();
    private readonly StringBuilder _firmwareText = new();
    private readonly StringBuilder _appText = new();
    private bool _appStarted;
    private bool _released;

    public override Encoding Encoding => target.Encoding;

    /// <summary>From now on the text is the app's (called when the launch line has been echoed).</summary>
    public void AppStarted()
    {
        lock (_gate)
        {
            _appStarted = true;
        }
    }

    /// <summary>The display is gone: write what was held and pass the rest straight through.
    /// The firmware's text is written only when the app never started.</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (!_appStarted)
            {
                target.Write(_firmwareText);
            }
            target.Write(_appText);
            target.Flush();
            _firmwareText.Clear();
            _appText.Clear();
            _released = true;
        }
    }

    public override void Write(char value) => Write([value]);

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_gate)
        {
            if (_released)
            {
                target.Write(buffer);
            }
            else
            {
                (_appStarted ? _appText : _firmwareText).Append(buffer);
            }
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            if (_released)
            {
                target.Flush();
            }
        }
    }
}
