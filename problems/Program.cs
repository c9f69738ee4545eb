using System.Runtime.InteropServices;
using Kan.Physics.Problems;
using Kan.Physics.Problems.Cli;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The `kan` command on the .NET generic host: options from appsettings.json and KAN_* environment variables, logging
// to standard error, the problem modules registered with the batch runner. Exit codes: 0 ok, 1 a job failed,
// 2 bad input, 130 cancelled (Ctrl+C or SIGTERM: running jobs keep their checkpoints; rerun with --resume).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return; // a second Ctrl+C kills
    e.Cancel = true;
    cancel.Cancel();
    Console.Error.WriteLine("Cancelling: jobs stop after their current iteration and keep their checkpoints (Ctrl+C again to abort)...");
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    // the command line is parsed by the subcommands, not bound as configuration
    Args = [],
    ContentRootPath = AppContext.BaseDirectory,
    DisableDefaults = true,
});
builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
    .AddEnvironmentVariables("KAN_");
builder.Logging.ClearProviders().AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
    .AddFilter("Microsoft", LogLevel.Warning).SetMinimumLevel(LogLevel.Information);
builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
var defaults = builder.Configuration.Get<KanCommandOptions>() ?? new KanCommandOptions();
builder.Services.AddKanPhysics(registry => { foreach (var p in ProblemCatalog.All) registry.Add(p); });
builder.Services.AddSingleton<IFigureWriter, ResultFigureWriter>();
using var host = builder.Build();
var commands = new KanCommands(host.Services, defaults, Console.Out);

try
{
    return args.FirstOrDefault() switch
    {
        "list" => commands.List(),
        "run" => await commands.RunAsync(args[1..], cancel.Token),
        "batch" => await commands.BatchAsync(args[1..], cancel.Token),
        "show" => commands.Show(args[1..]),
        "plot" => commands.Plot(args[1..]),
        "report" => commands.Report(args[1..]),
        "discover" => DiscoverCommand.Run(args[1..], defaults.Output, Console.Out, cancel.Token),
        "knot-generate" => Kan.Physics.Problems.Knots.KnotCommands.Generate(args[1..], Console.Out, cancel.Token),
        "knot-invariants" => commands.KnotInvariants(args[1..], cancel.Token),
        "toy" => ToyFit.Run(ToyFitOptions.Parse(args[1..]), Console.Out, cancel.Token),
        "help" or "--help" or "-h" => Help(0),
        null => Help(2),
        var other => throw new UsageException($"unknown command '{other}'"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"kan: {e.Message}");
    return 2;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"kan: {e.Message}");
    return 2;
}
catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"kan: {e.Message}");
    return 1;
}

static int Help(int code)
{
    (code == 0 ? Console.Out : Console.Error).WriteLine(KanCommands.Usage);
    return code;
}
