namespace Coco.Packaging.Tests;

/// <summary>A project a user would write: a folder of its own with a nuget.config, a project
/// file and the Program.cs from Apps/&lt;app&gt;/.</summary>
internal sealed class ConsumerProject
{
    private ConsumerProject(string name, string directory)
    {
        Name = name;
        Directory = directory;
    }

    public string Name { get; }

    public string Directory { get; }

    public string ProgramPath => Path.Combine(Directory, "Program.cs");

    public string OutputDirectory(string configuration) => Path.Combine(Directory, "bin", configuration, "net10.0");

    /// <summary>The EFI application a user starts with: the two packages and the one property.</summary>
    public static ConsumerProject EfiApplication(LocalFeed feed, string name, string app) => Create(feed, name, app, $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <CocoEfiApplication>true</CocoEfiApplication>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Coco.Runtime" Version="{feed.Version}" />
            <PackageReference Include="Coco.Runtime.Tdx" Version="{feed.Version}" />
          </ItemGroup>
        </Project>
        """);

    /// <summary>An ordinary console program (.NET tests, tools) using the same APIs.</summary>
    public static ConsumerProject DotnetProgram(LocalFeed feed, string name, string app) => Create(feed, name, app, $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Coco.Runtime" Version="{feed.Version}" />
            <PackageReference Include="Coco.Runtime.Tdx" Version="{feed.Version}" />
          </ItemGroup>
        </Project>
        """);

    public CommandResult Dotnet(params string[] arguments) => Commands.Dotnet(Directory, arguments, Environment);

    /// <summary>PATH without any folder that holds a 'coco': what `dotnet run` finds is then
    /// decided by the project alone (its tool manifest), whatever this machine has installed.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["PATH"] = string.Join(Path.PathSeparator,
            (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Where(folder => folder.Length > 0 && !File.Exists(Path.Combine(folder, "coco")))),
    };

    private static ConsumerProject Create(LocalFeed feed, string name, string app, string projectXml)
    {
        string directory = feed.NewProjectDirectory(name);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), projectXml);
        File.Copy(Repository.AppSource(app, "Program.cs"), Path.Combine(directory, "Program.cs"));
        return new ConsumerProject(name, directory);
    }
}
