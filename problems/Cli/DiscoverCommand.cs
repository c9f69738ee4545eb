using Kan.Physics.Runs.Hosting;
using Kan.Physics.Problems.Modules;
using System.Text.Json;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Symbolic;
using Kan.Physics.Expressions;
using Kan.Physics.Training;
using Kan.Physics.Optimization;

namespace Kan.Physics.Problems.Cli;

/// <summary>What <c>kan discover</c> is asked to do: the data file and the options of the fit.</summary>
/// <param name="DataPath">The CSV file, a header row of column names and one row per sample.</param>
internal sealed record DiscoverOptions(string DataPath)
{
    /// <summary>The column to explain; null: the last one.</summary>
    public string? Target { get; init; }

    /// <summary>The input columns; null: every column but the target.</summary>
    public string[]? Inputs { get; init; }

    /// <summary>The KAN's layer widths; null: [inputs, 5, 1].</summary>
    public int[]? Widths { get; init; }

    /// <summary>L-BFGS steps of each stage.</summary>
    public int Steps { get; init; } = 50;

    /// <summary>The seed of the data split and the network.</summary>
    public int Seed { get; init; }

    /// <summary>Folder of the result file.</summary>
    public string OutputDirectory { get; init; } = "results";

    /// <summary>Whether to search for an exact law when the snapped network does not reproduce the data.</summary>
    public bool LawSearch { get; init; } = true;
}

/// <summary>
/// <c>kan discover DATA.csv [--target COL] [--inputs a,b,...] [--widths 2,5,1] [--seed N] [--out DIR] [--no-law-search]</c>: fits a KAN
/// to the user's data, prunes it, snaps its edges to formulas, retrains, and writes the law found with its error as a
/// result file (with figures) like any other job.
/// </summary>
internal static class DiscoverCommand
{
    /// <summary>The fit of the pipeline, then where the reported law came from (see <see cref="FormulaResults.FinalLaw"/>).</summary>
    private static readonly RecordSchema<(SymbolicRegressionResult Pipeline, int LawSearch)> Metrics = new RecordSchema<(SymbolicRegressionResult Pipeline, int LawSearch)>()
        .Include(FormulaResults.FitMetrics, m => m.Pipeline)
        .Integer("law_search", m => m.LawSearch);

    public static int Run(DiscoverOptions o, TextWriter output, CancellationToken ct)
    {
        string path = o.DataPath;
        var table = CsvTable.Read(path);
        int target = o.Target is { } t ? table.IndexOf(t, path) : table.Columns.Length - 1;
        int[] inputs = o.Inputs is { } list
            ? list.Select(n => table.IndexOf(n, path)).ToArray()
            : Enumerable.Range(0, table.Columns.Length).Where(i => i != target).ToArray();
        if (inputs.Length == 0) throw new UsageException($"{path}: no input columns besides the target '{table.Columns[target]}'");
        if (inputs.Contains(target)) throw new UsageException($"the target '{table.Columns[target]}' cannot also be an input");
        if (table.Rows < 2 * (inputs.Length + 1) || table.Rows < 10)
            throw new UsageException($"{path}: {table.Rows} rows are too few to fit {inputs.Length} inputs (need at least {Math.Max(10, 2 * (inputs.Length + 1))})");
        int seed = o.Seed;
        int[] widths = o.Widths ?? [inputs.Length, 5, 1];
        if (widths[0] != inputs.Length || widths[^1] != 1)
            throw new UsageException($"--widths must start with {inputs.Length} (the inputs) and end with 1, got '{string.Join(",", widths)}'");
        string outDir = o.OutputDirectory;
        try { OutputDirectory.Prepare(outDir); } catch (IOException e) { throw new UsageException(e.Message, e); }

        // a seeded 80/20 split of the rows
        int n = table.Rows, d = inputs.Length, cols = table.Columns.Length;
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        int nTrain = Math.Max(d + 1, (int)(0.8 * n));
        Dataset Take(IEnumerable<int> rows)
        {
            var r = rows.ToArray();
            var x = new double[r.Length * d];
            var y = new double[r.Length];
            for (int s = 0; s < r.Length; s++)
            {
                for (int a = 0; a < d; a++) x[s * d + a] = table.Values[r[s] * cols + inputs[a]];
                y[s] = table.Values[r[s] * cols + target];
            }
            return new Dataset(x, y, d);
        }
        var train = Take(order.Take(nTrain));
        var test = Take(order.Skip(nTrain));
        var names = inputs.Select(i => Sanitize(table.Columns[i])).ToArray();
        output.WriteLine($"discover: {table.Columns[target]} from {string.Join(", ", inputs.Select(i => table.Columns[i]))}; {train.Count} train, {test.Count} test rows, KAN [{string.Join(",", widths)}]");
        int steps = o.Steps;
        var result = SymbolicRegression.Run(train, test.Count > 0 ? test : null, new SymbolicRegressionOptions
        {
            Widths = widths, InputNames = names, Seed = seed, Restarts = 2, SparseSteps = steps, StepsPerGrid = steps, RetrainSteps = steps,
        }, st => output.WriteLine($"  {st.Name,-40} train RMSE {st.TrainRmse:E3}  test RMSE {st.TestRmse:E3}  {st.Seconds,6:F1} s"), ct);
        if (result.StopReason == StopReason.Cancelled) { Console.Error.WriteLine("kan: cancelled; nothing written"); return 130; }

        var doc = new ResultDocument
        {
            Problem = "discover", Seed = seed, WallSeconds = result.Stages[^1].Seconds, Model = result.Symbolic,
            ConfigJson = JsonSerializer.Serialize(new { data = Path.GetFullPath(path), target = table.Columns[target], inputs = names, widths, seed, steps }),
        };
        FormulaResults.AddStageColumns(doc, result);
        Expr? snapped = result.Formulas is [var raw] ? raw.Simplify() : null;
        var check = test.Count > 0 ? test : train;
        Expr? law;
        int route;
        try
        {
            (law, route, _) = FormulaResults.FinalLaw(snapped, result, train, check, names, o.LawSearch ? "guided" : "off",
                null, 0.8, ct);
        }
        catch (OperationCanceledException) { Console.Error.WriteLine("kan: cancelled; nothing written"); return 130; }
        double lawRmse = law is null ? double.NaN : route == 0 ? result.FinalRmse : FormulaResults.Rmse(law, names, check);
        Metrics.WriteMetrics((result, route), doc.Metrics);
        if (law is not null)
        {
            doc.Formula = new FormulaData { Text = law.ToString(), Latex = law.ToLatex(), Rmse = lawRmse };
            string how = route == 0 ? "the snapped network" : "law search on " + (route == 1 ? "the network's features" : "every feature kind");
            output.WriteLine($"law: {table.Columns[target]} = {law}   (test RMSE {lawRmse:E3}; {how})");
        }
        else output.WriteLine("no closed form: some edges kept their splines, and the law search found no exact law");
        string stem = Path.Combine(outDir, $"discover-{Sanitize(Path.GetFileNameWithoutExtension(path))}-s{seed}");
        ResultFile.Write(stem + ".h5", doc);
        ResultFigures.Draw(doc, stem + ".h5");
        output.WriteLine($"result: {stem}.h5");
        return 0;
    }

    private static string Sanitize(string name) => new(name.Select(ch => char.IsLetterOrDigit(ch) || ch == '_' ? ch : '_').ToArray());
}
