using System.Diagnostics;
using Kan.Physics.Interpretation;
using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Problems.Knots;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Symbolic;
using Kan.Physics.Training;
using Kan.Physics.EdgeFunctions;
using Kan.Physics.Optimization;

namespace Kan.Physics.Problems.Modules;

/// <summary>What a knots run measured; classes belong to the signature task, the output figures to the unsupervised one.</summary>
internal sealed record KnotsMetrics
{
    public required int Knots { get; init; }
    public int? Classes { get; init; }
    public required double TrainAccuracy { get; init; }
    public required double TestAccuracy { get; init; }
    /// <summary>The accuracy of always answering the training set's commonest class (unsupervised: 0.5).</summary>
    public required double MajorityAccuracy { get; init; }
    /// <summary>Unsupervised: the test accuracy with the spline output edge, before it became a Gaussian.</summary>
    public double? SplineOutputTestAccuracy { get; init; }
    /// <summary>Unsupervised: whether the output edge was snapped to a Gaussian.</summary>
    public bool? GaussianOutput { get; init; }
    public required double DataSeconds { get; init; }
    /// <summary>Each input's share of the attribution, by feature name.</summary>
    public required IReadOnlyList<KeyValuePair<string, double>> Attribution { get; init; }
}

/// <summary>The settings of <see cref="KnotsProblem"/>.</summary>
internal sealed record KnotsOptions
{
    public int Knots { get; init; } = 1000;
    public (int Min, int Max) Strands { get; init; } = (2, 5);
    public int Letters { get; init; } = 4;
    public string Task { get; init; } = "signature";
    public string DeepMind { get; init; } = "";
    /// <summary>Null: auto (4 for generated knots, 1 for the DeepMind data and the unsupervised task).</summary>
    public int[]? Hidden { get; init; }
    public int Grid { get; init; } = 3;
    public int Steps { get; init; } = 50;
    public double TestFraction { get; init; } = 0.2;
}

/// <summary>
/// The KAN paper's knot task (Section 4.3) on data we can make offline: distinct random knots from braid words, their
/// Jones / Alexander / diagram features, and a KAN classifier of the signature (one class per value, cross entropy),
/// with the attribution ranking of the features. The paper's hyperbolic invariants need SnapPy-class geometry, so its
/// DeepMind data are read by <see cref="DeepMindKnotData"/> when a user has them, not generated here.
/// </summary>
internal sealed class KnotsProblem : Problem<KnotsOptions>
{
    public override string Name => "knots";
    public override string Description => "signature of random knots from Jones/Alexander/diagram features: KAN classifier, accuracy vs majority, feature attribution";

    public override SettingsSchema<KnotsOptions> Settings { get; } = new SettingsSchema<KnotsOptions>()
        .Int("knots", o => o.Knots, (o, v) => o with { Knots = v }, "distinct knots to generate", min: 20)
        .Custom("strands", o => o.Strands, (o, v) => o with { Strands = v }, "braid strand range", "like 2-5 (from >= 2 to <= 12 strands)", ParseStrands,
            r => FormattableString.Invariant($"{r.Min}-{r.Max}"))
        .Int("letters", o => o.Letters, (o, v) => o with { Letters = v }, "most braid letters per strand (the bracket's cost doubles per crossing)", min: 1, max: 8)
        .Choice("task", o => o.Task, (o, v) => o with { Task = v }, "signature (classify the signature from the other invariants) or unsupervised (tell real invariant rows from column-shuffled ones through a Gaussian output; the attribution shows which invariants are related)",
            "signature", "unsupervised")
        .Text("deepmind", o => o.DeepMind, (o, v) => o with { DeepMind = v }, "path of the DeepMind knot CSV (Davies et al. 2021; 17 invariants and signature); empty: generate knots from braids")
        .Custom("hidden", o => o.Hidden, (o, v) => o with { Hidden = v }, "hidden widths (comma list; 0 for none): widths = [features, hidden..., outputs]; auto: 4 for generated knots, 1 for the DeepMind data (the paper's [17,1,14]) and for the unsupervised task (the paper's [18,1,1])",
            "auto, 0 (no hidden layer) or positive integers, comma-separated", ParseHidden,
            h => h is null ? "auto" : h.Length == 0 ? "0" : SettingsSchema<KnotsOptions>.FormatInts(h))
        .Int("grid", o => o.Grid, (o, v) => o with { Grid = v }, "spline grid size (the paper's knot KAN uses 3)", min: 1)
        .Int("steps", o => o.Steps, (o, v) => o with { Steps = v }, "L-BFGS steps", min: 1)
        .Double("test_fraction", o => o.TestFraction, (o, v) => o with { TestFraction = v }, "fraction of the knots held out as the test set", above: 0, below: 1)
        .Rule("hidden", o => o.Task != "unsupervised" || o.Hidden is null || o.Hidden.Where(h => h > 0).LastOrDefault() == 1,
            "the unsupervised task needs a last hidden width of 1 (the Gaussian acts on one value), e.g. 1 or 4,1");

    private static (int Min, int Max) ParseStrands(string text)
    {
        var range = text.Split('-');
        return range.Length == 2 && int.TryParse(range[0], out int min) && int.TryParse(range[1], out int max) && min >= 2 && max >= min && max <= 12 ? (min, max)
            : throw new FormatException("must look like 2-5 (from >= 2 to <= 12 strands)");
    }

    /// <summary>Null for auto, empty for 0 (features straight to the outputs), else the hidden widths.</summary>
    private static int[]? ParseHidden(string text)
    {
        if (text.Trim() == "auto") return null;
        if (text.Trim() == "0") return [];
        return SettingsSchema<KnotsOptions>.ParsePositiveInts(text, "auto, 0 or a comma-separated list of positive integers");
    }

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

    protected override ResultDocument Run(ProblemContext context, KnotsOptions s)
    {
        var clock = Stopwatch.StartNew();
        int count = s.Knots;
        var (minStrands, maxStrands) = s.Strands;
        int letters = s.Letters;
        string task = s.Task;
        string deepMind = s.DeepMind.Trim();
        int[] hidden = s.Hidden ?? [deepMind.Length > 0 || task == "unsupervised" ? 1 : 4];
        int grid = s.Grid, steps = s.Steps;
        double testFraction = s.TestFraction;

        double[] x;
        int[] sig;
        IReadOnlyList<string> featureNames;
        if (deepMind.Length > 0)
        {
            DeepMindKnotData data;
            try { data = DeepMindKnotData.Load(deepMind); }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                throw new ProblemSettingException(Name, "deepmind", deepMind, e.Message);
            }
            if (data.Count < 20) throw new ProblemSettingException(Name, "deepmind", deepMind, $"has {data.Count} rows; at least 20 are needed");
            (x, sig, featureNames) = (data.Features, data.Signatures, DeepMindKnotData.FeatureNames);
        }
        else
        {
            var options = new KnotGeneratorOptions(MinStrands: minStrands, MaxStrands: maxStrands, MaxLettersPerStrand: letters);
            (x, sig) = Generate(count, context.Seed, options, context.CancellationToken);
            featureNames = KnotFeatures.Names;
        }
        double dataSeconds = clock.Elapsed.TotalSeconds;
        int n = sig.Length;
        if (n < 20) throw Invalid(s, "strands", $"the generator found only {n} distinct knots; allow more strands or letters");
        context.Progress.Report(new JobProgress(context.Job.Id, "knots", 1, 2, double.NaN, double.NaN, dataSeconds));
        if (task == "unsupervised")
            return Unsupervised(context, x, sig, featureNames, hidden, grid, steps, testFraction, dataSeconds, clock);
        int f = featureNames.Count;

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
        // the majority class of the training set, scored on the test set: what a classifier must beat
        double majority = train.Targets.GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var attribution = Shares(Attribution.Backward(net, train.Inputs).NodeScores[0], featureNames);
        Metrics.WriteMetrics(new KnotsMetrics
        {
            Knots = n, Classes = values.Length,
            TrainAccuracy = Accuracy(net.Forward(train.Inputs), widths[^1], train.Targets),
            TestAccuracy = Accuracy(net.Forward(test.Inputs), widths[^1], test.Targets),
            MajorityAccuracy = test.Targets.Count(t => t == majority) / (double)test.Count,
            DataSeconds = dataSeconds, Attribution = attribution,
        }, doc.Metrics);
        ResultRecords.TrainingHistory.WriteColumns(result.History, doc.Training);
        doc.ConfigJson = ResultConfig.Json(context, new
        {
            task, data = deepMind.Length > 0 ? "deepmind" : "generated", widths,
            features = featureNames, signature_classes = values,
            attribution_ranking = attribution.OrderByDescending(p => p.Value).Select(p => p.Key).ToArray(),
        });
        doc.WallSeconds = clock.Elapsed.TotalSeconds;
        return doc;
    }

    /// <summary>
    /// The paper's unsupervised knot task: rows of (features, signature) from real knots against rows whose every column
    /// was shuffled on its own across knots (the marginals stay, the relations between invariants go). A KAN whose last
    /// edge is a Gaussian c exp(-(a h + b)^2) + d of the last hidden value h tells them apart: real rows must lie on a
    /// thin shell h = -b/a, so h is a relation the invariants satisfy, and the attribution names the invariants in it.
    /// </summary>
    private ResultDocument Unsupervised(ProblemContext context, double[] x, int[] sig, IReadOnlyList<string> featureNames, int[] hidden,
        int grid, int steps, double testFraction, double dataSeconds, Stopwatch clock)
    {
        int n = sig.Length, f0 = featureNames.Count, f = f0 + 1;
        string[] names = [.. featureNames, "signature"];
        var real = new double[n * f];
        for (int r = 0; r < n; r++)
        {
            Array.Copy(x, r * f0, real, r * f, f0);
            real[r * f + f0] = sig[r];
        }
        var rng = new Random(context.Seed);
        var order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(order);
        int nTest = Math.Clamp((int)Math.Round(testFraction * n), 2, n - 2);
        var testIdx = order[..nTest];
        var trainIdx = order[nTest..];
        var (lo, hi) = Ranges(real, f, trainIdx);
        // each split gets its own fakes, shuffled within the split, so no test knot's values reach training
        Dataset Build(int[] rows, Random random)
        {
            int m = rows.Length;
            var xs = new double[2 * m * f];
            var ys = new double[2 * m];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < f; j++) xs[i * f + j] = 2 * (real[rows[i] * f + j] - lo[j]) / (hi[j] - lo[j]) - 1;
                ys[i] = 1;
            }
            for (int j = 0; j < f; j++)
            {
                var perm = (int[])rows.Clone();
                random.Shuffle(perm);
                for (int i = 0; i < m; i++) xs[(m + i) * f + j] = 2 * (real[perm[i] * f + j] - lo[j]) / (hi[j] - lo[j]) - 1;
            }
            return new Dataset(xs, ys, f);
        }
        var train = Build(trainIdx, rng);
        var test = Build(testIdx, rng);

        int[] widths = [f, .. hidden.Where(h => h > 0), 1];
        var net = KanNetwork.Create(widths, new KanOptions { GridSize = grid, Seed = context.Seed });
        var training = new TrainingOptions { Loss = TrainingLoss.CrossEntropy, Steps = steps, Seed = context.Seed };
        var result = new Trainer(training).Fit(net, train, test, cancellationToken: context.CancellationToken);
        if (result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(context.CancellationToken);
        double splineAccuracy = Accuracy(net.Forward(test.Inputs), 1, test.Targets);
        // the output edge becomes the paper's Gaussian c exp(-(a h + b)^2) + d: real rows score high where the hidden
        // value h sits at the bump, so h = -b/a is the relation. Started as a Gaussian, the edge sits at a saddle (no
        // gradient reaches h), so the spline edge is trained first and then snapped to its best Gaussian and retrained.
        var gaussian = new SymbolicLibrary();
        gaussian.Add(SymbolicLibrary.CreateDefault()["gaussian"]);
        int last = widths.Length - 2;
        var h = net.LayerInputs(train.Inputs)[last];
        var fit = AffineFit.Best(gaussian, h, h.Select(v => net.Layers[last].EvaluateEdge(0, 0, v)).ToArray());
        bool snapped = fit is { Succeeded: true };
        if (snapped)
        {
            net.FixSymbolic(last, 0, 0, fit!);
            var again = new Trainer(training with { Steps = Math.Max(steps / 2, 1), UpdateGrid = false }).Fit(net, train, test, cancellationToken: context.CancellationToken);
            if (again.StopReason == StopReason.Cancelled) throw new OperationCanceledException(context.CancellationToken);
        }
        context.Progress.Report(new JobProgress(context.Job.Id, "classifier", 2, 2, double.NaN, double.NaN, clock.Elapsed.TotalSeconds));

        var doc = new ResultDocument { Problem = Name, Seed = context.Seed, Model = net };
        // attribution over the real rows only: which invariants the relation the network found is made of
        var realRows = train.Inputs[..(train.Count / 2 * f)];
        var attribution = Shares(Attribution.Backward(net, realRows).NodeScores[0], names);
        Metrics.WriteMetrics(new KnotsMetrics
        {
            Knots = n,
            TrainAccuracy = Accuracy(net.Forward(train.Inputs), 1, train.Targets),
            TestAccuracy = Accuracy(net.Forward(test.Inputs), 1, test.Targets),
            MajorityAccuracy = 0.5, SplineOutputTestAccuracy = splineAccuracy, GaussianOutput = snapped,
            DataSeconds = dataSeconds, Attribution = attribution,
        }, doc.Metrics);
        ResultRecords.TrainingHistory.WriteColumns(result.History, doc.Training);
        doc.ConfigJson = ResultConfig.Json(context, new
        {
            task = "unsupervised", widths, features = names,
            label = "1: a real knot's invariants, 0: every column shuffled on its own",
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

    /// <summary>Each input's share of the attribution scores, by name, in input order.</summary>
    private static KeyValuePair<string, double>[] Shares(IReadOnlyList<double> scores, IReadOnlyList<string> names)
    {
        double total = scores.Sum();
        return names.Select((name, i) => KeyValuePair.Create(name, total > 0 ? scores[i] / total : 0)).ToArray();
    }

    /// <summary>How <see cref="KnotsMetrics"/> is written, for both tasks.</summary>
    private static readonly RecordSchema<KnotsMetrics> Metrics = new RecordSchema<KnotsMetrics>()
        .Integer("knots", m => m.Knots)
        .Optional("classes", m => m.Classes)
        .Number("train_accuracy", m => m.TrainAccuracy)
        .Number("test_accuracy", m => m.TestAccuracy)
        .Number("majority_accuracy", m => m.MajorityAccuracy)
        .Optional("spline_output_test_accuracy", m => m.SplineOutputTestAccuracy)
        .Optional("gaussian_output", m => m.GaussianOutput is { } g ? (g ? 1 : 0) : null)
        .Number("data_seconds", m => m.DataSeconds)
        .Group("attr_", m => m.Attribution);
}
