using System.CommandLine;

namespace Coco.Cli;

public static class Program
{
    public static int Main(string[] args) => BuildCommandLine().Parse(args).Invoke();

    public static RootCommand BuildCommandLine()
    {
        var root = new RootCommand("Coco: build and run confidential-computing firmware written in C#.");
        root.Subcommands.Add(BootCommand.Create());
        root.Subcommands.Add(DebugCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(TdmrCommand.Create());
        return root;
    }
}
