using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Kan.Physics.Tests.Packaging;

/// <summary>
/// The packages as a user gets them: the library projects and the kan tool are packed from a copy of the sources into a
/// local folder, a fresh console app references the packages (not the projects) and solves a PDE with them, and the tool
/// is installed from the folder with <c>dotnet tool install</c> and run. The consumer and the tool restore into a private
/// package cache, with a version no earlier run used, so nothing cached can stand in for what was just packed.
/// </summary>
public sealed class PackageConsumerTests : IClassFixture<PackageConsumerTests.PackedFolder>
{
    private static readonly string[] Libraries = ["Kan.Physics", "Kan.Physics.Solvers", "Kan.Physics.Runs"];
    private readonly PackedFolder _packed;

    public PackageConsumerTests(PackedFolder packed) => _packed = packed;

    /// <summary>Packs once for the class: a copy of the sources (no bin/obj), packed in Release into <see cref="Feed"/>.</summary>
    public sealed class PackedFolder : IDisposable
    {
        public string Root { get; } = Path.Combine(Path.GetTempPath(), "kan-pack-" + Guid.NewGuid().ToString("N")[..8]);
        public string Feed => Path.Combine(Root, "feed");
        public string Packages => Path.Combine(Root, "nuget-packages");
        /// <summary>A version no earlier run used, so no cache can hold these packages already.</summary>
        public string Version { get; } = "0.0.1-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        public string PackLog { get; }

        public PackedFolder()
        {
            string source = Path.Combine(Root, "src");
            foreach (string entry in (string[])["Directory.Build.props", "packaging", "Kan.Physics", "Kan.Physics.Solvers", "Kan.Physics.Runs", "problems"])
                CopyTree(RepositoryFile.PathOf(entry), Path.Combine(source, entry));
            var log = new System.Text.StringBuilder();
            // the tool's pack builds every library in Release; the libraries then pack without building again
            log.Append(Dotnet(source, null, "pack", "problems", "-c", "Release", "-o", Feed, $"-p:Version={Version}").Require("dotnet pack problems"));
            foreach (string library in Libraries)
                log.Append(Dotnet(source, null, "pack", library, "-c", "Release", "--no-build", "-o", Feed, $"-p:Version={Version}").Require($"dotnet pack {library}"));
            PackLog = log.ToString();
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static void CopyTree(string from, string to)
        {
            if (File.Exists(from)) { Directory.CreateDirectory(Path.GetDirectoryName(to)!); File.Copy(from, to); return; }
            foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(from, file);
                string first = relative.Split(Path.DirectorySeparatorChar)[0];
                if (first is "bin" or "obj" || relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                    || relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
                string target = Path.Combine(to, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    [Fact]
    public void Library_packages_carry_metadata_docs_readme_and_symbols()
    {
        foreach (string id in Libraries)
        {
            string package = Path.Combine(_packed.Feed, $"{id}.{_packed.Version}.nupkg");
            Assert.True(File.Exists(package), $"{package} was not packed:\n{_packed.PackLog}");
            Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"no symbol package beside {package}");
            using var zip = ZipFile.OpenRead(package);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains($"lib/net10.0/{id}.dll", names);
            Assert.Contains($"lib/net10.0/{id}.xml", names);     // XML docs for IntelliSense
            Assert.Contains("PACKAGE.md", names);

            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            using var nuspecStream = zip.GetEntry($"{id}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
            string Field(string name) => metadata.Element(ns + name)?.Value ?? "";
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("PACKAGE.md", Field("readme"));
            Assert.True(Field("description").Length > 60 && !Field("description").Contains("Package Description"), $"{id}: description '{Field("description")}'");
            Assert.Contains("kolmogorov-arnold", Field("tags"));
            Assert.NotNull(metadata.Element(ns + "repository"));
        }
        // only the libraries and the tool are packages: bench and tests are not packable
        var packed = Directory.GetFiles(_packed.Feed, "*.nupkg").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(new[] { "Kan.Physics", "Kan.Physics.Cli", "Kan.Physics.Runs", "Kan.Physics.Solvers" }.Select(id => $"{id}.{_packed.Version}.nupkg"), packed);
    }

    [Fact]
    public void A_fresh_console_app_solves_a_pde_with_the_packages()
    {
        string app = Path.Combine(_packed.Root, "consumer");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="kan-local" value="{_packed.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Kan.Physics.Solvers" Version="{_packed.Version}" />
              </ItemGroup>
            </Project>
            """);
        // the program is the example of the packages' readme, so that example is compiled and run as users see it
        File.WriteAllText(Path.Combine(app, "Program.cs"), ReadmeExample());

        var run = Dotnet(app, _packed.Packages, "run", "-c", "Release").Require("dotnet run (package consumer)");
        var match = Regex.Match(run, @"relative L2 error ([0-9.Ee+-]+)");
        Assert.True(match.Success, $"the consumer printed no error:\n{run}");
        double error = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(error, 0, 1e-2);
        // it compiled against the packed assemblies, not the projects of this checkout
        Assert.True(File.Exists(Path.Combine(_packed.Packages, "kan.physics.solvers", _packed.Version, "lib", "net10.0", "Kan.Physics.Solvers.dll")));
        Assert.True(File.Exists(Path.Combine(_packed.Packages, "kan.physics", _packed.Version, "lib", "net10.0", "Kan.Physics.dll")));
    }

    [Fact]
    public void The_kan_tool_installs_from_the_folder_and_runs()
    {
        string package = Path.Combine(_packed.Feed, $"Kan.Physics.Cli.{_packed.Version}.nupkg");
        Assert.True(File.Exists(package), _packed.PackLog);
        // native plotting libraries only for the platforms the README claims
        using (var zip = ZipFile.OpenRead(package))
        {
            var platforms = zip.Entries.Select(e => e.FullName).Where(n => n.Contains("/runtimes/"))
                .Select(n => n[(n.IndexOf("/runtimes/", StringComparison.Ordinal) + 10)..].Split('/')[0]).ToHashSet();
            Assert.Equal(new[] { "linux-arm64", "linux-x64", "osx", "win", "win-x64" }, platforms.Order());
        }

        string tools = Path.Combine(_packed.Root, "tools");
        Dotnet(_packed.Root, _packed.Packages, "tool", "install", "Kan.Physics.Cli", "--tool-path", tools, "--add-source", _packed.Feed,
            "--version", _packed.Version).Require("dotnet tool install");
        string kan = Path.Combine(tools, OperatingSystem.IsWindows() ? "kan.exe" : "kan");
        Assert.True(File.Exists(kan), $"no {kan} after the install");
        var list = Run(kan, _packed.Root, _packed.Packages, "list");
        Assert.True(list.ExitCode == 0, list.Output);
        Assert.Contains("poisson2d", list.Output);
        Assert.Contains("burgers-inverse", list.Output);
        var bad = Run(kan, _packed.Root, _packed.Packages, "run", "no-such-problem");
        Assert.Equal(2, bad.ExitCode);
    }

    /// <summary>The first C# block of packaging/PACKAGE.md.</summary>
    private static string ReadmeExample()
    {
        string text = File.ReadAllText(RepositoryFile.PathOf("packaging", "PACKAGE.md"));
        var match = Regex.Match(text, "```csharp\\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, "packaging/PACKAGE.md has no C# example");
        return match.Groups[1].Value;
    }

    private sealed record Outcome(int ExitCode, string Output, string What)
    {
        public string Require(string what)
        {
            Assert.True(ExitCode == 0, $"{what} failed with exit code {ExitCode}:\n{Output}");
            return Output;
        }
    }

    private static Outcome Dotnet(string directory, string? packages, params string[] args) => Run("dotnet", directory, packages, args);

    private static Outcome Run(string program, string directory, string? packages, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) psi.ArgumentList.Add(a);
        // the consumer and the tool restore into a private cache, so only what was just packed is found (packing itself
        // uses the user's cache for the libraries we depend on)
        if (packages != null) psi.Environment["NUGET_PACKAGES"] = packages;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(8))) { p.Kill(entireProcessTree: true); throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 8 minutes"); }
        return new Outcome(p.ExitCode, stdout.Result + stderr.Result, program);
    }
}
