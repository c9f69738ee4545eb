using System.Diagnostics;
using System.Globalization;
using Kan.Physics.Interpretation;
using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Problems.Anderson;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Symbolic;
using Kan.Physics.Expressions;
using Kan.Physics.Training;
using Microsoft.Extensions.Logging;
using Kan.Physics.EdgeFunctions;
using Kan.Physics.Optimization;

namespace Kan.Physics.Problems.Modules;

/// <summary>The settings of <see cref="AndersonProblem"/>.</summary>
internal sealed record AndersonOptions
{
    public QuasiperiodicModel Model { get; init; } = QuasiperiodicModel.Find("gaam");
    public int Size { get; init; } = 233;
    public int Draws { get; init; } = 500;
    public int States { get; init; } = 10;
    public int[] Widths { get; init; } = [4, 2, 1, 1];
    public int Grid { get; init; } = 5;
    public int Steps { get; init; } = 50;
    public double Lambda { get; init; }
    public double TestFraction { get; init; } = 0.2;
    public string Formula { get; init; } = "guided";
    public string Library { get; init; } = "x,x^2";
    public double DropBelow { get; init; } = 0.05;
    public double WeightSimple { get; init; } = 0.8;
    public int FormulaSteps { get; init; } = 30;
}

/// <summary>What an anderson run measured; the optional figures exist only for the formula route taken and the formula found.</summary>
internal sealed record AndersonMetrics
{
    public required double TrainAccuracy { get; init; }
    public required double TestAccuracy { get; init; }
    /// <summary>The accuracy of always answering the test set's commoner label.</summary>
    public required double MajorityAccuracy { get; init; }
    /// <summary>The accuracy of the exact theory edge on the test states.</summary>
    public required double TheoryAccuracy { get; init; }
    public required int TrainRows { get; init; }
    public required int TestRows { get; init; }
    public required double DataSeconds { get; init; }
    public required int TrainSteps { get; init; }
    /// <summary>Each input's share of the output's attribution, by input name.</summary>
    public required IReadOnlyList<KeyValuePair<string, double>> Attribution { get; init; }
    public double? PhiAttribution { get; init; }
    /// <summary>Guided route: inputs cut, hidden nodes squared, whether the product seed won.</summary>
    public int? DroppedInputs { get; init; }
    public int? SquaredNodes { get; init; }
    public bool? ProductSeed { get; init; }
    /// <summary>With a formula: its accuracy as a classifier and its distance in lambda from the exact edge.</summary>
    public double? FormulaAccuracy { get; init; }
    public double? EdgeLambdaDistance { get; init; }
    public double? EdgeLambdaDistanceMax { get; init; }
    /// <summary>GAAM: the formula's edge normalised to lambda-coefficient and constant.</summary>
    public double? EdgeNormLambda { get; init; }
    public double? EdgeNormConst { get; init; }
}

/// <summary>
/// The KAN paper's mobility-edge task (Section 4.4): eigenstates of a quasiperiodic chain labelled localised / extended
/// by their fractal dimension, a KAN classifier on (E, lambda, q, phi), its attribution (phi must not matter), and the
/// edge recovered as a formula whose sign is the classifier, compared with the exact theory edge.
/// </summary>
internal sealed class AndersonProblem : Problem<AndersonOptions>
{
    public override string Name => "anderson";
    public override string Description => "mobility edges (KAN paper 4.4): classify eigenstates localised/extended, attribution, recover the edge as a formula";

    public override SettingsSchema<AndersonOptions> Settings { get; } = new SettingsSchema<AndersonOptions>()
        .Custom("model", o => o.Model, (o, v) => o with { Model = v }, "chain model: " + string.Join(", ", QuasiperiodicModel.All.Select(m => m.Name)),
            "a model name", ParseModel, m => m.Name)
        .Custom("size", o => o.Size, (o, v) => o with { Size = v }, "chain length N, a Fibonacci number", "a Fibonacci number >= 13", ParseSize,
            n => n.ToString(CultureInfo.InvariantCulture))
        .Int("draws", o => o.Draws, (o, v) => o with { Draws = v }, "random (lambda, q, phi) draws, one diagonalisation each (train and test need draws of their own)", min: 5)
        .Int("states", o => o.States, (o, v) => o with { States = v }, "eigenstates kept per draw, at most size (0: all N)")
        .Custom("widths", o => o.Widths, (o, v) => o with { Widths = v }, "KAN widths; inputs (E, lambda, q, phi), or 3 inputs to drop phi; one output (the logit)",
            "positive integers, comma-separated: 3 or 4 inputs first, 1 output last", ParseWidths, SettingsSchema<AndersonOptions>.FormatInts)
        .Int("grid", o => o.Grid, (o, v) => o with { Grid = v }, "spline grid size", min: 1)
        .Int("steps", o => o.Steps, (o, v) => o with { Steps = v }, "L-BFGS steps of the classifier", min: 1)
        .Double("lambda", o => o.Lambda, (o, v) => o with { Lambda = v }, "sparsity regularisation strength (0: none)", min: 0)
        .Double("test_fraction", o => o.TestFraction, (o, v) => o with { TestFraction = v }, "fraction of the draws held out as the test set", above: 0, below: 1)
        .Choice("formula", o => o.Formula, (o, v) => o with { Formula = v }, "edge formula route: guided (the default: drop low-attribution inputs, snap to library, square templates, retrain), quadratic (the classifier's logit distilled into a degree-2 polynomial of E, lambda, q, as the paper's GAAM formula) or auto (auto-symbolic snapping)",
            "quadratic", "auto", "guided")
        .Custom("library", o => o.Library, (o, v) => o with { Library = v }, "library the edges are snapped to when recovering the edge formula",
            "function names, comma-separated", text => { _ = RestrictedLibrary(text); return text; }, text => text)
        .Double("drop_below", o => o.DropBelow, (o, v) => o with { DropBelow = v }, "guided route: inputs whose attribution share is below this are cut (their edges fixed to 0)", min: 0, below: 1)
        .Double("weight_simple", o => o.WeightSimple, (o, v) => o with { WeightSimple = v }, "auto-symbolic trade-off of simplicity against fit (pykan's weight_simple)", min: 0, max: 1)
        .Int("formula_steps", o => o.FormulaSteps, (o, v) => o with { FormulaSteps = v }, "L-BFGS steps retraining the snapped formula's constants")
        .Rule("states", o => o.States <= o.Size, o => $"must be in [0, size = {o.Size}]");

    private static QuasiperiodicModel ParseModel(string text)
    {
        try { return QuasiperiodicModel.Find(text); }
        catch (ArgumentException e) { throw new FormatException(e.Message, e); }
    }

    private static int ParseSize(string text)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 13 && FibonacciApproximant.IsFibonacci(n) ? n
            : throw new FormatException("must be a Fibonacci number >= 13 (233, 377, 610, 987, ...)");

    private static int[] ParseWidths(string text)
    {
        int[] widths = SettingsSchema<AndersonOptions>.ParsePositiveInts(text);
        return widths.Length >= 2 && widths[0] is 3 or 4 && widths[^1] == 1 ? widths
            : throw new FormatException("must start with 3 (E, lambda, q) or 4 (E, lambda, q, phi) and end with 1");
    }

    /// <summary>How <see cref="AndersonMetrics"/> is written: always the classifier's figures, then what the formula route reached.</summary>
    private static readonly RecordSchema<AndersonMetrics> Metrics = new RecordSchema<AndersonMetrics>()
        .Number("train_accuracy", m => m.TrainAccuracy)
        .Number("test_accuracy", m => m.TestAccuracy)
        .Number("majority_accuracy", m => m.MajorityAccuracy)
        .Number("theory_accuracy", m => m.TheoryAccuracy)
        .Integer("train_rows", m => m.TrainRows)
        .Integer("test_rows", m => m.TestRows)
        .Number("data_seconds", m => m.DataSeconds)
        .Integer("train_steps", m => m.TrainSteps)
        .Group("attr_", m => m.Attribution)
        .Optional("phi_attribution", m => m.PhiAttribution)
        .Optional("dropped_inputs", m => m.DroppedInputs)
        .Optional("squared_nodes", m => m.SquaredNodes)
        .Optional("product_seed", m => m.ProductSeed is { } seeded ? (seeded ? 1 : 0) : null)
        .Optional("formula_accuracy", m => m.FormulaAccuracy)
        .Optional("edge_lambda_distance", m => m.EdgeLambdaDistance)
        .Optional("edge_lambda_distance_max", m => m.EdgeLambdaDistanceMax)
        .Optional("edge_norm_lambda", m => m.EdgeNormLambda)
        .Optional("edge_norm_const", m => m.EdgeNormConst);

    /// <summary>Input names in column order; the model's parameter name replaces q.</summary>
    internal static string[] InputNames(QuasiperiodicModel model, int inputs)
        => inputs == 4 ? ["E", "lambda", model.ParameterName, "phi"] : ["E", "lambda", model.ParameterName];

    protected override ResultDocument Run(ProblemContext context, AndersonOptions s)
    {
        var clock = Stopwatch.StartNew();
        var model = s.Model;
        int size = s.Size, draws = s.Draws, states = s.States;
        var widths = s.Widths;
        int grid = s.Grid, steps = s.Steps;
        double sparsity = s.Lambda, testFraction = s.TestFraction;
        var library = RestrictedLibrary(s.Library);
        string route = s.Formula;
        double dropBelow = s.DropBelow, weightSimple = s.WeightSimple;
        int formulaSteps = s.FormulaSteps;

        // one dataset; the split is by draw, so the test chains (their phi, lambda, q) were never seen in training
        var rows = AndersonDataset.Generate(model, new AndersonDatasetOptions { Size = size, Draws = draws, StatesPerDraw = states, Seed = context.Seed });
        double dataSeconds = clock.Elapsed.TotalSeconds;
        int perDraw = states == 0 ? size : states;
        var (trainRows, testRows) = SplitByDraw(rows, perDraw, testFraction, context.Seed);
        int nIn = widths[0];
        var names = InputNames(model, nIn);
        // inputs scaled to about [-1, 1] (E spans tens of units for GAAM near |alpha| = 1, lambda a few): the splines'
        // grids and L-BFGS's first steps assume comparable scales; the formula is mapped back to physical units below
        var (centre, half) = Scaling(model, trainRows, nIn);
        var train = ToDataset(trainRows, nIn, centre, half);
        var test = ToDataset(testRows, nIn, centre, half);
        context.Progress.Report(new JobProgress(context.Job.Id, "data", 1, 3, double.NaN, double.NaN, clock.Elapsed.TotalSeconds));

        var net = KanNetwork.Create(widths, new KanOptions { GridSize = grid, Seed = context.Seed });
        var options = new TrainingOptions
        {
            Loss = TrainingLoss.CrossEntropy, Steps = steps, Seed = context.Seed,
            Regularization = sparsity > 0 ? new SparsityRegularization(sparsity) : null,
        };
        var history = new Trainer(options).Fit(net, train, test, cancellationToken: context.CancellationToken);
        if (history.StopReason == StopReason.Cancelled) throw new OperationCanceledException(context.CancellationToken);
        context.Progress.Report(new JobProgress(context.Job.Id, "classifier", 2, 3, history.History.Count > 0 ? history.History[^1].TrainLoss : double.NaN,
            history.History.Count > 0 ? history.History[^1].TestLoss : double.NaN, clock.Elapsed.TotalSeconds));

        var doc = new ResultDocument { Problem = Name, Seed = context.Seed, Model = net };
        double localised = testRows.Count(r => r.Localized) / (double)testRows.Count;
        // attribution of the inputs: the score each input node gets of the output's variation (sums to ~1 over inputs)
        var scores = Attribution.Backward(net, train.Inputs).NodeScores[0];
        double total = scores.Sum();
        var shares = scores.Select(v => total > 0 ? v / total : 0).ToArray();
        var metrics = new AndersonMetrics
        {
            TrainAccuracy = Accuracy(net.Forward(train.Inputs), train.Targets),
            TestAccuracy = Accuracy(net.Forward(test.Inputs), test.Targets),
            MajorityAccuracy = Math.Max(localised, 1 - localised),
            TheoryAccuracy = AndersonDataset.TheoryAccuracy(testRows),
            TrainRows = trainRows.Count, TestRows = testRows.Count, DataSeconds = dataSeconds, TrainSteps = history.Steps,
            Attribution = names.Select((n, i) => KeyValuePair.Create(n, shares[i])).ToArray(),
            PhiAttribution = nIn == 4 ? shares[3] : null,
        };

        // the edge: snap a copy to the restricted library, retrain its constants, compose; the classifier is its sign
        var formulaNet = net.Clone();
        Expr? formula = null;
        if (route == "quadratic")
        {
            int v = Math.Min(nIn, 3); // phi is left out: the edge must not depend on it
            var z = QuadraticEdge.Fit(train.Inputs, v, nIn, net.Forward(train.Inputs));
            var coefficients = QuadraticEdge.Unscale(z, centre[..v], half[..v]);
            formula = QuadraticEdge.ToExpr(coefficients, names[..v]);
        }
        else try
        {
            if (route == "guided")
            {
                var retrain = options with { Steps = Math.Max(formulaSteps, 1), UpdateGrid = false, Regularization = null };
                (formulaNet, var dropped, int squaredNodes, bool seeded) = GuidedSnap(net, train, shares, dropBelow, library, weightSimple, retrain, context.CancellationToken);
                metrics = metrics with { DroppedInputs = dropped.Count, SquaredNodes = squaredNodes, ProductSeed = seeded };
                if (dropped.Count > 0) context.Logger.LogInformation("anderson: guided route cut {Inputs}", string.Join(", ", dropped.Select(i => names[i])));
            }
            else AutoSymbolic.Run(formulaNet, train.Inputs, new AutoSymbolicOptions { Library = library, WeightSimple = weightSimple });
            if (formulaSteps > 0 && route != "guided")
                new Trainer(options with { Steps = formulaSteps, UpdateGrid = false, Regularization = null }).Fit(formulaNet, train, cancellationToken: context.CancellationToken);
            var scaledNames = names.Select(n => "z_" + n).ToArray();
            var back = new Dictionary<string, Expr>();
            for (int i = 0; i < nIn; i++)
                back[scaledNames[i]] = (Expr.Var(names[i]) - Expr.Const(centre[i])) / Expr.Const(half[i]);
            formula = NetworkFormula.Compose(formulaNet, scaledNames)[0].Substitute(back).Simplify();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // a failed snap leaves the classifier result intact; the log says why there is no formula
            context.Logger.LogWarning(e, "anderson: no edge formula ({Reason})", e.Message);
        }
        Func<double[], double>? edge = null;
        IReadOnlyDictionary<string, double>? normalised = null;
        if (formula is not null)
        {
            edge = formula.Compile(names);
            double acc = Accuracy(ExprBatch.EvaluateRows(edge, ToDataset(testRows, nIn, new double[nIn], Enumerable.Repeat(1.0, nIn).ToArray()).Inputs, nIn), test.Targets);
            metrics = metrics with { FormulaAccuracy = acc };
            doc.Formula = new FormulaData { Text = formula.ToString(), Latex = formula.ToLatex() };
            // how far the recovered edge lies from the exact one, in lambda, along the test states' (E, q) lines
            var (meanDistance, maxDistance) = EdgeComparison.LambdaDistance(model, edge, nIn, testRows);
            metrics = metrics with { EdgeLambdaDistance = meanDistance, EdgeLambdaDistanceMax = maxDistance };
            if (model is GeneralizedAubryAndreModel && EdgeComparison.GaamCoefficients(formula, model.ParameterName) is { } c)
            {
                normalised = c;
                metrics = metrics with { EdgeNormLambda = c["lambda"], EdgeNormConst = c["1"] };
            }
        }
        context.Progress.Report(new JobProgress(context.Job.Id, "formula", 3, 3, double.NaN, double.NaN, clock.Elapsed.TotalSeconds));

        Metrics.WriteMetrics(metrics, doc.Metrics);
        ResultRecords.TrainingHistory.WriteColumns(history.History, doc.Training);
        doc.ConfigJson = ResultConfig.Json(context, new
        {
            model = model.Name, theory = model.TheoryFormula, inputs = names,
            label = $"localised iff D < {Localization.DefaultThreshold}; logit > 0 means localised",
            normalised_edge = normalised,
        });
        if (context.OutputDirectory is { } dir)
        {
            var net2 = net; // the classifier's own edge, beside the formula's
            AndersonEdgePlot.Save(Path.Combine(dir, $"{context.Job.Id}.edge.png"), model, testRows.Concat(trainRows).ToList(), nIn,
                x => net2.Forward(x.Select((v, i) => (v - centre[i % nIn]) / half[i % nIn]).ToArray()), edge);
        }
        doc.WallSeconds = clock.Elapsed.TotalSeconds;
        return doc;
    }

    /// <summary>
    /// The guided route (the paper's hand-steered one). Inputs whose attribution share is below
    /// <paramref name="dropBelow"/> (phi) are cut: their first-layer edges are fixed to 0. The other first-layer edges
    /// are snapped to <paramref name="library"/> (x, x^2 by default). Above them a template is fixed: edges leaving the
    /// first hidden layer are x^2 (squares of sums of E, lambda and q terms hold the products, e.g. alpha E =
    /// ((E + alpha)^2 - (E - alpha)^2) / 4) or linear, every later edge linear, so the output is a polynomial whose sign
    /// rule is the edge. Two templates are tried, every hidden node squared or one node squared (each in turn); each
    /// template starts from a least-squares match to the classifier's spline edges, its constants are retrained with
    /// the classifier's loss, and the network with the lowest training loss is returned.
    /// </summary>
    /// <returns>The snapped, retrained network, the inputs that were cut and how many hidden nodes are squared.</returns>
    internal static (KanNetwork Network, IReadOnlyList<int> Dropped, int SquaredNodes, bool Seeded) GuidedSnap(KanNetwork trained, Dataset train, double[] shares,
        double dropBelow, SymbolicLibrary library, double weightSimple, TrainingOptions retrain, CancellationToken ct)
    {
        var all = SymbolicLibrary.CreateDefault();
        var dropped = Enumerable.Range(0, shares.Length).Where(i => shares[i] < dropBelow).ToList();
        if (dropped.Count == shares.Length) throw new InvalidOperationException("every input has an attribution below drop_below; nothing would be left");
        if (trained.Layers.Count < 2) throw new InvalidOperationException("the guided route needs a hidden layer (widths like 4,2,1,1)");
        var baseNet = trained.Clone();
        foreach (int i in dropped)
            for (int j = 0; j < baseNet.Layers[0].OutputCount; j++) baseNet.FixSymbolic(0, i, j, all["0"], SymbolicAffine.Identity);
        // the first layer from the classifier's splines; the layers above keep their splines for now, so a one-layer
        // library run touches only layer 0 (later layers are fixed below, over what the snapped layer 0 feeds them)
        var snapped = baseNet.Clone();
        var onlyFirst = new SymbolicLibrary?[snapped.Layers.Count];
        onlyFirst[0] = library;
        var placeholder = new SymbolicLibrary();
        placeholder.Add(all["x"]);
        for (int l = 1; l < onlyFirst.Length; l++) onlyFirst[l] = placeholder;
        AutoSymbolic.Run(snapped, train.Inputs, new AutoSymbolicOptions { Library = library, LayerLibraries = onlyFirst, WeightSimple = weightSimple });
        int hidden = snapped.Layers[0].OutputCount;
        // candidate sets of squared nodes: all of them, then each one alone (a single hidden node: just the one)
        var candidates = new List<bool[]> { Enumerable.Repeat(true, hidden).ToArray() };
        if (hidden > 1)
            for (int p = 0; p < hidden; p++) candidates.Add(Enumerable.Range(0, hidden).Select(i => i == p).ToArray());
        var nets = new List<(KanNetwork Net, int Squared, bool Seeded)>();
        foreach (var squared in candidates)
        {
            var net = snapped.Clone();
            var layerInputs = net.LayerInputs(train.Inputs);
            for (int l = 1; l < net.Layers.Count; l++)
            {
                var layer = net.Layers[l];
                var source = baseNet.Layers[l];
                int n = layerInputs[l].Length / layer.InputCount;
                for (int i = 0; i < layer.InputCount; i++)
                {
                    var x = new double[n];
                    for (int r = 0; r < n; r++) x[r] = layerInputs[l][r * layer.InputCount + i];
                    for (int j = 0; j < layer.OutputCount; j++)
                    {
                        // each template edge starts as the least-squares match to the classifier's spline edge
                        var y = x.Select(v => source.EvaluateEdge(i, j, v)).ToArray();
                        var (f, k) = l == 1 && squared[i] ? StandardisedSquare(all["x^2"], x, y) : LinearMatch(all["x"], x, y);
                        net.FixSymbolic(l, i, j, f, k);
                    }
                }
                layerInputs = net.LayerInputs(train.Inputs);
            }
            nets.Add((net, squared.Count(v => v), false));
        }
        if (hidden >= 2 && !dropped.Contains(0) && !dropped.Contains(2)) nets.Add((ProductSeed(baseNet, dropped, all), 1, true));
        KanNetwork? best = null;
        double bestLoss = double.PositiveInfinity;
        (int Squared, bool Seeded) chosen = default;
        foreach (var (net, squaredCount, seeded) in nets)
        {
            var result = new Trainer(retrain).Fit(net, train, cancellationToken: ct);
            if (result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(ct);
            double loss = result.TrainLoss;
            if (best is null || loss < bestLoss) (best, bestLoss, chosen) = (net, loss, (squaredCount, seeded));
        }
        return (best!, dropped, chosen.Squared, chosen.Seeded);
    }

    /// <summary>
    /// The product template started from the physics rather than from the classifier (in scaled inputs z): hidden node 0
    /// gets z_E + z_q and reaches the output squared, hidden node 1 gets lambda linearly and -z_E^2 - z_q^2 (first-layer
    /// x^2 edges), so the output starts as (z_E + z_q)^2 - z_E^2 - z_q^2 + z_lambda = 2 z_E z_q + z_lambda, a product plus a
    /// linear term, which is the form of the GAAM edge. Retraining moves every constant from there.
    /// </summary>
    internal static KanNetwork ProductSeed(KanNetwork baseNet, IReadOnlyCollection<int> dropped, SymbolicLibrary all)
    {
        var net = baseNet.Clone();
        var first = net.Layers[0];
        for (int i = 0; i < first.InputCount; i++)
        {
            if (dropped.Contains(i)) continue;
            for (int j = 0; j < first.OutputCount; j++)
            {
                var (f, c) = (i, j) switch
                {
                    (0 or 2, 0) => (all["x"], 1.0),
                    (1, 0) => (all["x"], 0.0),
                    (0 or 2, 1) => (all["x^2"], -1.0),
                    (1, 1) => (all["x"], 1.0),
                    _ => (all["0"], 0.0),
                };
                net.FixSymbolic(0, i, j, f, new SymbolicAffine(1, 0, c, 0));
            }
        }
        for (int l = 1; l < net.Layers.Count; l++)
        {
            var layer = net.Layers[l];
            for (int i = 0; i < layer.InputCount; i++)
                for (int j = 0; j < layer.OutputCount; j++)
                {
                    // layer 1: node 0 squared, node 1 linear, the rest off; later layers pass node 0 through
                    var f = l == 1 ? i == 0 ? all["x^2"] : i == 1 ? all["x"] : all["0"] : i == 0 ? all["x"] : all["0"];
                    net.FixSymbolic(l, i, j, f, new SymbolicAffine(1, 0, j == 0 ? 1 : 0, 0));
                }
        }
        return net;
    }

    // c (a x + b)^2 + d with a x + b the standardised input (so the square is really curved over the data) and (c, d) by
    // least squares against the spline edge; fitting (a, b) too would often return a huge b, a nearly straight piece of
    // parabola that retraining cannot bend
    private static (SymbolicFunction F, SymbolicAffine K) StandardisedSquare(SymbolicFunction square, double[] x, double[] y)
    {
        double mean = x.Average(), sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length);
        double a = sd > 1e-12 ? 1 / sd : 1, b = -mean * a;
        var f = x.Select(v => (a * v + b) * (a * v + b)).ToArray();
        var (c, d) = LeastSquares(f, y);
        // a flat start (c = 0) has no gradient towards the product; start it small instead
        if (Math.Abs(c) < 1e-3) c = 1e-3;
        return (square, new SymbolicAffine(a, b, c, d));
    }

    private static (SymbolicFunction F, SymbolicAffine K) LinearMatch(SymbolicFunction identity, double[] x, double[] y)
    {
        var (c, d) = LeastSquares(x, y);
        return (identity, new SymbolicAffine(1, 0, c, d));
    }

    private static (double C, double D) LeastSquares(double[] f, double[] y)
    {
        double fm = f.Average(), ym = y.Average(), sfy = 0, sff = 0;
        for (int r = 0; r < f.Length; r++) { sfy += (f[r] - fm) * (y[r] - ym); sff += (f[r] - fm) * (f[r] - fm); }
        double c = sff > 1e-300 ? sfy / sff : 0;
        return (c, ym - c * fm);
    }

    /// <summary>The library named by a comma list of <see cref="SymbolicLibrary.CreateDefault"/> functions.</summary>
    internal static SymbolicLibrary RestrictedLibrary(string text)
    {
        var all = SymbolicLibrary.CreateDefault();
        var lib = new SymbolicLibrary();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!all.TryGet(name, out var f))
                throw new FormatException($"'{name}' is not a library function; known: {string.Join(", ", all.Functions.Select(x => x.Name))}");
            if (!lib.Contains(name)) lib.Add(f);
        }
        if (lib.Count == 0) throw new FormatException("names no function");
        return lib;
    }

    /// <summary>
    /// Splits rows (consecutive blocks of <paramref name="perDraw"/> per draw) into train and test by draw: a seeded
    /// shuffle of the draws, the first <paramref name="testFraction"/> of them (at least one) for testing.
    /// </summary>
    internal static (List<EigenstateSample> Train, List<EigenstateSample> Test) SplitByDraw(IReadOnlyList<EigenstateSample> rows, int perDraw, double testFraction, int seed)
    {
        int draws = rows.Count / perDraw;
        var order = Enumerable.Range(0, draws).ToArray();
        new Random(seed).Shuffle(order);
        int nTest = Math.Clamp((int)Math.Round(testFraction * draws), 1, draws - 1);
        var isTest = new bool[draws];
        for (int i = 0; i < nTest; i++) isTest[order[i]] = true;
        var train = new List<EigenstateSample>();
        var test = new List<EigenstateSample>();
        for (int r = 0; r < rows.Count; r++) (isTest[r / perDraw] ? test : train).Add(rows[r]);
        return (train, test);
    }

    /// <summary>
    /// Centre and half-width of each input: the model's ranges for lambda and q (half-width 1 where q is fixed), [0, 2 pi)
    /// for phi, and the 1st..99th percentile of the training energies for E (a few extreme GAAM energies would
    /// otherwise squeeze all the others together).
    /// </summary>
    internal static (double[] Centre, double[] Half) Scaling(QuasiperiodicModel model, IReadOnlyList<EigenstateSample> train, int inputs)
    {
        var e = train.Select(r => r.Energy).Order().ToArray();
        double lo = e[(int)(0.01 * (e.Length - 1))], hi = e[(int)(0.99 * (e.Length - 1))];
        static (double, double) Of((double Min, double Max) r) => ((r.Min + r.Max) / 2, r.Max > r.Min ? (r.Max - r.Min) / 2 : 1);
        var (cl, hl) = Of(model.LambdaRange);
        var (cq, hq) = Of(model.ParameterRange);
        double[] centre = [(lo + hi) / 2, cl, cq, Math.PI], half = [Math.Max((hi - lo) / 2, 1e-6), hl, hq, Math.PI];
        return (centre[..inputs], half[..inputs]);
    }

    /// <summary>Inputs ((E, lambda, q[, phi]) - centre) / half and labels (1 = localised).</summary>
    internal static Dataset ToDataset(IReadOnlyList<EigenstateSample> rows, int inputs, double[] centre, double[] half)
    {
        var x = new double[rows.Count * inputs];
        var y = new double[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            x[r * inputs] = row.Energy;
            x[r * inputs + 1] = row.Lambda;
            x[r * inputs + 2] = row.Parameter;
            if (inputs == 4) x[r * inputs + 3] = row.Phi;
            for (int i = 0; i < inputs; i++) x[r * inputs + i] = (x[r * inputs + i] - centre[i]) / half[i];
            y[r] = row.Localized ? 1 : 0;
        }
        return new Dataset(x, y, inputs);
    }

    /// <summary>Fraction of samples where the sign of the logit (&gt; 0: class 1) matches the 0/1 label.</summary>
    internal static double Accuracy(double[] logits, double[] labels)
    {
        int agree = 0;
        for (int i = 0; i < labels.Length; i++)
            if ((logits[i] > 0 ? 1.0 : 0.0) == labels[i]) agree++;
        return (double)agree / labels.Length;
    }
}
