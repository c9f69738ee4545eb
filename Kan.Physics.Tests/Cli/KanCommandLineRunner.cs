using Kan.Physics.Problems.Cli;

namespace Kan.Physics.Tests.Cli;

/// <summary>Runs the <c>kan</c> command line in this process, with no host: for help, usage errors and host-free commands.</summary>
internal static class KanCommandLineRunner
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    public static KanCommandLine Create(TextWriter output, KanCommandOptions? defaults = null) =>
        new(defaults ?? new KanCommandOptions(), () => throw new InvalidOperationException("this test has no host"), output);

    public static Outcome Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Create(output).InvokeAsync(args, error, CancellationToken.None).GetAwaiter().GetResult();
        return new Outcome(code, output.ToString(), error.ToString());
    }
}
