using System.Diagnostics;
using System.Text.Json;
using Kan.Physics.Interpretation;
using Kan.Physics.Networks;
using Kan.Physics.Problems.Knots;
using Kan.Physics.Solvers.Hosting;
using Kan.Physics.Solvers.Results;
using Kan.Physics.Training;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// The KAN paper's knot task (Section 4.3) on data we can make offline: distinct random knots from braid words, their
/// Jones / Alexander / diagram features, and a KAN classifier of the signature (one class per value, cross entropy),
/// with the attribution ranking of the features. The paper's hyperbolic invariants need SnapPy-class geometry, so its
/// DeepMind data are read by <see cref="DeepMindKnotData"/> when a user has them, not generated here.
/// </summary>
internal sealed class KnotsProblem : IProblem
{
    public string Name => "knots";
    public string Description => "signature of random knots from Jones/Alexander/diagram features: KAN classifier, accuracy vs majority, feature attribution";

    public IReadOnlyList<ProblemSetting> Settings { get; } =
    [
        new("knots", "1000", "distinct knots to generate"),
        new("strands", "2-5", "braid strand range"),
        new("letters", "4", "most braid letters per strand"),
        new("hidden", "4", "hidden widths (comma list; 0 for none): widths = [features, hidden..., classes]"),
        new("grid", "3", "spline grid size (the paper's knot KAN uses 3)"),
        new("steps", "50", "L-BFGS steps"),
        new("test_fraction", "0.2", "fraction of the knots held out as the test set"),
    ];

    /// <summary>Generated knots as features (rows of <see cref="KnotFeatures.Names"/>) and signatures.</summary>
    internal static (double[] Features, int[] Signatures) Generate(int count, int seed, KnotGeneratorOptions options, CancellationToken ct = default)
    {
        var knots = new KnotGenerator(seed, options).Generate(count, ct);
        int f = KnotFeatures.Names.Count;
        var x = new double[knots.Count * f];
        var y = new int[knots.Count];
        for (int i = 0; i < knots.Count; i++)
        {
            KnotFeatures.Of(knots[i].Invariants).CopyTo(x, i * f);
            y[i] = knots[i].Invariants.Signature;
        }
        return (x, y);
    }

    public ResultDocument Run(ProblemContext context)
    {
        var clock = Stopwatch.StartNew();
        var s = context.Settings;
        int count = s.Int("knots");
        if (count < 20) throw new ProblemSettingException(Name, "knots", s.Text("knots"), "must be at least 20");
        var range = s.Text("strands").Split('-');
        if (range.Length != 2 || !int.TryParse(range[0], out int minStrands) || !int.TryParse(range[1], out int maxStrands) || minStrands < 2 || maxStrands < minStrands || maxStrands > 12)
            throw new ProblemSettingException(Name, "strands", s.Text("strands"), "must look like 2-5 (from >= 2 to <= 12 strands)");
        int letters = s.Int("letters");
        if (letters is < 1 or > 8) throw new ProblemSettingException(Name, "letters", s.Text("letters"), "must be in [1, 8] (the bracket's cost doubles per crossing)");
        var hidden = s.Ints("hidden");
        if (hidden.Any(h => h < 0)) throw new ProblemSettingException(Name, "hidden", s.Text("hidden"), "widths must be >= 0");
        int grid = s.Int("grid");
        if (grid < 1) throw new ProblemSettingException(Name, "grid", s.Text("grid"), "must be at least 1");
        int steps = s.Int("steps");
        if (steps < 1) throw new ProblemSettingException(Name, "steps", s.Text("steps"), "must be at least 1");
        double testFraction = s.Double("test_fraction");
        if (!(testFraction > 0 && testFraction < 1)) throw new ProblemSettingException(Name, "test_fraction", s.Text("test_fraction"), "must lie in (0, 1)");

        var options = new KnotGeneratorOptions(MinStrands: minStrands, MaxStrands: maxStrands, MaxLettersPerStrand: letters);
        var (x, sig) = Generate(count, context.Seed, options, context.CancellationToken);
        double dataSeconds = clock.Elapsed.TotalSeconds;
        int n = sig.Length, f = KnotFeatures.Names.Count;
        if (n < 20) throw new ProblemSettingException(Name, "strands", s.Text("strands"), $"the generator found only {n} distinct knots; allow more strands or letters");
        context.Progress.Report(new JobProgress(context.Job.Id, "knots", 1, 2, double.NaN, double.NaN, dataSeconds));

        // classes: the signature values seen, in increasing order
        var values = sig.Distinct().Order().ToArray();
        var labels = sig.Select(v => (double)Array.IndexOf(values, v)).ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        new Random(context.Seed).Shuffle(order);
        int nTest = Math.Clamp((int)Math.Round(testFraction * n), 1, n - 1);
        var testIdx = order[..nTest];
        var trainIdx = order[nTest..];
        var (lo, hi) = Ranges(x, f, trainIdx);
        var train = Subset(x, labels, f, trainIdx, lo, hi);
        var test = Subset(x, labels, f, testIdx, lo, hi);

        int[] widths = [f, .. hidden.Where(h => h > 0), Math.Max(values.Length, 2)];
        var net = KanNetwork.Create(widths, new KanOptions { GridSize = grid, Seed = context.Seed });
        var result = new Trainer(new TrainingOptions { Loss = TrainingLoss.CrossEntropy, Steps = steps, Seed = context.Seed })
            .Fit(net, train, test, cancellationToken: context.CancellationToken);
        if (result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(context.CancellationToken);
        context.Progress.Report(new JobProgress(context.Job.Id, "classifier", 2, 2, double.NaN, double.NaN, clock.Elapsed.TotalSeconds));

        var doc = new ResultDocument { Problem = Name, Seed = context.Seed, Model = net };
        doc.Metrics["knots"] = n;
        doc.Metrics["classes"] = values.Length;
        doc.Metrics["train_accuracy"] = Accuracy(net.Forward(train.Inputs), widths[^1], train.Targets);
        doc.Metrics["test_accuracy"] = Accuracy(net.Forward(test.Inputs), widths[^1], test.Targets);
        // the majority class of the training set, scored on the test set: what a classifier must beat
        double majority = train.Targets.GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        doc.Metrics["majority_accuracy"] = test.Targets.Count(t => t == majority) / (double)test.Count;
        doc.Metrics["data_seconds"] = dataSeconds;
        var scores = Attribution.Backward(net, train.Inputs).NodeScores[0];
        double total = scores.Sum();
        var attribution = new Dictionary<string, double>();
        for (int i = 0; i < f; i++)
        {
            attribution[KnotFeatures.Names[i]] = total > 0 ? scores[i] / total : 0;
            doc.Metrics["attr_" + KnotFeatures.Names[i]] = attribution[KnotFeatures.Names[i]];
        }
        doc.Training["step"] = result.History.Select(r => (double)r.Step).ToArray();
        doc.Training["train_loss"] = result.History.Select(r => r.TrainLoss).ToArray();
        doc.Training["test_loss"] = result.History.Select(r => r.TestLoss).ToArray();
        doc.Training["seconds"] = result.History.Select(r => r.Seconds).ToArray();
        doc.ConfigJson = JsonSerializer.Serialize(new
        {
            problem = Name, seed = context.Seed, settings = s.Effective(), widths, features = KnotFeatures.Names, signature_classes = values,
            attribution_ranking = attribution.OrderByDescending(p => p.Value).Select(p => p.Key).ToArray(),
        });
        doc.WallSeconds = clock.Elapsed.TotalSeconds;
        return doc;
    }

    /// <summary>Min and max of each feature over the training rows (a constant feature gets a unit range).</summary>
    internal static (double[] Lo, double[] Hi) Ranges(double[] x, int f, int[] rows)
    {
        var lo = Enumerable.Repeat(double.PositiveInfinity, f).ToArray();
        var hi = Enumerable.Repeat(double.NegativeInfinity, f).ToArray();
        foreach (int r in rows)
            for (int j = 0; j < f; j++) { lo[j] = Math.Min(lo[j], x[r * f + j]); hi[j] = Math.Max(hi[j], x[r * f + j]); }
        for (int j = 0; j < f; j++) if (!(hi[j] > lo[j])) (lo[j], hi[j]) = (lo[j] - 1, lo[j] + 1);
        return (lo, hi);
    }

    // rows scaled to [-1, 1] by the training ranges, so one spline grid fits every feature
    private static Dataset Subset(double[] x, double[] labels, int f, int[] rows, double[] lo, double[] hi)
    {
        var xs = new double[rows.Length * f];
        var ys = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < f; j++) xs[i * f + j] = 2 * (x[rows[i] * f + j] - lo[j]) / (hi[j] - lo[j]) - 1;
            ys[i] = labels[rows[i]];
        }
        return new Dataset(xs, ys, f);
    }

    /// <summary>Fraction of rows whose largest output is at the label's index (one output: the sign of the logit).</summary>
    internal static double Accuracy(double[] outputs, int classes, double[] labels)
    {
        int agree = 0;
        for (int s = 0; s < labels.Length; s++)
        {
            int best;
            if (classes == 1) best = outputs[s] > 0 ? 1 : 0;
            else
            {
                best = 0;
                for (int c = 1; c < classes; c++) if (outputs[s * classes + c] > outputs[s * classes + best]) best = c;
            }
            if (best == (int)labels[s]) agree++;
        }
        return (double)agree / labels.Length;
    }
}
