using System.CommandLine;

namespace Coco.Cli.Tests.Support;

/// <summary>Runs the coco command line in-process, as `coco ARGS` would, capturing its output.</summary>
internal static class Coco
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = Program.BuildCommandLine().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
