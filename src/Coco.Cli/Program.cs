using System.CommandLine;
using Coco.Cli.Boot;

namespace Coco.Cli;

public static class Program
{
    public static int Main(string[] args) => BuildCommandLine().Parse(args).Invoke();

    public static RootCommand BuildCommandLine()
    {
        var root = new RootCommand("Coco: build and run confidential-computing firmware written in C#.");
        root.Subcommands.Add(BootCommand.Create());
        return root;
    }
}
