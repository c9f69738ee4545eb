using Kan.Physics.Problems;

// The `kan` command. For now it runs the KAN paper's toy fit; the hosted batch runner comes with the problem modules.
//   dotnet run --project problems -c Release -- [--steps N] [--seed N] [--grids 5,10,20] [--out DIR]
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
    var options = ToyFitOptions.Parse(args);
    return ToyFit.Run(options, Console.Out, cancel.Token);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"kan: {e.Message}");
    Console.Error.WriteLine(ToyFitOptions.Usage);
    return 2;
}
catch (IOException e)
{
    Console.Error.WriteLine($"kan: {e.Message}");
    return 1;
}
