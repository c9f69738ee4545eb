using System.Diagnostics;
using System.Globalization;
using Kan.Physics.Interpretation;
using Kan.Physics.Networks;
using Kan.Physics.Problems.Feynman;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Symbolic;
using Kan.Physics.Expressions;
using Kan.Physics.Training;
using Kan.Physics.EdgeFunctions;
using Kan.Physics.Optimization;

namespace Kan.Physics.Problems.Modules;

/// <summary>What a feynman run measured: the kept pipeline (of the chosen shape) and every shape's, and the verdict on the formulas.</summary>
internal sealed record FeynmanMetrics
{
    public required SymbolicRegressionResult Pipeline { get; init; }
    public required IReadOnlyList<SymbolicRegressionResult> Runs { get; init; }
    /// <summary>Index of the shape kept among <see cref="Runs"/>.</summary>
    public required int Chosen { get; init; }
    /// <summary>The paper's figures for a Table 2 equation; null otherwise.</summary>
    public required FeynmanEquation? Paper { get; init; }
    /// <summary>Whether the snapped network's own formula is the law, and its test RMSE (null without one).</summary>
    public bool ExactKan { get; init; }
    public double? KanFormulaTestRmse { get; init; }
    /// <summary>Where the reported formula came from (see <see cref="FormulaResults.FinalLaw"/>).</summary>
    public int LawSearch { get; init; }
    /// <summary>The reported formula's test RMSE (NaN without one) and whether it is the law.</summary>
    public double FormulaTestRmse { get; init; } = double.NaN;
    public bool Exact { get; init; }
    /// <summary>Whether the time budget cut a stage short (what was cut is in the notes' status).</summary>
    public bool BudgetExhausted { get; init; }

    /// <summary>The shape kept, then each shape's test and held-out RMSE.</summary>
    public IEnumerable<KeyValuePair<string, double>> PerShape()
    {
        yield return KeyValuePair.Create("chosen_shape", (double)Chosen);
        for (int i = 0; i < Runs.Count; i++)
        {
            yield return KeyValuePair.Create($"test_rmse_shape{i}", Runs[i].SplineRmse);
            yield return KeyValuePair.Create($"validation_rmse_shape{i}", Runs[i].ValidationRmse);
        }
    }
}

/// <summary>The settings of <see cref="FeynmanProblem"/>.</summary>
internal sealed record FeynmanOptions
{
    public string Equation { get; init; } = "I.12.11";
    public string AiEquation { get; init; } = "";
    public string Formula { get; init; } = "";
    public string Variables { get; init; } = "";
    public string Ranges { get; init; } = "";
    public string Widths { get; init; } = "auto;deep;narrow";
    public int[] Grids { get; init; } = [3, 5, 10, 20, 30, 40, 50, 70, 100];
    public int GridPatience { get; init; } = 2;
    public int SparseSteps { get; init; } = 50;
    public int Steps { get; init; } = 200;
    public double GridEps { get; init; } = 0.02;
    public string GridRange { get; init; } = "samples";
    public double Smooth { get; init; }
    public double Validation { get; init; } = 0.2;
    public int RetrainSteps { get; init; } = 50;
    public double[] Lambdas { get; init; } = [0.001, 0.01];
    public string LambdaScale { get; init; } = "std";
    public int Restarts { get; init; } = 6;
    public int ScreenGrid { get; init; } = 10;
    public int ScreenSteps { get; init; } = 50;
    public int Survivors { get; init; } = 1;
    public string Library { get; init; } = "feynman";
    public double WeightSimple { get; init; } = 0.8;
    public string LawSearch { get; init; } = "guided";
    public int Train { get; init; } = 1000;
    public int Test { get; init; } = 1000;
    public double Budget { get; init; } = 300;
    public string Structure { get; init; } = "auto";
    public string Direct { get; init; } = "auto";
}

/// <summary>
/// The KAN paper's Feynman benchmark (Table 2) as a module: seeded data from one equation (or any formula), the sparse
/// train -> prune -> grid extension -> auto-symbolic pipeline, and a verdict on whether the formula found is the law.
/// </summary>
// "Exact" is decided numerically (fresh random points in the ranges, 1e-6 relative) rather than symbolically: the
// simplifier does not canonicalise every identity (e.g. ((a+s)^2 - (a-s)^2)/4 = a*s), so a tree comparison would call
// correct formulas wrong.
internal sealed class FeynmanProblem : Problem<FeynmanOptions>
{
    /// <summary>Library used when <c>library</c> is "feynman": the functions Table 2's formulas are built from.</summary>
    // Fewer candidates means fewer near-ties for the auto-symbolic scoring (x^2 vs cosh, 1/x vs 1/x^2 on a short
    // range). "0" is left out on purpose: pruning already removed the dead edges, and with "0" available any live edge
    // whose best fit has R^2 below about 0.996 scores worse than "0" and silently drops its variable from the formula
    // (13 of the 27 Table 2 formulas of a first run with "0" and weight_simple 0.8 lost at least one variable).
    public const string FeynmanLibrary = "x,x^2,x^3,x^4,1/x,1/x^2,sqrt,1/sqrt,exp,log,sin,cos,arcsin,arctanh,tanh";

    public override string Name => "feynman";
    public override string Description => "KAN paper Table 2 (Feynman equations) or any formula: data -> sparse KAN -> prune -> formula -> exact?";

    public override SettingsSchema<FeynmanOptions> Settings { get; } = new SettingsSchema<FeynmanOptions>()
        .Text("equation", o => o.Equation, (o, v) => o with { Equation = v }, "a KAN paper Table 2 id (ignored when formula or ai_equation is given)")
        .Text("ai_equation", o => o.AiEquation, (o, v) => o with { AiEquation = v }, "an AI Feynman database id, e.g. I.6.2a or test_3 (ignored when formula is given)")
        .Text("formula", o => o.Formula, (o, v) => o with { Formula = v }, "any formula, e.g. 1+a*sin(theta); needs ranges")
        .Text("variables", o => o.Variables, (o, v) => o with { Variables = v }, "input names in column order for formula (default: its variables, sorted)")
        .Text("ranges", o => o.Ranges, (o, v) => o with { Ranges = v }, "lo:hi per variable separated by ';', e.g. -1:1;0:6.28 (one range applies to all); overrides the equation's")
        .Text("widths", o => o.Widths, (o, v) => o with { Widths = v }, "sparse start shapes separated by ';', each trained and the one best on held-out rows kept: auto = [n,5,1], deep = [n,5,5,1], narrow = [n,3,1], both = auto;deep, mult = [n,[2,2],1] and multdeep = [n,[2,2],[1,1],1] (multiplication nodes), paper = the paper's pruned shape (Table 2 only), or widths such as 2,5,1 or 3,[2,2],1 ([sum,mult] pairs)")
        .Ints("grids", o => o.Grids, (o, v) => o with { Grids = v }, "grid of the sparse training, then the extension schedule")
        .Int("grid_patience", o => o.GridPatience, (o, v) => o with { GridPatience = v }, "stop the extension schedule once this many grids in a row have not lowered the held-out RMSE (0: every grid)")
        .Int("sparse_steps", o => o.SparseSteps, (o, v) => o with { SparseSteps = v }, "L-BFGS steps of the sparse training")
        .Int("steps", o => o.Steps, (o, v) => o with { Steps = v }, "L-BFGS steps per grid after pruning")
        .Double("grid_eps", o => o.GridEps, (o, v) => o with { GridEps = v }, "knot placement of the pruned network's grid updates: 0 at the samples' quantiles, 1 uniform over their range", min: 0, max: 1)
        .Choice("grid_range", o => o.GridRange, (o, v) => o with { GridRange = v }, "samples: the first layer's grids end at the training samples (pykan); ranges: they span the variables' sampling ranges, so test points past the training samples are not extrapolated", "samples", "ranges")
        .Double("smooth", o => o.Smooth, (o, v) => o with { Smooth = v }, "roughness penalty of the pruned network's training (integral of phi''^2 per edge; 0: none)", min: 0)
        .Double("validation", o => o.Validation, (o, v) => o with { Validation = v }, "fraction of the training rows held out to choose the last grid (0: the schedule's last)", min: 0, max: 0.5)
        .Int("retrain_steps", o => o.RetrainSteps, (o, v) => o with { RetrainSteps = v }, "L-BFGS steps retraining the formula constants")
        .Custom("lambda", o => o.Lambdas, (o, v) => o with { Lambdas = v }, "sparsity regularisation strength; several (e.g. 0.001,0.01): the starts cycle through them",
            "positive numbers, comma-separated", ParseLambdas, l => string.Join(",", l.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))
        .Choice("lambda_scale", o => o.LambdaScale, (o, v) => o with { LambdaScale = v }, "std: each sparsity strength is multiplied by the training targets' standard deviation, so targets of small spread are not pruned harder; none: strengths as given (pykan)", "std", "none")
        .Int("restarts", o => o.Restarts, (o, v) => o with { Restarts = v }, "sparse starts (seeds seed, seed+1, ...); with held-out rows each is screened on the grids up to screen_grid and the best goes on, else the sparsest pruned network is kept (0 counts as 1)")
        .Int("screen_grid", o => o.ScreenGrid, (o, v) => o with { ScreenGrid = v }, "largest grid on which the starts are screened")
        .Int("screen_steps", o => o.ScreenSteps, (o, v) => o with { ScreenSteps = v }, "L-BFGS steps per grid while screening starts")
        .Int("survivors", o => o.Survivors, (o, v) => o with { Survivors = v }, "screened starts that go on along the whole schedule; the best on held-out rows is kept (0 counts as 1)")
        .Text("library", o => o.Library, (o, v) => o with { Library = v }, "auto-symbolic candidates: feynman, all, or a comma-separated list of function names")
        .Double("weight_simple", o => o.WeightSimple, (o, v) => o with { WeightSimple = v }, "weight of simplicity against accuracy in auto-symbolic", min: 0, max: 1)
        .Choice("law_search", o => o.LawSearch, (o, v) => o with { LawSearch = v }, "after the KAN: guided (features from the pruned KAN's edges), all (every feature kind), off", "guided", "all", "off")
        .Int("train", o => o.Train, (o, v) => o with { Train = v }, "training samples", min: 10)
        .Int("test", o => o.Test, (o, v) => o with { Test = v }, "test samples", min: 1)
        .Choice("structure", o => o.Structure, (o, v) => o with { Structure = v }, "auto: the first shape's pruned network's Hessian is read for separability and symmetries (notes/structure), and a law that is a product of functions of fewer variables gets one more start shape, a multiplication node of one factor per group; off: neither", "auto", "off")
        .Double("budget", o => o.Budget, (o, v) => o with { Budget = v }, "seconds for the whole run: the networks train until 70 % of it, the formula and law search until 95 %; then the best formula so far is written, with notes/status saying what was cut", min: 10)
        .Choice("direct", o => o.Direct, (o, v) => o with { Direct = v }, "exact laws looked for on the raw data before any network is trained (polynomial/rational, power laws, sines, exponentials, roots; up to 15 % of the budget): first = try them, and skip the networks when one reproduces the data to rounding; only = nothing else; off = networks only; auto = first, except for Table 2 equations (whose runs compare the pruned KAN with the paper)", "auto", "first", "only", "off");

    protected override ResultDocument Run(ProblemContext context, FeynmanOptions s)
    {
        var clock = Stopwatch.StartNew();
        var target = ResolveTarget(s);
        int n = target.Variables.Count;
        var shapes = Widths(s, target);
        int trainCount = s.Train, testCount = s.Test;
        double weightSimple = s.WeightSimple;
        var library = Library(s);
        string lawMode = s.LawSearch;
        // the time budget: training stops at 70 % of it, the formula stages at 95 %; the rest writes the result
        using var trainingBudget = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        using var formulaBudget = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        trainingBudget.CancelAfter(TimeSpan.FromSeconds(0.70 * s.Budget));
        formulaBudget.CancelAfter(TimeSpan.FromSeconds(0.95 * s.Budget));
        var cut = new List<string>();

        FeynmanData data;
        try { data = FeynmanDataset.Generate(target.Id, target.Evaluate, target.Variables, target.Ranges, trainCount, testCount, context.Seed); }
        catch (InvalidOperationException e) { throw new ProblemSettingException(Name, "ranges", RangesText(target.Ranges), e.Message); }

        // the cheap exact checks first: a law found on the raw data makes the networks unnecessary
        string? directNote = null;
        if (s.Direct is "first" or "only" || (s.Direct == "auto" && target.Source != "table2"))
        {
            var (directDoc, note) = DirectLaw(context, s, target, data, clock);
            if (directDoc is not null) return directDoc;
            directNote = note;
        }

        var lambdas = s.Lambdas;
        bool domainGrids = s.GridRange == "ranges";
        var options = new SymbolicRegressionOptions
        {
            Widths = [.. shapes[0].Select(w => w.Nodes)], Grids = s.Grids, SparseSteps = s.SparseSteps, StepsPerGrid = s.Steps,
            RetrainSteps = s.RetrainSteps, Sparsity = new SparsityRegularization(lambdas[0]), SparsityLambdas = lambdas.Length > 1 ? lambdas : null, SparsityRelativeToSpread = s.LambdaScale == "std",
            Restarts = Math.Max(1, s.Restarts), ScreeningGrid = s.ScreenGrid, ScreeningSteps = s.ScreenSteps, Survivors = Math.Max(1, s.Survivors), ValidationFraction = s.Validation, Smoothness = s.Smooth, GridEps = s.GridEps, GridPatience = s.GridPatience > 0 ? s.GridPatience : null, Seed = context.Seed, InputNames = [.. target.Variables],
            InputDomain = domainGrids ? [.. target.Ranges] : null,
            Symbolic = new AutoSymbolicOptions { Library = library, WeightSimple = weightSimple },
        };
        int screened = options.Restarts > 1 && options.ValidationFraction > 0 ? options.Grids.Count(g => g <= options.ScreeningGrid) : 0;
        int stageCount = shapes.Count * (options.Restarts * (1 + 2 * screened) + Math.Min(options.Survivors, options.Restarts) * (options.Grids.Length - screened) + 4) + 2, stage = 0;
        void Report(string name, double train = double.NaN, double test = double.NaN) => ReportStage(name, train, test);
        void ReportStage(string name, double train, double test)
            => context.Progress.Report(new JobProgress(context.Job.Id, name, Math.Min(++stage, stageCount), stageCount, train, test, clock.Elapsed.TotalSeconds));
        var runs = new List<SymbolicRegressionResult>();
        var runShapes = new List<NodeWidth[]>();
        int productIndex = -1, productArity = 2; // the structure's product shape, when one was added, and its arity
        StructureReport? structure = null;
        for (int shapeIndex = 0; shapeIndex < shapes.Count; shapeIndex++)
        {
            var shape = shapes[shapeIndex];
            if (trainingBudget.IsCancellationRequested)
            {
                cut.Add($"shape {NodeWidth.FormatList(shape)} not trained");
                continue;
            }
            var shapeOptions = options with
            {
                Widths = [.. shape.Select(w => w.Nodes)],
                Multiplication = shape.Any(w => w.Multiplication > 0) ? [.. shape.Select(w => w.Multiplication)] : null,
                MultiplicationArity = shapeIndex == productIndex ? productArity : 2,
            };
            var run = SymbolicRegression.Run(data.Train, data.Test, shapeOptions, st => context.Progress.Report(
                new JobProgress(context.Job.Id, st.Name, Math.Min(++stage, stageCount), stageCount, st.TrainRmse, st.TestRmse, clock.Elapsed.TotalSeconds)), trainingBudget.Token);
            if (run.StopReason == StopReason.Cancelled)
            {
                context.CancellationToken.ThrowIfCancellationRequested(); // the job itself was cancelled
                cut.Add($"shape {NodeWidth.FormatList(shape)} stopped by the budget after {run.Stages.Count} stages");
                run = Snapped(run, data.Train, options.Symbolic, options.InputNames);
            }
            runs.Add(run);
            runShapes.Add(shape);
            if (runs.Count == 1 && s.Structure == "auto" && n >= 2)
            {
                // the law's modular structure from the first pruned network's Hessian; a product of functions of fewer
                // variables gets a start shape that multiplies one factor per group (chosen only if it predicts the
                // held-out rows best)
                structure = StructureDetection.Analyze(run.Pruned, data.Train.Inputs);
                Report($"structure: {structure.Describe(target.Variables)}");
                if (ProductShape(structure, n) is { } product && !shapes.Any(x => x.SequenceEqual(product.Shape)))
                {
                    // next in line, before the other plain shapes, so that a tight budget still tries it
                    shapes.Insert(shapeIndex + 1, product.Shape);
                    (productIndex, productArity) = (shapeIndex + 1, product.Arity);
                }
            }
        }
        // several shapes: the one whose pruned network predicts the held-out training rows best (the training rows
        // themselves without held-out ones); the test data only report
        int chosen = 0;
        for (int i = 1; i < runs.Count; i++)
            if (Selection(runs[i], data.Train) < Selection(runs[chosen], data.Train)) chosen = i;
        var result = runs[chosen];
        var widths = runShapes[chosen].Select(w => w.Nodes).ToArray();

        var doc = new ResultDocument
        {
            Problem = Name, Seed = context.Seed,
            ConfigJson = ResultConfig.Json(context, new
            {
                equation_id = target.Id, source = target.Source, ground_truth = target.Formula,
                variables = target.Variables, ranges = target.Ranges.Select(r => new[] { r.Lo, r.Hi }).ToArray(), widths,
                shape = NodeWidth.FormatList(runShapes[chosen]),
            }),
            Model = result.Symbolic,
        };
        FormulaResults.AddStageColumns(doc, result);
        var truth = Expr.Parse(target.Formula, [.. target.Variables]);
        var box = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++) box[target.Variables[i]] = target.Ranges[i];
        // fresh points: a seed no data stream uses, so agreement off the training points is what is checked
        bool IsTruth(Expr formula) => Expr.NumericallyEqual(formula, truth, box, 1000, 1e-6, seed: 7919 + context.Seed);
        string[] variables = [.. target.Variables];
        var metrics = new FeynmanMetrics { Pipeline = result, Runs = runs, Chosen = chosen, Paper = target.Paper };
        Expr? snapped = result.Formulas is [var raw] ? raw.Simplify() : null;
        if (snapped is not null)
            metrics = metrics with { ExactKan = IsTruth(snapped), KanFormulaTestRmse = FormulaResults.Rmse(snapped, variables, data.Test) };
        // the law search needs no further training: the pruned network's edges say which functions to combine
        var others = runs.Where((_, i) => i != chosen).Select(r => r.Pruned).Concat(runs.SelectMany(r => r.OtherStarts)).ToArray();
        Report("law search");
        Expr? final; int route; bool searchCut;
        (final, route, searchCut) = FormulaResults.FinalLaw(snapped, result, data.Train, data.Test, variables, lawMode, library, weightSimple, formulaBudget.Token, others,
            (what, p) => Report($"law search ({what}): {(p.Rational ? "rational" : "polynomial")} laws, feature subset {p.Subset} of {p.Subsets}"));
        if (searchCut)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            cut.Add("law search stopped by the budget");
        }
        // a law not found on all its variables may be found on fewer: the pair symmetries of the pruned network reduce
        // them (x, y -> x*y, ...), and the pipeline runs again on the reduced variables, on exact data
        bool exactToData = final is not null && FormulaResults.RelativeError(final, variables, data.Train) <= 1e-8 && FormulaResults.RelativeError(final, variables, data.Test) <= 1e-8;
        // (only with a sixth of the budget left: the reduced pipeline trains networks again)
        bool timeLeft = 0.95 * s.Budget - clock.Elapsed.TotalSeconds > s.Budget / 6;
        if (s.Structure == "auto" && !exactToData && !searchCut && n >= 2 && timeLeft && !formulaBudget.IsCancellationRequested)
        {
            var reducedLaw = ReducedLaw(result, data, variables, options, lawMode, library, weightSimple, formulaBudget.Token, Report, cut, doc);
            context.CancellationToken.ThrowIfCancellationRequested();
            if (reducedLaw is not null) (final, route) = (reducedLaw, 3);
        }
        metrics = metrics with { LawSearch = route, BudgetExhausted = cut.Count > 0 };
        if (final is not null)
        {
            double rmse = FormulaResults.Rmse(final, variables, data.Test);
            metrics = metrics with { FormulaTestRmse = rmse, Exact = IsTruth(final) };
            doc.Formula = new FormulaData { Text = final.ToString(), Latex = final.ToLatex(), Rmse = rmse };
        }
        if (structure is not null) doc.Notes["structure"] = structure.Describe(target.Variables);
        if (directNote is not null) doc.Notes["direct"] = directNote;
        doc.Notes["status"] = cut.Count == 0 ? "complete"
            : $"budget of {s.Budget.ToString("0.#", CultureInfo.InvariantCulture)} s ran out: {string.Join("; ", cut)}; the best formula so far is reported";
        Report(final is null ? "no formula" : $"formula: {final}", double.NaN, metrics.FormulaTestRmse);
        Metrics.WriteMetrics(metrics, doc.Metrics);
        doc.WallSeconds = clock.Elapsed.TotalSeconds;
        if (context.OutputDirectory is { } dir)
        {
            var names = new NetworkPlotOptions { InputNames = [.. target.Variables], OutputNames = ["f"] };
            NetworkPlot.Save(Path.Combine(dir, $"{context.Job.Id}.network-pruned.png"), result.Pruned, data.Train.Inputs,
                names with { Title = $"{target.Id}: pruned " + NodeWidth.FormatList(result.Pruned.NodeWidths) });
        }
        return doc;
    }

    /// <summary>
    /// The start shape for a law that is a product of m functions of disjoint groups of variables: one multiplication node
    /// of arity m as the output, each factor a sum of one-variable functions ([n,[0,1]]) when every group is additively
    /// separable inside (x*y*sin(z), (a+b)*c), else over 3m hidden sum nodes ([n,3m,[0,1]]); null when the law is no
    /// such product or has more than 4 factors.
    /// </summary>
    internal static (NodeWidth[] Shape, int Arity)? ProductShape(StructureReport structure, int n)
    {
        int m = structure.MultiplicativeGroups.Count;
        if (m < 2 || m > 4) return null;
        bool additiveInside = structure.MultiplicativeGroups.All(g => g.All(a => g.All(b => a == b || structure.Additive[a * n + b] <= structure.Threshold)));
        return additiveInside ? ([n, new NodeWidth(0, 1)], m) : ([n, 3 * m, new NodeWidth(0, 1)], m);
    }

    /// <summary>
    /// The direct law search (<see cref="DirectLawSearch"/>) on the raw data, within 15 % of the budget (95 % with
    /// direct = only). Returns the result document when a law is found, or when direct = only (then without a formula);
    /// otherwise null and a note of what was searched, for the document of the network run that follows.
    /// </summary>
    private (ResultDocument? Doc, string Note) DirectLaw(ProblemContext context, FeynmanOptions s, FeynmanTarget target, FeynmanData data, Stopwatch clock)
    {
        string[] variables = [.. target.Variables];
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds((s.Direct == "only" ? 0.95 : 0.15) * s.Budget));
        void Report(string what) => context.Progress.Report(new JobProgress(context.Job.Id, what, 1, 1, double.NaN, double.NaN, clock.Elapsed.TotalSeconds));
        Report("direct law search on the raw data");
        DirectLawResult? found = null;
        bool stopped = false;
        try
        {
            found = DirectLawSearch.Run(data.Train, data.Test, variables, null, budget.Token,
                (what, p) => Report($"direct law search ({what}): {(p.Rational ? "rational" : "polynomial")} laws, feature subset {p.Subset} of {p.Subsets}"));
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            stopped = true;
        }
        context.CancellationToken.ThrowIfCancellationRequested();
        double seconds = clock.Elapsed.TotalSeconds;
        string note = found is not null ? $"found by the direct search ({found.Plan}) in {seconds:F1} s; no network trained"
            : stopped ? $"no exact law in the direct search's share of the budget ({seconds:F1} s)" : $"no exact law in the direct search ({seconds:F1} s)";
        Report(note);
        if (found is null && s.Direct != "only") return (null, note);

        var doc = new ResultDocument
        {
            Problem = Name, Seed = context.Seed,
            ConfigJson = ResultConfig.Json(context, new
            {
                equation_id = target.Id, source = target.Source, ground_truth = target.Formula,
                variables = target.Variables, ranges = target.Ranges.Select(r => new[] { r.Lo, r.Hi }).ToArray(),
            }),
        };
        doc.Notes["direct"] = note;
        doc.Notes["status"] = found is not null ? "complete" : $"direct = only: {note}";
        doc.Metrics["law_search"] = found is not null ? 4 : 0;
        doc.Metrics["budget_exhausted"] = stopped ? 1 : 0;
        doc.Metrics["exact"] = 0;
        doc.Metrics["formula_test_rmse"] = double.NaN;
        if (found is not null)
        {
            var law = found.Law.Formula;
            var truth = Expr.Parse(target.Formula, variables);
            var box = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
            for (int i = 0; i < variables.Length; i++) box[variables[i]] = target.Ranges[i];
            double rmse = FormulaResults.Rmse(law, variables, data.Test);
            doc.Metrics["exact"] = Expr.NumericallyEqual(law, truth, box, 1000, 1e-6, seed: 7919 + context.Seed) ? 1 : 0;
            doc.Metrics["formula_test_rmse"] = rmse;
            doc.Formula = new FormulaData { Text = law.ToString(), Latex = law.ToLatex(), Rmse = rmse };
        }
        doc.WallSeconds = clock.Elapsed.TotalSeconds;
        return (doc, note);
    }

    /// <summary>
    /// The law through the pruned network's pair symmetries (<see cref="SymmetryReduction"/>): when they reduce the
    /// variables, the data are rewritten in the reduced variables (exactly: the targets are unchanged), the pipeline
    /// ([k,5,1], two starts) and the law search run on them, and a formula that reproduces the original training and
    /// test data to 1e-8 relative is returned in the original variables; null otherwise.
    /// </summary>
    private static Expr? ReducedLaw(SymbolicRegressionResult result, FeynmanData data, string[] variables, SymbolicRegressionOptions options,
        string lawMode, SymbolicLibrary? library, double weightSimple, CancellationToken budget, Action<string, double, double> report, List<string> cut, ResultDocument doc)
    {
        var reduced = SymmetryReduction.Reduce(result.Pruned, data.Train.Inputs, variables);
        int k = reduced.Count, n = variables.Length;
        if (k >= n) return null;
        string[] names = [.. Enumerable.Range(1, k).Select(i => $"u{i}")];
        string description = string.Join(", ", reduced.Select((e, i) => $"{names[i]} = {e}"));
        doc.Notes["reduced_variables"] = description;
        report($"symmetries reduce {n} variables to {k}: {description}", double.NaN, double.NaN);
        var compiled = reduced.Select(e => e.Compile(variables)).ToArray();
        Dataset? Rewrite(Dataset d)
        {
            var x = new double[d.Count * k];
            var row = new double[n];
            for (int s = 0; s < d.Count; s++)
            {
                Array.Copy(d.Inputs, s * n, row, 0, n);
                for (int i = 0; i < k; i++)
                    if (!double.IsFinite(x[s * k + i] = compiled[i](row))) return null;
            }
            return new Dataset(x, d.Targets, k);
        }
        if (Rewrite(data.Train) is not { } train || Rewrite(data.Test) is not { } test) return null;
        var run = SymbolicRegression.Run(train, test, options with
        {
            Widths = [k, 5, 1], Multiplication = null, InputNames = names, Restarts = Math.Min(2, options.Restarts), InputDomain = null,
        }, st => report($"reduced: {st.Name}", st.TrainRmse, st.TestRmse), budget);
        if (run.StopReason == Optimization.StopReason.Cancelled)
        {
            cut.Add("the pipeline on the reduced variables stopped by the budget");
            return null;
        }
        Expr? snapped = run.Formulas is [var raw] ? raw.Simplify() : null;
        var (law, _, searchCut) = FormulaResults.FinalLaw(snapped, run, train, test, names, lawMode, library, weightSimple, budget, null,
            (what, p) => report($"law search on the reduced variables ({what}): {(p.Rational ? "rational" : "polynomial")} laws, feature subset {p.Subset} of {p.Subsets}", double.NaN, double.NaN));
        if (searchCut) cut.Add("law search on the reduced variables stopped by the budget");
        if (law is null) return null;
        var back = law.Substitute(names.Select((u, i) => (u, reduced[i])).ToDictionary(p => p.u, p => p.Item2, StringComparer.Ordinal)).Simplify();
        return FormulaResults.RelativeError(back, variables, data.Train) <= 1e-8 && FormulaResults.RelativeError(back, variables, data.Test) <= 1e-8 ? back : null;
    }

    /// <summary>
    /// A run the budget stopped before its formulas: its pruned network snapped to library functions as it is (no
    /// retraining, seconds at most), so that a formula, even a rough one, is reported.
    /// </summary>
    private static SymbolicRegressionResult Snapped(SymbolicRegressionResult run, Dataset train, AutoSymbolicOptions symbolic, IReadOnlyList<string>? names)
    {
        if (run.Formulas is not null) return run;
        run = run with { SplineRmse = double.IsNaN(run.SplineRmse) && run.Stages.Count > 0 ? run.Stages[^1].TestRmse : run.SplineRmse };
        var net = run.Pruned.Clone();
        var choices = AutoSymbolic.Run(net, train.Inputs, symbolic);
        if (!choices.All(c => c.Fixed)) return run;
        return run with { Symbolic = net, Choices = choices, Formulas = NetworkFormula.Compose(net, names), SplineRmse = double.IsNaN(run.SplineRmse) ? run.Stages[^1].TestRmse : run.SplineRmse };
    }

    /// <summary>How <see cref="FeynmanMetrics"/> is written: the fit (per shape when several), the paper's figures, the pipeline's network, then the formula's verdict.</summary>
    private static readonly RecordSchema<FeynmanMetrics> Metrics = new RecordSchema<FeynmanMetrics>()
        .Number("test_rmse", m => m.Pipeline.SplineRmse)
        .Number("validation_rmse", m => m.Pipeline.ValidationRmse)
        .Group("", m => m.Runs.Count > 1 ? m.PerShape() : [])
        .Number("train_rmse", m => m.Pipeline.Stages[^1].TrainRmse)
        .Number("symbolic_test_rmse", m => m.Pipeline.FinalRmse)
        .Number("paper_pruned_kan_rmse", m => m.Paper?.PrunedKanTestRmse ?? double.NaN)
        .Number("paper_mlp_rmse", m => m.Paper?.MlpTestRmse ?? double.NaN)
        .Include(FormulaResults.PipelineMetrics, m => m.Pipeline)
        .Flag("exact", m => m.Exact)
        .Flag("exact_kan", m => m.ExactKan)
        .Optional("kan_formula_test_rmse", m => m.KanFormulaTestRmse)
        .Integer("law_search", m => m.LawSearch)
        .Flag("budget_exhausted", m => m.BudgetExhausted)
        .Number("formula_test_rmse", m => m.FormulaTestRmse);

    /// <summary>The law the settings ask for: formula, else ai_equation, else equation; ranges override its ranges.</summary>
    internal FeynmanTarget ResolveTarget(FeynmanOptions s)
    {
        string formulaText = s.Formula.Trim(), aiId = s.AiEquation.Trim();
        FeynmanTarget target;
        if (formulaText.Length > 0)
        {
            var names = s.Variables.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            Expr parsed;
            try { parsed = names.Length > 0 ? Expr.Parse(formulaText, names) : Expr.Parse(formulaText); }
            catch (FormatException e) { throw new ProblemSettingException(Name, "formula", formulaText, $"is not a formula: {e.Message}"); }
            if (names.Length == 0) names = [.. parsed.Variables];
            if (names.Length == 0) throw new ProblemSettingException(Name, "formula", formulaText, "has no variables");
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
                throw new ProblemSettingException(Name, "variables", s.Variables, "repeats a name");
            if (s.Ranges.Trim().Length == 0)
                throw new ProblemSettingException(Name, "ranges", "", $"is needed with formula: one lo:hi per variable ({string.Join(", ", names)})");
            target = new FeynmanTarget("custom", "formula", formulaText, names, [], parsed.Compile(names), null);
        }
        else if (aiId.Length > 0)
        {
            var row = AiFeynmanTable.All.FirstOrDefault(e => e.Id == aiId)
                ?? throw new ProblemSettingException(Name, "ai_equation", aiId, $"is not an AI Feynman id (e.g. {string.Join(", ", AiFeynmanTable.All.Take(4).Select(e => e.Id))}, test_1..test_20)");
            var parsed = Expr.Parse(row.Formula, [.. row.Variables]);
            target = new FeynmanTarget(row.Id, "ai_feynman", row.Formula, row.Variables, row.Ranges, parsed.Compile([.. row.Variables]), null);
        }
        else
        {
            string id = s.Equation.Trim();
            FeynmanEquation eq;
            try { eq = FeynmanCatalog.Get(id); }
            catch (ArgumentException) { throw new ProblemSettingException(Name, "equation", id, $"is not a Table 2 id; valid: {string.Join(", ", FeynmanCatalog.All.Select(e => e.Id))}"); }
            target = new FeynmanTarget(eq.Id, "table2", eq.Formula, eq.Variables, eq.Ranges, eq.Evaluate, eq);
        }
        string rangesText = s.Ranges.Trim();
        return rangesText.Length == 0 ? target : target with { Ranges = ParseRanges(rangesText, target.Variables) };
    }

    private (double Lo, double Hi)[] ParseRanges(string text, IReadOnlyList<string> variables)
    {
        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        if (parts.Length != 1 && parts.Length != variables.Count)
            throw new ProblemSettingException(Name, "ranges", text, $"has {parts.Length} ranges for {variables.Count} variables ({string.Join(", ", variables)})");
        var ranges = new (double Lo, double Hi)[variables.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            var ends = parts[i].Split(':', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || !TryNumber(ends[0], out double lo) || !TryNumber(ends[1], out double hi))
                throw new ProblemSettingException(Name, "ranges", text, $"has '{parts[i]}', which is not lo:hi (e.g. -1:1 or 0:2*pi)");
            if (!(lo < hi)) throw new ProblemSettingException(Name, "ranges", text, $"has '{parts[i]}' for {variables[i]}, which needs lo < hi");
            ranges[i] = (lo, hi);
        }
        if (parts.Length == 1) Array.Fill(ranges, ranges[0]);
        return ranges;
    }

    // Ends may be constant expressions ("2*pi"), because Table 2 ranges are often multiples of pi.
    private static bool TryNumber(string text, out double value)
    {
        value = double.NaN;
        if (text.Length == 0) return false;
        try
        {
            var e = Expr.Parse(text, Array.Empty<string>());
            value = e.Evaluate(new Dictionary<string, double>());
        }
        catch (FormatException) { return false; }
        return double.IsFinite(value);
    }

    /// <summary>How a run's pruned network is ranked among shapes: held-out RMSE, else its RMSE on the training rows.</summary>
    private static double Selection(SymbolicRegressionResult r, Dataset train)
    {
        if (!double.IsNaN(r.ValidationRmse)) return r.ValidationRmse;
        double rmse = train.Rmse(r.Pruned);
        return double.IsNaN(rmse) ? double.PositiveInfinity : rmse;
    }

    /// <summary>The sparsity strengths: one or more positive numbers, comma-separated.</summary>
    private static double[] ParseLambdas(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !(values[i] > 0) || !double.IsFinite(values[i]))
                throw new FormatException($"has '{parts[i]}', which is not a positive number");
        return values.Length > 0 ? values : throw new FormatException("names no strength");
    }

    /// <summary>
    /// The sparse start shapes: one or more, separated by ';', each a keyword (auto [n,5,1], deep [n,5,5,1], narrow
    /// [n,3,1], mult [n,[2,2],1], multdeep [n,[2,2],[1,1],1], paper, or both = auto;deep) or explicit widths such as
    /// 2,5,1 or 3,[2,2],1 (see <see cref="NodeWidth.ParseList"/>).
    /// </summary>
    private List<NodeWidth[]> Widths(FeynmanOptions s, FeynmanTarget target)
    {
        int n = target.Variables.Count;
        var shapes = new List<NodeWidth[]>();
        void Add(NodeWidth[] w)
        {
            if (!shapes.Any(x => x.SequenceEqual(w))) shapes.Add(w);
        }
        void AddPlain(int[] w) => Add([.. w.Select(v => new NodeWidth(v))]);
        var items = s.Widths.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0) throw new ProblemSettingException(Name, "widths", s.Widths, "names no shape");
        foreach (var item in items)
        {
            switch (item.ToLowerInvariant())
            {
                case "auto": AddPlain([n, 5, 1]); break;
                case "deep": AddPlain([n, 5, 5, 1]); break;
                case "narrow": AddPlain([n, 3, 1]); break;
                case "both": AddPlain([n, 5, 1]); AddPlain([n, 5, 5, 1]); break;
                case "mult": Add([n, new NodeWidth(2, 2), 1]); break;
                case "multdeep": Add([n, new NodeWidth(2, 2), new NodeWidth(1, 1), 1]); break;
                case "paper":
                    AddPlain(target.Paper is { } p ? [.. p.PrunedKanShapeMinRmse]
                        : throw new ProblemSettingException(Name, "widths", s.Widths, "= paper needs a Table 2 equation"));
                    break;
                default:
                    NodeWidth[] widths;
                    try { widths = NodeWidth.ParseList(item); }
                    catch (FormatException)
                    {
                        throw new ProblemSettingException(Name, "widths", s.Widths, $"has '{item}', which is neither auto, deep, narrow, both, mult, multdeep, paper nor widths such as {n},5,1 or {n},[2,2],1");
                    }
                    if (widths.Length < 2 || widths[0] != new NodeWidth(n) || widths[^1].Nodes != 1 || widths.Any(w => w.Nodes < 1))
                        throw new ProblemSettingException(Name, "widths", s.Widths, $"has '{item}': widths must start with {n} (the variables), end with 1 and have at least one node each");
                    Add(widths);
                    break;
            }
        }
        return shapes;
    }

    private SymbolicLibrary? Library(FeynmanOptions s)
    {
        string text = s.Library.Trim();
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase)) return null;
        if (text.Equals("feynman", StringComparison.OrdinalIgnoreCase)) text = FeynmanLibrary;
        var all = SymbolicLibrary.CreateDefault();
        var lib = new SymbolicLibrary();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!all.TryGet(name, out var f))
                throw new ProblemSettingException(Name, "library", s.Library, $"names '{name}', which is not a library function; known: {string.Join(", ", all.Functions.Select(g => g.Name))}");
            if (!lib.Contains(name)) lib.Add(f);
        }
        if (lib.Count == 0) throw new ProblemSettingException(Name, "library", s.Library, "names no function");
        return lib;
    }

    private static string RangesText(IReadOnlyList<(double Lo, double Hi)> ranges)
        => string.Join(";", ranges.Select(r => r.Lo.ToString("R", CultureInfo.InvariantCulture) + ":" + r.Hi.ToString("R", CultureInfo.InvariantCulture)));
}
