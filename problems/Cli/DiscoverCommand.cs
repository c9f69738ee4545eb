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

/// <summary>
/// <c>kan discover DATA.csv [--target COL] [--inputs a,b,...] [--widths 2,5,1] [--seed N] [--out DIR] [--no-law-search]</c>: fits a KAN
/// to the user's data, prunes it, snaps its edges to formulas, retrains, and writes the law found with its error as a
/// result file (with figures) like any other job.
/// </summary>
internal static class DiscoverCommand
{
    public static int Run(string[] args, string defaultOutput, TextWriter output, CancellationToken ct)
    {
        var c = CommandLine.Parse("discover", args, ["--target", "--inputs", "--widths", "--seed", "--out", "--steps"], ["--no-law-search"]);
        if (c.Positional.Count != 1) throw new UsageException("discover needs one CSV data file");
        string path = c.Positional[0];
        var table = CsvTable.Read(path);
        int target = c.Value("--target") is { } t ? table.IndexOf(t, path) : table.Columns.Length - 1;
        int[] inputs = c.Value("--inputs") is { } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => table.IndexOf(n, path)).ToArray()
            : Enumerable.Range(0, table.Columns.Length).Where(i => i != target).ToArray();
        if (inputs.Length == 0) throw new UsageException($"{path}: no input columns besides the target '{table.Columns[target]}'");
        if (inputs.Contains(target)) throw new UsageException($"the target '{table.Columns[target]}' cannot also be an input");
        if (table.Rows < 2 * (inputs.Length + 1) || table.Rows < 10)
            throw new UsageException($"{path}: {table.Rows} rows are too few to fit {inputs.Length} inputs (need at least {Math.Max(10, 2 * (inputs.Length + 1))})");
        int seed = c.Int("--seed", 0);
        int[] widths = c.Value("--widths") is { } w ? ParseWidths(w) : [inputs.Length, 5, 1];
        if (widths[0] != inputs.Length || widths[^1] != 1)
            throw new UsageException($"--widths must start with {inputs.Length} (the inputs) and end with 1, got '{c.Value("--widths")}'");
        string outDir = c.Value("--out") ?? defaultOutput;
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
        int steps = c.Int("--steps", 50, min: 1);
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
        doc.Metrics["train_rmse"] = result.Stages[^1].TrainRmse;
        doc.Metrics["test_rmse"] = result.FinalRmse;
        doc.Metrics["spline_test_rmse"] = result.SplineRmse;
        FormulaResults.AddStages(doc, result);
        Expr? snapped = result.Formulas is [var raw] ? raw.Simplify() : null;
        var check = test.Count > 0 ? test : train;
        Expr? law;
        int route;
        try
        {
            (law, route) = FormulaResults.FinalLaw(snapped, result, train, check, names, c.Has("--no-law-search") ? "off" : "guided",
                null, 0.8, ct);
        }
        catch (OperationCanceledException) { Console.Error.WriteLine("kan: cancelled; nothing written"); return 130; }
        double lawRmse = law is null ? double.NaN : route == 0 ? result.FinalRmse : FormulaResults.Rmse(law, names, check);
        doc.Metrics["law_search"] = route;
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

    private static int[] ParseWidths(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var w = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out w[i]) || w[i] < 1) throw new UsageException($"--widths must be positive integers separated by commas, got '{text}'");
        return w.Length >= 2 ? w : throw new UsageException($"--widths needs at least two widths, got '{text}'");
    }

    private static string Sanitize(string name) => new(name.Select(ch => char.IsLetterOrDigit(ch) || ch == '_' ? ch : '_').ToArray());
}
