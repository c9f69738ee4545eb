using System.Text.Json;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Solvers.Discovery;

namespace Kan.Physics.Problems.Cli;

/// <summary>What <c>kan discover-pde</c> is asked to do.</summary>
/// <param name="DataPath">The CSV (long form) or HDF5 (grid) file.</param>
internal sealed record DiscoverPdeOptions(string DataPath)
{
    public string[]? Fields { get; init; }
    public string[]? Coordinates { get; init; }
    public string? Time { get; init; }
    public int Order { get; init; } = 3;
    public int MaxPower { get; init; } = 2;
    public string[] Library { get; init; } = [];
    /// <summary>The data's noise as a fraction of the field's standard deviation (0: not given): the surrogate's held-out error is compared with it.</summary>
    public double Noise { get; init; }
    /// <summary>The surrogate's roughness penalty (see <see cref="SurrogateOptions.Smoothness"/>).</summary>
    public double Smoothness { get; init; }
    /// <summary>Regress the weak form (<see cref="DiscoveryFormulation.Weak"/>, the default) rather than the strong one.</summary>
    public bool Weak { get; init; } = true;
    /// <summary>The weak form's test-function half-width (<see cref="WeakFormOptions.HalfWidth"/>; 0: chosen from the noise).</summary>
    public double WeakWidth { get; init; }
    public int[]? Hidden { get; init; }
    public int[]? Grids { get; init; }
    public int Steps { get; init; } = 40;
    public int Seed { get; init; }
    public string OutputDirectory { get; init; } = "results";
}

/// <summary>
/// <c>kan discover-pde DATA [--fields u] [--coords x,t] [--time t] [--order 3] [--max-power 2] [--library "u^3;sin(x)*u"]
/// [--noise 0.01] [--smoothness 1e-7] [--out DIR]</c>: reads field samples, fits a KAN surrogate per field, evaluates a library of candidate
/// terms from its derivatives, finds each field's PDE by sparse regression, prints it and writes
/// <c>discover-pde-NAME-sSEED.h5</c> with figures.
/// </summary>
internal static class DiscoverPdeCommand
{
    public static int Run(DiscoverPdeOptions o, TextWriter output, CancellationToken ct)
    {
        FieldData data;
        try { data = FieldDataFile.Read(o.DataPath, o.Fields, o.Coordinates, o.Time); }
        catch (FieldDataFileException e) { throw new UsageException(e.Message, e); }
        try { OutputDirectory.Prepare(o.OutputDirectory); } catch (IOException e) { throw new UsageException(e.Message, e); }
        if (!(o.WeakWidth >= 0 && o.WeakWidth <= 0.5)) throw new UsageException($"option --weak-width must be in [0, 0.5] (0: chosen from the noise), got {o.WeakWidth.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var defaults = new SurrogateOptions();
        var options = new DiscoveryOptions
        {
            Order = o.Order, MaxPower = o.MaxPower, UserTerms = o.Library,
            Surrogate = defaults with
            {
                Hidden = o.Hidden ?? defaults.Hidden, Grids = o.Grids ?? defaults.Grids, StepsPerGrid = o.Steps, Seed = o.Seed,
                Smoothness = o.Smoothness,
            },
            Regression = new SparseRegressionOptions { Seed = o.Seed },
            Formulation = o.Weak ? DiscoveryFormulation.Weak : DiscoveryFormulation.Strong,
            Weak = new WeakFormOptions { HalfWidth = o.WeakWidth },
        };
        output.WriteLine($"discover-pde: {string.Join(", ", data.Fields)} over {string.Join(", ", data.Coordinates)} (time {data.Time}), {data.Count} points, derivatives up to order {o.Order}, powers up to {o.MaxPower}");
        DiscoveryResult result;
        try { result = PdeDiscovery.Run(data, options, line => output.WriteLine("  " + line), ct); }
        catch (OperationCanceledException) { Console.Error.WriteLine("kan: cancelled; nothing written"); return 130; }
        output.WriteLine(DiscoveryReport.Summary(result));
        if (o.Noise > 0)
            for (int f = 0; f < data.Fields.Count; f++)
            {
                // a surrogate that fits the data much closer than the noise follows the noise; much looser, it misses the field
                var v = data.Values[f];
                double mean = v.Average(), std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
                double ratio = result.Surrogates[f].HeldOutRmse / (o.Noise * std);
                output.WriteLine($"surrogate {data.Fields[f]}: held-out RMSE / declared noise = {ratio:F2}{(ratio < 0.8 ? " (below the noise: it may follow the noise; try --smoothness or coarser --grids)" : ratio > 1.5 ? " (well above the noise: the field is under-resolved; try finer --grids or more --steps)" : "")}");
            }
        string name = new(Path.GetFileNameWithoutExtension(o.DataPath).Select(ch => char.IsLetterOrDigit(ch) || ch == '_' || ch == '-' ? ch : '_').ToArray());
        string stem = Path.Combine(o.OutputDirectory, $"discover-pde-{name}-s{o.Seed}");
        var config = JsonSerializer.Serialize(new
        {
            data = Path.GetFullPath(o.DataPath), fields = data.Fields, coordinates = data.Coordinates, time = data.Time, order = o.Order,
            max_power = o.MaxPower, library = o.Library, noise = o.Noise, smoothness = o.Smoothness, formulation = o.Weak ? "weak" : "strong", weak_width = o.WeakWidth, hidden = options.Surrogate.Hidden, grids = options.Surrogate.Grids,
            steps = o.Steps, seed = o.Seed,
        });
        var doc = DiscoveryReport.Document("discover-pde", o.Seed, config, result);
        ResultFile.Write(stem + ".h5", doc);
        foreach (var figure in DiscoveryReport.Figures(stem, result)) output.WriteLine($"figure: {figure}");
        output.WriteLine($"result: {stem}.h5");
        return 0;
    }
}
