using System;
using Coco.Text;
using Coco.Uefi;

namespace UefiApp
{
    /// <summary>
    /// --chainload=&lt;path&gt;: once the table is published and reported, starts the image at
    /// &lt;path&gt; on this app's own device (a Linux kernel's EFI stub, or this app again) with
    /// the rest of the command line as its options, and returns the status it exits with.
    /// </summary>
    internal static unsafe class Chainload
    {
        private const int LineChars = 256;

        public static EfiStatus Run(in Options options, EfiStatus pipelineStatus)
        {
            ReadOnlySpan<char> path = options.ChainloadPath;
            if (pipelineStatus.IsError)
            {
                Say("UefiApp: not starting '", path, "': the app failed before it: ", default, pipelineStatus.Name);
                return pipelineStatus;
            }
            EfiStatus status = ChildImage.LoadFromOwnDevice(path, out ChildImage child, out DevicePathError pathError);
            if (status.IsError)
            {
                char* buffer = stackalloc char[LineChars];
                var detail = new TextBuilder(buffer, LineChars);
                detail.Append(status.Name);
                if (pathError.IsError)
                {
                    detail.Append(": ");
                    pathError.AppendTo(ref detail);
                }
                Say("UefiApp: cannot load '", path, "': ", detail.AsSpan());
                return status;
            }
            status = child.SetLoadOptions(path, options.ChainloadArguments);
            if (status.IsError)
            {
                Say("UefiApp: cannot give '", path, "' its load options: ", default, status.Name);
                child.Release();
                return status;
            }
            Say("UefiApp: starting '", path, "' with options '", options.ChainloadArguments, "'");
            EfiStatus exitStatus = child.Start();
            child.Release();

            char* text = stackalloc char[64];
            var statusText = new TextBuilder(text, 64);
            statusText.Append(exitStatus.Name);
            statusText.Append(" (");
            statusText.AppendHex(exitStatus.Value);
            statusText.Append(')');
            Say("UefiApp: '", path, "' returned ", statusText.AsSpan());
            return exitStatus;
        }

        // One line in pieces, straight to the console: a path or an option line has no length limit here.
        private static void Say(string before, ReadOnlySpan<char> path, string after, ReadOnlySpan<char> tail = default, string end = "")
        {
            EfiConsole.Write(before);
            EfiConsole.Write(path);
            EfiConsole.Write(after);
            EfiConsole.Write(tail);
            EfiConsole.WriteLine(end);
        }
    }
}
