using Kan.Physics.Problems;

// The `kan` command (the hosted batch runner comes later):
//   kan [toy] [--steps N] [--seed N] [--grids 5,10,20] [--out DIR]   the KAN paper's toy fit (the default)
//   kan list                                                         the PDE problem modules
//   kan run PROBLEM [--set key=value ...] [--seed N] [--out DIR]     one PDE solve
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // first Ctrl+C: stop cleanly after the current iteration and keep what was trained; a second one kills
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    cancel.Cancel();
    Console.Error.WriteLine("Cancelling after the current iteration (Ctrl+C again to abort)...");
};
try
{
    switch (args.FirstOrDefault())
    {
        case "list":
            foreach (var m in Kan.Physics.Problems.Modules.ProblemCatalog.All) Console.WriteLine($"{m.Name,-18} {m.Description}");
            return 0;
        case "run":
            return PdeRunner.Run(args[1..], Console.Out, cancel.Token);
        case "toy":
            return ToyFit.Run(ToyFitOptions.Parse(args[1..]), Console.Out, cancel.Token);
        default:
            return ToyFit.Run(ToyFitOptions.Parse(args), Console.Out, cancel.Token);
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"kan: {e.Message}");
    Console.Error.WriteLine(ToyFitOptions.Usage);
    return 2;
}
catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
{
    // a problem with files or with the run itself (e.g. a residual that is NaN at a point): a message, not a stack trace
    Console.Error.WriteLine($"kan: {e.Message}");
    return 1;
}
