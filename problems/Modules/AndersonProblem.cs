using System.Diagnostics;
using System.Text.Json;
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

/// <summary>
/// The KAN paper's mobility-edge task (Section 4.4): eigenstates of a quasiperiodic chain labelled localised / extended
/// by their fractal dimension, a KAN classifier on (E, lambda, q, phi), its attribution (phi must not matter), and the
/// edge recovered as a formula whose sign is the classifier, compared with the exact theory edge.
/// </summary>
internal sealed class AndersonProblem : IProblem
{
    public string Name => "anderson";
    public string Description => "mobility edges (KAN paper 4.4): classify eigenstates localised/extended, attribution, recover the edge as a formula";

    public IReadOnlyList<ProblemSetting> Settings { get; } =
    [
        new("model", "gaam", "chain model: " + string.Join(", ", QuasiperiodicModel.All.Select(m => m.Name))),
        new("size", "233", "chain length N, a Fibonacci number"),
        new("draws", "500", "random (lambda, q, phi) draws, one diagonalisation each"),
        new("states", "10", "eigenstates kept per draw (0: all N)"),
        new("widths", "4,2,1,1", "KAN widths; inputs (E, lambda, q, phi), or 3 inputs to drop phi; one output (the logit)"),
        new("grid", "5", "spline grid size"),
        new("steps", "50", "L-BFGS steps of the classifier"),
        new("lambda", "0", "sparsity regularisation strength (0: none)"),
        new("test_fraction", "0.2", "fraction of the draws held out as the test set"),
        new("formula", "guided", "edge formula route: guided (the default: drop low-attribution inputs, snap to library, square templates, retrain), quadratic (the classifier's logit distilled into a degree-2 polynomial of E, lambda, q, as the paper's GAAM formula) or auto (auto-symbolic snapping)"),
        new("library", "x,x^2", "library the edges are snapped to when recovering the edge formula"),
        new("drop_below", "0.05", "guided route: inputs whose attribution share is below this are cut (their edges fixed to 0)"),
        new("weight_simple", "0.8", "auto-symbolic trade-off of simplicity against fit (pykan's weight_simple)"),
        new("formula_steps", "30", "L-BFGS steps retraining the snapped formula's constants"),
    ];

    /// <summary>Input names in column order; the model's parameter name replaces q.</summary>
    internal static string[] InputNames(QuasiperiodicModel model, int inputs)
        => inputs == 4 ? ["E", "lambda", model.ParameterName, "phi"] : ["E", "lambda", model.ParameterName];

    public ResultDocument Run(ProblemContext context)
    {
        var clock = Stopwatch.StartNew();
        var s = context.Settings;
        QuasiperiodicModel model;
        try { model = QuasiperiodicModel.Find(s.Text("model")); }
        catch (ArgumentException e) { throw new ProblemSettingException(Name, "model", s.Text("model"), e.Message); }
        int size = s.Int("size");
        if (size < 13 || !FibonacciApproximant.IsFibonacci(size))
            throw new ProblemSettingException(Name, "size", s.Text("size"), "must be a Fibonacci number >= 13 (233, 377, 610, 987, ...)");
        int draws = s.Int("draws");
        if (draws < 5) throw new ProblemSettingException(Name, "draws", s.Text("draws"), "must be at least 5 (train and test need draws of their own)");
        int states = s.Int("states");
        if (states < 0 || states > size) throw new ProblemSettingException(Name, "states", s.Text("states"), $"must be in [0, size = {size}]");
        var widths = s.Ints("widths");
        if (widths.Length < 2 || widths[0] is not (3 or 4) || widths[^1] != 1)
            throw new ProblemSettingException(Name, "widths", s.Text("widths"), "must start with 3 (E, lambda, q) or 4 (E, lambda, q, phi) and end with 1");
        int grid = s.Int("grid");
        if (grid < 1) throw new ProblemSettingException(Name, "grid", s.Text("grid"), "must be at least 1");
        int steps = s.Int("steps");
        if (steps < 1) throw new ProblemSettingException(Name, "steps", s.Text("steps"), "must be at least 1");
        double sparsity = s.Double("lambda");
        if (!(sparsity >= 0) || !double.IsFinite(sparsity)) throw new ProblemSettingException(Name, "lambda", s.Text("lambda"), "must be finite and >= 0");
        double testFraction = s.Double("test_fraction");
        if (!(testFraction > 0 && testFraction < 1)) throw new ProblemSettingException(Name, "test_fraction", s.Text("test_fraction"), "must lie in (0, 1)");
        var library = RestrictedLibrary(s.Text("library"));
        string route = s.Choice("formula", "quadratic", "auto", "guided");
        double dropBelow = s.Double("drop_below");
        if (!(dropBelow is >= 0 and < 1)) throw new ProblemSettingException(Name, "drop_below", s.Text("drop_below"), "must lie in [0, 1)");
        double weightSimple = s.Double("weight_simple");
        if (!(weightSimple is >= 0 and <= 1)) throw new ProblemSettingException(Name, "weight_simple", s.Text("weight_simple"), "must lie in [0, 1]");
        int formulaSteps = s.Int("formula_steps");
        if (formulaSteps < 0) throw new ProblemSettingException(Name, "formula_steps", s.Text("formula_steps"), "must be >= 0");

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
        doc.Metrics["train_accuracy"] = Accuracy(net.Forward(train.Inputs), train.Targets);
        doc.Metrics["test_accuracy"] = Accuracy(net.Forward(test.Inputs), test.Targets);
        double localised = testRows.Count(r => r.Localized) / (double)testRows.Count;
        doc.Metrics["majority_accuracy"] = Math.Max(localised, 1 - localised);
        doc.Metrics["theory_accuracy"] = AndersonDataset.TheoryAccuracy(testRows);
        doc.Metrics["train_rows"] = trainRows.Count;
        doc.Metrics["test_rows"] = testRows.Count;
        doc.Metrics["data_seconds"] = dataSeconds;
        doc.Metrics["train_steps"] = history.Steps;

        // attribution of the inputs: the score each input node gets of the output's variation (sums to ~1 over inputs)
        var scores = Attribution.Backward(net, train.Inputs).NodeScores[0];
        double total = scores.Sum();
        var shares = scores.Select(v => total > 0 ? v / total : 0).ToArray();
        for (int i = 0; i < nIn; i++) doc.Metrics["attr_" + names[i]] = shares[i];
        if (nIn == 4) doc.Metrics["phi_attribution"] = total > 0 ? scores[3] / total : 0;

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
                doc.Metrics["dropped_inputs"] = dropped.Count;
                doc.Metrics["squared_nodes"] = squaredNodes;
                doc.Metrics["product_seed"] = seeded ? 1 : 0;
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
            doc.Metrics["formula_accuracy"] = acc;
            doc.Formula = new FormulaData { Text = formula.ToString(), Latex = formula.ToLatex() };
            // how far the recovered edge lies from the exact one, in lambda, along the test states' (E, q) lines
            var (meanDistance, maxDistance) = EdgeComparison.LambdaDistance(model, edge, nIn, testRows);
            doc.Metrics["edge_lambda_distance"] = meanDistance;
            doc.Metrics["edge_lambda_distance_max"] = maxDistance;
            if (model is GeneralizedAubryAndreModel && EdgeComparison.GaamCoefficients(formula, model.ParameterName) is { } c)
            {
                normalised = c;
                doc.Metrics["edge_norm_lambda"] = c["lambda"];
                doc.Metrics["edge_norm_const"] = c["1"];
            }
        }
        context.Progress.Report(new JobProgress(context.Job.Id, "formula", 3, 3, double.NaN, double.NaN, clock.Elapsed.TotalSeconds));

        doc.Training["step"] = history.History.Select(r => (double)r.Step).ToArray();
        doc.Training["train_loss"] = history.History.Select(r => r.TrainLoss).ToArray();
        doc.Training["test_loss"] = history.History.Select(r => r.TestLoss).ToArray();
        doc.Training["seconds"] = history.History.Select(r => r.Seconds).ToArray();
        doc.ConfigJson = JsonSerializer.Serialize(new
        {
            problem = Name, seed = context.Seed, settings = s.Effective(), model = model.Name, theory = model.TheoryFormula, inputs = names,
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
    internal SymbolicLibrary RestrictedLibrary(string text)
    {
        var all = SymbolicLibrary.CreateDefault();
        var lib = new SymbolicLibrary();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!all.TryGet(name, out var f))
                throw new ProblemSettingException(Name, "library", text, $"'{name}' is not a library function; known: {string.Join(", ", all.Functions.Select(x => x.Name))}");
            if (!lib.Contains(name)) lib.Add(f);
        }
        if (lib.Count == 0) throw new ProblemSettingException(Name, "library", text, "names no function");
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
