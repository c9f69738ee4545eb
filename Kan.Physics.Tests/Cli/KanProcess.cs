using System.Diagnostics;

namespace Kan.Physics.Tests.Cli;

/// <summary>Runs the built <c>kan</c> program (kan.dll beside the tests) as a separate process.</summary>
internal static class KanProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "kan.dll");

    public static Process Start(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_TieredPGO"] = "0";
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
    }

    public static Outcome Run(string workingDirectory, params string[] args)
    {
        using var p = Start(workingDirectory, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(entireProcessTree: true); throw new TimeoutException($"kan {string.Join(' ', args)} did not finish"); }
        return new Outcome(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kan-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
