using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Coco.Packaging.Tests;

/// <summary>Issue #7, item 1: what `dotnet pack` puts in each package, file by file, and the
/// metadata NuGet shows.</summary>
[Collection(LocalFeedCollection.Name)]
public class PackageContentsTests(LocalFeed feed, ITestOutputHelper output)
{
    [Fact]
    public void Packing_is_warning_free()
    {
        output.WriteLine($"scripts/pack.sh took {feed.Pack.Elapsed.TotalSeconds:F1} s");
        Assert.DoesNotMatch(@"warning [A-Z]+[0-9]+", feed.Pack.Output);
        foreach (string id in LocalFeed.PackageIds)
        {
            Assert.True(File.Exists(feed.PackagePath(id)), $"{id} was not packed:\n{feed.Pack}");
        }
    }

    [Theory]
    [InlineData("Coco.Generators")]
    [InlineData("Coco.Runtime")]
    [InlineData("Coco.Runtime.Tdx")]
    [InlineData("Coco.Runtime.SevSnp")]
    [InlineData("Coco.Cli")]
    public void Every_package_has_its_metadata_readme_and_license(string id)
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath(id));
        XElement metadata = Nuspec(package, id).Element(Ns(package, id) + "metadata")!;
        string Field(string name) => metadata.Element(Ns(package, id) + name)?.Value ?? "";

        Assert.Equal(id, Field("id"));
        Assert.Equal(feed.Version, Field("version"));
        Assert.Equal("Coco contributors", Field("authors"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("expression", metadata.Element(Ns(package, id) + "license")!.Attribute("type")!.Value);
        Assert.Equal("PACKAGE.md", Field("readme"));
        Assert.True(Field("description").Length > 40, $"{id}: description '{Field("description")}'");
        Assert.NotEqual("", Field("tags"));
        Assert.StartsWith($"# {id}", Text(package, "PACKAGE.md"));
        Assert.StartsWith("MIT License", Text(package, "LICENSE"));
        Assert.Contains("Copyright (c) Coco contributors", Text(package, "LICENSE"));
    }

    [Fact]
    public void Coco_Generators_holds_the_analyzers_code_fixes_and_the_compiler_check()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath("Coco.Generators"));
        Assert.Equal(
            ["LICENSE", "PACKAGE.md", "analyzers/dotnet/cs/Coco.Generators.CodeFixes.dll", "analyzers/dotnet/cs/Coco.Generators.dll",
             "build/Coco.Generators.targets", "buildTransitive/Coco.Generators.targets"],
            Payload(package));
        Assert.Empty(Dependencies(package, "Coco.Generators"));

        // The targets' minimum is the Roslyn the analyzers were built against: an older
        // compiler could not load them, a newer minimum would turn away compilers that can.
        string minimum = XDocument.Parse(Text(package, "build/Coco.Generators.targets"))
            .Descendants("CocoMinimumRoslynVersion").Single().Value;
        foreach (string analyzer in new[] { "Coco.Generators.dll", "Coco.Generators.CodeFixes.dll" })
        {
            Version referenced = ReferencedVersion(package, "analyzers/dotnet/cs/" + analyzer, "Microsoft.CodeAnalysis");
            Assert.Equal(minimum, $"{referenced.Major}.{referenced.Minor}");
        }
        Assert.Contains("Import Project=\"../build/Coco.Generators.targets\"", Text(package, "buildTransitive/Coco.Generators.targets"));
    }

    [Fact]
    public void Coco_Runtime_holds_the_host_library_the_firmware_sources_and_the_build_pipeline()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath("Coco.Runtime"));
        string[] payload = Payload(package);
        Assert.Equal(
            ["LICENSE", "PACKAGE.md", "build/Coco.Runtime.Package.props", "build/Coco.Runtime.props", "build/Coco.Runtime.targets",
             "build/CocoCodeViewFixup.cs", "buildTransitive/Coco.Runtime.props", "buildTransitive/Coco.Runtime.targets", "lib/net10.0/Coco.Runtime.dll"],
            payload.Where(p => !p.StartsWith("sources/", StringComparison.Ordinal)));
        AssertSourcesMatchTheRepository(payload, Path.Combine(Repository.Root, "src", "Coco.Runtime"));
        Assert.Contains("sources/CoreLib/System/Object.cs", payload);
        Assert.Contains("sources/Efi/CocoRuntime.asm", payload);

        Assert.Equal(
            [("Coco.Generators", feed.Version), ("runtime.linux-x64.Microsoft.DotNet.ILCompiler", $"[{Repository.IlcVersion}]")],
            Dependencies(package, "Coco.Runtime").Select(d => (d.Id, d.Version)));
        // Analyzers and build targets of Coco.Generators reach the package's users.
        Assert.All(Dependencies(package, "Coco.Runtime"), d => Assert.Equal("All", d.Include));
        string packageProps = Text(package, "build/Coco.Runtime.Package.props");
        Assert.Contains($"<CocoPackagedIlcVersion>{Repository.IlcVersion}</CocoPackagedIlcVersion>", packageProps);
        Assert.Contains($"<CocoIlcVersion Condition=\"'$(CocoIlcVersion)' == ''\">{Repository.IlcVersion}</CocoIlcVersion>", packageProps);
    }

    [Fact]
    public void Coco_Runtime_Tdx_holds_the_host_library_the_firmware_sources_and_its_targets()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath("Coco.Runtime.Tdx"));
        string[] payload = Payload(package);
        Assert.Equal(
            ["LICENSE", "PACKAGE.md", "build/Coco.Runtime.Tdx.targets", "buildTransitive/Coco.Runtime.Tdx.targets", "lib/net10.0/Coco.Runtime.Tdx.dll"],
            payload.Where(p => !p.StartsWith("sources/", StringComparison.Ordinal)));
        AssertSourcesMatchTheRepository(payload, Path.Combine(Repository.Root, "src", "Coco.Runtime.Tdx"));
        Assert.Contains("sources/Host/Simulation/SimulatedTdxModule.cs", payload);
        Assert.Contains("sources/Efi/TdxThunks.asm", payload);
        Assert.Contains("sources/Guest/TdxGuestCalls.cs", payload);
        Assert.Equal([("Coco.Runtime", feed.Version, "All")], Dependencies(package, "Coco.Runtime.Tdx").Select(d => (d.Id, d.Version, d.Include)));
    }

    [Fact]
    public void Coco_Runtime_SevSnp_holds_the_host_library_the_firmware_sources_and_its_targets()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath("Coco.Runtime.SevSnp"));
        string[] payload = Payload(package);
        Assert.Equal(
            ["LICENSE", "PACKAGE.md", "build/Coco.Runtime.SevSnp.targets", "buildTransitive/Coco.Runtime.SevSnp.targets", "lib/net10.0/Coco.Runtime.SevSnp.dll"],
            payload.Where(p => !p.StartsWith("sources/", StringComparison.Ordinal)));
        AssertSourcesMatchTheRepository(payload, Path.Combine(Repository.Root, "src", "Coco.Runtime.SevSnp"));
        Assert.Contains("sources/Efi/SnpThunks.asm", payload);
        Assert.Contains("sources/Guest/SnpMemoryAcceptor.cs", payload);
        // The simulated platform is firmware code too: the sample runs it under QEMU.
        Assert.Contains("sources/Guest/Simulation/SimulatedSnpPlatform.cs", payload);
        Assert.DoesNotContain("sources/Dotnet/SnpHardware.cs", payload);
        Assert.Equal([("Coco.Runtime", feed.Version, "All")], Dependencies(package, "Coco.Runtime.SevSnp").Select(d => (d.Id, d.Version, d.Include)));
        Assert.Contains("Import Project=\"../build/Coco.Runtime.SevSnp.targets\"", Text(package, "buildTransitive/Coco.Runtime.SevSnp.targets"));
    }

    [Fact]
    public void Coco_Cli_is_a_dotnet_tool_named_coco()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath("Coco.Cli"));
        string[] payload = Payload(package);
        Assert.Contains("tools/net10.0/any/coco.dll", payload);
        Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", payload);
        Assert.Contains("<Command Name=\"coco\" EntryPoint=\"coco.dll\"", Text(package, "tools/net10.0/any/DotnetToolSettings.xml"));
        XElement metadata = Nuspec(package, "Coco.Cli").Element(Ns(package, "Coco.Cli") + "metadata")!;
        Assert.Equal("DotnetTool", metadata.Descendants(Ns(package, "Coco.Cli") + "packageType").Single().Attribute("name")!.Value);
    }

    /// <summary>Every .cs and .asm file of the project but Dotnet/, build/, <paramref name="notShipped"/>
    /// (and bin/obj) is in sources/, and nothing else.</summary>
    private static void AssertSourcesMatchTheRepository(string[] payload, string projectDirectory, params string[] notShipped)
    {
        string[] expected = Directory.EnumerateFiles(projectDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(projectDirectory, f).Replace('\\', '/'))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".asm", StringComparison.Ordinal))
            .Where(f => !f.StartsWith("Dotnet/", StringComparison.Ordinal) && !f.StartsWith("build/", StringComparison.Ordinal)
                        && !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Where(f => !notShipped.Any(folder => f.StartsWith(folder, StringComparison.Ordinal)))
            .Select(f => "sources/" + f)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, payload.Where(p => p.StartsWith("sources/", StringComparison.Ordinal)));
    }

    /// <summary>The package's files, without NuGet's own (nuspec, _rels, [Content_Types].xml, package/).</summary>
    private static string[] Payload(ZipArchive package) =>
        package.Entries.Select(e => e.FullName)
            .Where(n => !n.EndsWith(".nuspec", StringComparison.Ordinal) && !n.StartsWith("_rels/", StringComparison.Ordinal)
                        && n != "[Content_Types].xml" && !n.StartsWith("package/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string Text(ZipArchive package, string path)
    {
        ZipArchiveEntry entry = package.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"no {path} in the package");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static XElement Nuspec(ZipArchive package, string id) => XDocument.Parse(Text(package, id + ".nuspec")).Root!;

    private static XNamespace Ns(ZipArchive package, string id) => Nuspec(package, id).Name.Namespace;

    private static IReadOnlyList<(string Id, string Version, string Include)> Dependencies(ZipArchive package, string id) =>
        Nuspec(package, id).Descendants(Ns(package, id) + "dependency")
            .Select(d => (d.Attribute("id")!.Value, d.Attribute("version")!.Value, d.Attribute("include")?.Value ?? ""))
            .ToList();

    /// <summary>The version of <paramref name="assemblyName"/> that a packed assembly references.</summary>
    private static Version ReferencedVersion(ZipArchive package, string path, string assemblyName)
    {
        using var bytes = new MemoryStream();
        using (Stream entry = package.GetEntry(path)!.Open())
        {
            entry.CopyTo(bytes);
        }
        bytes.Position = 0;
        using var pe = new PEReader(bytes);
        MetadataReader reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(reader.GetAssemblyReference)
            .Single(r => reader.GetString(r.Name) == assemblyName).Version;
    }
}
