using System.Runtime.InteropServices;
using Kan.Physics.Problems.Cli;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The `kan` command on the .NET generic host: options from appsettings.json and KAN_* environment variables, logging
// to standard error, the problem modules registered with the batch runner, the command line parsed by KanCommandLine
// (System.CommandLine). Exit codes: 0 ok, 1 a job failed, 2 bad input, 130 cancelled (Ctrl+C or SIGTERM: running
// jobs keep their checkpoints; rerun with --resume).
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
KanCommandOptions defaults;
try
{
    defaults = KanCommandOptions.Load(builder.Configuration);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"kan: {e.Message}");
    return 2;
}
// registered before AddKanPhysics, whose TryAdd then keeps it: plain progress lines every ProgressSeconds
builder.Services.AddSingleton(_ => new ProgressDisplay(TimeSpan.FromSeconds(defaults.ProgressSeconds)));
builder.Services.AddKanPhysics(registry => { foreach (var p in ProblemCatalog.All) registry.Add(p); });
builder.Services.AddSingleton<IFigureWriter, ResultFigureWriter>();
using var host = builder.Build();
var commandLine = new KanCommandLine(defaults, () => new KanCommands(host.Services, Console.Out, defaults), Console.Out);
return await commandLine.InvokeAsync(args, Console.Error, cancel.Token);
