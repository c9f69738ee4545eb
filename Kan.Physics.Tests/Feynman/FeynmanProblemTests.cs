using Kan.Physics.Networks;
using Kan.Physics.Problems.Feynman;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Expressions;

namespace Kan.Physics.Tests.Feynman;

public class FeynmanProblemTests
{
    private static readonly FeynmanProblem Module = new();

    private static ProblemSettings Settings(params (string Key, string Value)[] values)
        => new(Module.Name, Module.Settings, values.ToDictionary(p => p.Key, p => p.Value));

    private static FeynmanOptions Options(params (string Key, string Value)[] values) => Settings(values).Get<FeynmanOptions>();

    private static ResultDocument Run(int seed, params (string Key, string Value)[] values)
    {
        var settings = Settings(values);
        var dir = Path.Combine(Path.GetTempPath(), "feynman-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var context = new ProblemContext
            {
                Job = new JobSpec("feynman-test", Module.Name, seed, settings.Values),
                Settings = settings,
                Checkpoints = new CheckpointStore(dir),
            };
            return Module.Run(context);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Module_is_registered_under_its_name()
        => Assert.IsType<FeynmanProblem>(ProblemCatalog.Find("feynman"));

    [Fact]
    public void III_10_19_is_recovered_exactly_with_small_settings()
    {
        // sqrt(1 + a^2 + b^2) on [-1,1]^2 through a [2,1,1] network: x^2 edges, then sqrt
        var doc = Run(0, ("equation", "III.10.19"), ("widths", "2,1,1"), ("train", "200"), ("test", "200"), ("grids", "3,5"),
            ("steps", "20"), ("sparse_steps", "20"), ("retrain_steps", "20"), ("restarts", "1"));
        var eq = FeynmanCatalog.Get("III.10.19");
        Assert.Equal(1, doc.Metrics["exact"]);
        Assert.True(doc.Metrics["formula_test_rmse"] < 1e-9, $"formula RMSE {doc.Metrics["formula_test_rmse"]:E3}");
        Assert.True(doc.Metrics["test_rmse"] < 1e-2, $"spline RMSE {doc.Metrics["test_rmse"]:E3}");
        Assert.Equal(eq.PrunedKanTestRmse, doc.Metrics["paper_pruned_kan_rmse"]);
        Assert.Equal(eq.MlpTestRmse, doc.Metrics["paper_mlp_rmse"]);
        Assert.Equal(3, doc.Metrics["pruned_edges"]); // a->h, b->h, h->f
        Assert.Contains("\"ground_truth\":\"sqrt(1\\u002Ba**2\\u002Bb**2)\"", doc.ConfigJson);
        // independent of the module's own verdict: the printed formula, read back, is the law at points of our choosing
        var formula = Expr.Parse(doc.Formula!.Text, ["a", "b"]).Compile(["a", "b"]);
        foreach (var p in new[] { new[] { -1.0, 1.0 }, [0.3, -0.7], [0.0, 0.0], [0.9, 0.25] })
            Assert.Equal(eq.Evaluate(p), formula(p), 1e-9);
        Assert.False(string.IsNullOrEmpty(doc.Formula.Latex));
    }

    [Fact]
    public void I_12_11_is_recovered_exactly_through_the_law_search_guided_by_the_network()
    {
        // 1 + a sin(theta): the KAN alone snaps its product badly at this budget; the law search takes the functions of
        // the network's first-layer edges (and, failing that, every feature kind) and finds the two-term law
        var doc = Run(0, ("equation", "I.12.11"), ("widths", "auto"), ("validation", "0"), ("train", "200"), ("test", "200"), ("grids", "3,5"),
            ("steps", "20"), ("sparse_steps", "20"), ("retrain_steps", "20"), ("restarts", "1"));
        Assert.Equal(1, doc.Metrics["exact"]);
        Assert.Equal(0, doc.Metrics["exact_kan"]);
        Assert.True(doc.Metrics["law_search"] is 1 or 2);
        Assert.True(doc.Metrics["formula_test_rmse"] < 1e-12, $"formula RMSE {doc.Metrics["formula_test_rmse"]:E3}");
        Assert.Equal("a*sin(theta) + 1", doc.Formula!.Text);
        var formula = Expr.Parse(doc.Formula.Text, ["a", "theta"]).Compile(["a", "theta"]);
        var eq = FeynmanCatalog.Get("I.12.11");
        foreach (var p in new[] { new[] { -1.0, 0.1 }, [0.3, 4.0], [0.0, 0.0], [0.9, 2.5] })
            Assert.Equal(eq.Evaluate(p), formula(p), 1e-12);
    }

    [Fact]
    public void The_first_layer_grids_end_at_the_samples_unless_asked_for_the_sampling_ranges()
    {
        (string, string)[] small = [("equation", "III.10.19"), ("widths", "2,1,1"), ("train", "200"), ("test", "50"), ("grids", "3,5"),
            ("steps", "5"), ("sparse_steps", "5"), ("retrain_steps", "0"), ("restarts", "1"), ("law_search", "off")];
        var eq = FeynmanCatalog.Get("III.10.19");
        // the default, grid_range=samples: the grids end at the training samples, strictly inside the ranges
        var samples = Run(0, small).Model!.Layers[0];
        for (int i = 0; i < 2; i++)
        {
            Assert.True(samples.Basis(i).GridMin > eq.Ranges[i].Lo, $"input {i} grid starts at {samples.Basis(i).GridMin}");
            Assert.True(samples.Basis(i).GridMax < eq.Ranges[i].Hi, $"input {i} grid ends at {samples.Basis(i).GridMax}");
        }
        // grid_range=ranges: they run from each range's low end to its high end
        var ranges = Run(0, [.. small, ("grid_range", "ranges")]).Model!.Layers[0];
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(eq.Ranges[i].Lo, ranges.Basis(i).GridMin);
            Assert.Equal(eq.Ranges[i].Hi, ranges.Basis(i).GridMax);
        }
    }

    [Fact]
    public void Both_shapes_train_and_the_one_better_on_held_out_rows_is_reported()
    {
        var doc = Run(0, ("equation", "III.10.19"), ("widths", "both"), ("validation", "0.25"), ("train", "160"), ("test", "100"),
            ("grids", "3,5"), ("steps", "10"), ("sparse_steps", "10"), ("retrain_steps", "5"), ("restarts", "1"), ("law_search", "off"));
        double v0 = doc.Metrics["validation_rmse_shape0"], v1 = doc.Metrics["validation_rmse_shape1"];
        Assert.True(double.IsFinite(v0) && double.IsFinite(v1), $"held-out RMSEs {v0} and {v1}");
        int chosen = v1 < v0 ? 1 : 0;
        Assert.Equal(chosen, doc.Metrics["chosen_shape"]);
        // the chosen run's stages carry the held-out RMSE of each grid; the kept grid's is the reported one
        var heldOut = doc.Training["validation_rmse"];
        Assert.Equal(doc.Training["test_rmse"].Length, heldOut.Length);
        Assert.Equal(doc.Metrics["validation_rmse"], heldOut.Where(double.IsFinite).Min());
        Assert.Equal(Math.Min(v0, v1), doc.Metrics["validation_rmse"]);
        Assert.Equal(doc.Metrics[$"test_rmse_shape{chosen}"], doc.Metrics["test_rmse"]);
        Assert.NotEqual(doc.Metrics["test_rmse_shape0"], doc.Metrics["test_rmse_shape1"]);
        // the model written is the chosen shape's: two layers for [2,5,1], three for [2,5,5,1]
        Assert.Equal(chosen == 0 ? 2 : 3, doc.Model!.Layers.Count);
    }

    [Fact]
    public void Default_trains_three_start_shapes_and_reports_the_one_best_on_held_out_rows()
    {
        var doc = Run(0, ("equation", "III.10.19"), ("validation", "0.25"), ("train", "160"), ("test", "100"),
            ("grids", "3,5"), ("steps", "10"), ("sparse_steps", "10"), ("retrain_steps", "5"), ("restarts", "1"), ("law_search", "off"));
        var v = Enumerable.Range(0, 3).Select(i => doc.Metrics[$"validation_rmse_shape{i}"]).ToArray();
        Assert.All(v, x => Assert.True(double.IsFinite(x), $"held-out RMSEs {string.Join(", ", v)}"));
        Assert.False(doc.Metrics.ContainsKey("validation_rmse_shape3"));
        int chosen = Array.IndexOf(v, v.Min());
        Assert.Equal(chosen, doc.Metrics["chosen_shape"]);
        Assert.Equal(doc.Metrics[$"test_rmse_shape{chosen}"], doc.Metrics["test_rmse"]);
        // the shapes are auto [2,5,1], deep [2,5,5,1] and narrow [2,3,1], in that order: the written model has the
        // chosen one's depth (pruning may narrow it, never deepen it)
        Assert.Equal(chosen == 1 ? 3 : 2, doc.Model!.Layers.Count);
        Assert.True(doc.Model.Widths[1] <= (chosen == 2 ? 3 : 5), $"hidden width {doc.Model.Widths[1]} for shape {chosen}");
    }

    [Fact]
    public void Shape_lists_mix_keywords_and_explicit_widths_and_train_each_shape_once()
    {
        // auto is [2,5,1], so the explicit 2,5,1 repeats it; both adds deep
        var doc = Run(0, ("equation", "I.12.11"), ("widths", "auto; 2,5,1 ;both"), ("validation", "0.25"), ("train", "120"), ("test", "50"),
            ("grids", "3"), ("steps", "5"), ("sparse_steps", "5"), ("retrain_steps", "5"), ("restarts", "1"), ("law_search", "off"));
        Assert.True(doc.Metrics.ContainsKey("test_rmse_shape1"));
        Assert.False(doc.Metrics.ContainsKey("test_rmse_shape2"));
        var single = Run(0, ("equation", "I.12.11"), ("widths", "narrow"), ("validation", "0.25"), ("train", "120"), ("test", "50"),
            ("grids", "3"), ("steps", "5"), ("sparse_steps", "5"), ("retrain_steps", "5"), ("restarts", "1"), ("law_search", "off"));
        Assert.False(single.Metrics.ContainsKey("chosen_shape"));
        Assert.True(single.Model!.Widths[1] <= 3, $"narrow start pruned to {single.Model.Widths[1]} hidden nodes");
    }

    [Fact]
    public void Law_search_can_be_turned_off_and_rejects_unknown_modes()
    {
        var doc = Run(0, ("equation", "I.12.11"), ("widths", "auto"), ("validation", "0"), ("train", "100"), ("test", "100"), ("grids", "3"),
            ("steps", "5"), ("sparse_steps", "5"), ("retrain_steps", "5"), ("restarts", "1"), ("law_search", "off"));
        Assert.Equal(0, doc.Metrics["law_search"]);
        Assert.Equal(0, doc.Metrics["exact"]);
        var e = Assert.Throws<ProblemSettingException>(() => Run(0, ("equation", "I.12.11"), ("law_search", "maybe")));
        Assert.Contains("law_search", e.Message);
        Assert.Contains("maybe", e.Message);
    }

    [Fact]
    public void Formula_setting_overrides_equation_with_its_variables_and_ranges()
    {
        var t = Module.ResolveTarget(Options(("equation", "I.6.2"), ("formula", "1+a*sin(theta)"), ("ranges", "-1:1; 0:2*pi")));
        Assert.Equal("formula", t.Source);
        Assert.Equal(["a", "theta"], t.Variables);
        Assert.Equal((-1.0, 1.0), t.Ranges[0]);
        Assert.Equal((0.0, 2 * Math.PI), t.Ranges[1]);
        Assert.Equal(1 + 0.5 * Math.Sin(2.0), t.Evaluate([0.5, 2.0]), 15);
        Assert.Null(t.Paper);

        // explicit variable order and one range for all
        var u = Module.ResolveTarget(Options(("formula", "x/y"), ("variables", "y,x"), ("ranges", "1:2")));
        Assert.Equal(["y", "x"], u.Variables);
        Assert.Equal([(1.0, 2.0), (1.0, 2.0)], u.Ranges);
        Assert.Equal(3.0 / 2.0, u.Evaluate([2.0, 3.0]), 15);
    }

    [Fact]
    public void Ai_feynman_and_table_2_ids_resolve_to_their_rows()
    {
        var ai = Module.ResolveTarget(Options(("ai_equation", "I.6.2a")));
        Assert.Equal("ai_feynman", ai.Source);
        Assert.Equal(["theta"], ai.Variables);
        Assert.Equal((1.0, 3.0), ai.Ranges[0]);
        Assert.Equal(Math.Exp(-2.0) / Math.Sqrt(2 * Math.PI), ai.Evaluate([2.0]), 14);

        var t2 = Module.ResolveTarget(Options(("equation", "I.12.11"), ("ranges", "-2:2;0:pi")));
        Assert.Equal("table2", t2.Source);
        Assert.Same(FeynmanCatalog.Get("I.12.11"), t2.Paper);
        Assert.Equal((-2.0, 2.0), t2.Ranges[0]);
        Assert.Equal((0.0, Math.PI), t2.Ranges[1]);
    }

    [Theory]
    [InlineData("formula", "1+*a", "ranges", "-1:1", "formula", "'1+*a'")]
    [InlineData("formula", "a*b", "ranges", "1:0;0:1", "ranges", "'1:0;0:1'")]
    [InlineData("formula", "a*b", "ranges", "abc", "ranges", "'abc'")]
    [InlineData("formula", "a*b", "ranges", "0:1;0:1;0:1", "ranges", "3 ranges for 2 variables")]
    [InlineData("formula", "a*b", "variables", "a,b", "ranges", "is needed with formula")]
    [InlineData("formula", "log(x)", "ranges", "-2:-1", "ranges", "not finite")]
    [InlineData("equation", "I.99.9", "steps", "5", "equation", "'I.99.9'")]
    [InlineData("ai_equation", "nope", "steps", "5", "ai_equation", "'nope'")]
    [InlineData("equation", "I.12.11", "widths", "3,5,1", "widths", "'3,5,1'")]
    [InlineData("equation", "I.12.11", "widths", "auto;wide", "widths", "'wide'")]
    [InlineData("equation", "I.12.11", "widths", "2,0,1", "widths", "'2,0,1'")]
    [InlineData("equation", "I.12.11", "widths", " ; ", "widths", "names no shape")]
    [InlineData("equation", "I.12.11", "library", "sin,foo", "library", "'foo'")]
    [InlineData("formula", "a*b", "widths", "paper", "widths", "needs a Table 2 equation")]
    [InlineData("equation", "I.12.11", "validation", "0.9", "validation", "'0.9'")]
    [InlineData("equation", "I.12.11", "screen_steps", "-2", "screen_steps", "'-2'")]
    [InlineData("equation", "I.12.11", "lambda", "0.001,x", "lambda", "'x'")]
    [InlineData("equation", "I.12.11", "grid_eps", "2", "grid_eps", "'2'")]
    [InlineData("equation", "I.12.11", "lambda_scale", "var", "lambda_scale", "'var'")]
    [InlineData("equation", "I.12.11", "grid_range", "data", "grid_range", "'data'")]
    [InlineData("equation", "I.12.11", "grid_patience", "-1", "grid_patience", "'-1'")]
    public void Bad_settings_name_the_key_and_the_value(string key1, string value1, string key2, string value2, string badKey, string message)
    {
        var settings = new List<(string, string)> { (key1, value1), (key2, value2) };
        if (key1 == "formula" && key2 != "ranges" && badKey != "ranges") settings.Add(("ranges", "1:2"));
        var e = Assert.Throws<ProblemSettingException>(() => Run(0, [.. settings]));
        Assert.Equal(badKey, e.Key);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("feynman.json", 0)]
    [InlineData("feynman-seed1.json", 1)]
    [InlineData("feynman-seed2.json", 2)]
    public void The_job_files_sweep_every_table_2_equation_with_the_defaults(string file, int seed)
    {
        var jobs = JobFile.Load(RepositoryFile.PathOf("problems", "jobs", file), new ProblemRegistry(ProblemCatalog.All));
        Assert.All(jobs, j => Assert.Equal("feynman", j.Problem));
        Assert.All(jobs, j => Assert.Equal(seed, j.Seed));
        // the module's defaults: no setting but the equation
        Assert.All(jobs, j => Assert.Equal(["equation"], j.Settings.Keys));
        Assert.Equal(FeynmanCatalog.All.Select(e => e.Id).Order(), jobs.Select(j => j.Settings["equation"]).Order());
    }

    [Fact]
    public void The_ai_feynman_job_file_sweeps_all_120_equations_with_the_defaults()
    {
        var jobs = JobFile.Load(RepositoryFile.PathOf("problems", "jobs", "feynman-ai.json"), new ProblemRegistry(ProblemCatalog.All));
        Assert.All(jobs, j => Assert.Equal(["ai_equation"], j.Settings.Keys));
        Assert.Equal(AiFeynmanTable.All.Select(e => e.Id).Order(), jobs.Select(j => j.Settings["ai_equation"]).Order());
        Assert.Equal(120, jobs.Count);
    }

    [Fact]
    public void When_the_budget_runs_out_the_best_formula_so_far_is_written_with_its_status()
    {
        // a 6-variable law with the default shapes and schedule and a 10 s budget: training stops at 7 s, whatever
        // stage it is in, and the result still carries a formula and says what was cut
        // (direct = off: the direct search finds this dot product on the raw data in a second, before any network)
        var doc = Run(0, ("ai_equation", "I.11.19"), ("train", "300"), ("test", "100"), ("budget", "10"), ("direct", "off"));
        Assert.Equal(1, doc.Metrics["budget_exhausted"]);
        Assert.StartsWith("budget of 10 s ran out: ", doc.Notes["status"]);
        Assert.NotNull(doc.Formula);
        Assert.True(double.IsFinite(doc.Metrics["formula_test_rmse"]));
        Assert.True(double.IsFinite(doc.Metrics["test_rmse"]));
    }

    [Fact]
    public void An_ai_feynman_law_found_on_the_raw_data_skips_the_networks()
    {
        // I.12.2, Coulomb's law q1 q2 / (4 pi epsilon r^2): a rational law of the variables, found by the direct search
        var doc = Run(0, ("ai_equation", "I.12.2"), ("train", "300"), ("test", "200"));
        Assert.Equal(1, doc.Metrics["exact"]);
        Assert.Equal(4, doc.Metrics["law_search"]);
        Assert.Equal(0, doc.Metrics["budget_exhausted"]);
        Assert.Null(doc.Model);
        Assert.StartsWith("found by the direct search (", doc.Notes["direct"]);
        Assert.Equal("complete", doc.Notes["status"]);
        // the printed law, read back, is Coulomb's law at points of our choosing, and its constant is a symbol
        string[] names = ["q1", "q2", "epsilon", "r"];
        var law = Expr.Parse(doc.Formula!.Text, names).Compile(names);
        foreach (var p in new[] { new[] { 1.0, 2.0, 3.0, 4.0 }, [4.5, 1.2, 2.2, 1.1] })
            Assert.Equal(p[0] * p[1] / (4 * Math.PI * p[2] * p[3] * p[3]), law(p), 1e-12);
        Assert.Contains("pi", doc.Formula.Text);
        Assert.True(doc.Metrics["formula_test_rmse"] < 1e-12);
    }

    [Fact]
    public void Direct_only_reports_no_formula_when_no_search_expresses_the_law_and_table_2_runs_skip_it()
    {
        // 1/(exp(x/y) - 1) is in none of the direct searches: with direct = only the result says so, without a formula
        var doc = Run(0, ("formula", "1/(exp(x/y) - 1)"), ("ranges", "1:3"), ("train", "200"), ("test", "100"), ("direct", "only"));
        Assert.Null(doc.Formula);
        Assert.Null(doc.Model);
        Assert.Equal(0, doc.Metrics["law_search"]);
        Assert.Equal(0, doc.Metrics["exact"]);
        Assert.StartsWith("direct = only: no exact law in the direct search", doc.Notes["status"]);
        // a Table 2 equation with the default (auto) trains its network even when its law is a plain polynomial
        var table2 = Run(0, ("equation", "I.12.11"), ("widths", "2,1,1"), ("train", "200"), ("test", "100"), ("grids", "3"), ("steps", "5"),
            ("sparse_steps", "5"), ("retrain_steps", "0"), ("restarts", "1"), ("law_search", "off"));
        Assert.NotNull(table2.Model);
        Assert.False(table2.Notes.ContainsKey("direct"));
        var bad = Assert.Throws<ProblemSettingException>(() => Run(0, ("ai_equation", "I.12.2"), ("direct", "sometimes")));
        Assert.Equal("direct", bad.Key);
    }

    [Fact]
    public void A_product_law_gets_a_product_start_shape_from_its_structure()
    {
        // the structure of x*y*sin(z): three single-variable factors; of (a+b)*c: two factors, the first a sum
        var names = new[] { "x", "y", "z" };
        Kan.Physics.Interpretation.StructureReport Structure(string formula)
        {
            var f = Expr.Parse(formula, names);
            var rng = new Random(1);
            int n = 100;
            var x = Enumerable.Range(0, 3 * n).Select(_ => 0.5 + rng.NextDouble()).ToArray();
            var jet = new Kan.Physics.Jets.JetBlock(n, 1, 3, 2);
            var g = names.Select(a => f.Differentiate(a)).ToArray();
            for (int s = 0; s < n; s++)
            {
                var p = x.AsSpan(3 * s, 3).ToArray();
                var at = new Dictionary<string, double> { ["x"] = p[0], ["y"] = p[1], ["z"] = p[2] };
                jet.Value(s, 0) = f.Evaluate(at);
                for (int a = 0; a < 3; a++)
                {
                    jet.Gradient(s, 0, a) = g[a].Evaluate(at);
                    for (int b = a; b < 3; b++) jet.Hessian(s, 0, a, b) = g[a].Differentiate(names[b]).Evaluate(at);
                }
            }
            return Kan.Physics.Interpretation.StructureDetection.Analyze(x, jet);
        }
        var product = FeynmanProblem.ProductShape(Structure("x*y*sin(z)"), 3);
        Assert.Equal("[3,[0,1]]", NodeWidth.FormatList(product!.Value.Shape));
        Assert.Equal(3, product.Value.Arity);
        var grouped = FeynmanProblem.ProductShape(Structure("(x + y)*z"), 3);
        Assert.Equal(("[3,[0,1]]", 2), (NodeWidth.FormatList(grouped!.Value.Shape), grouped.Value.Arity));
        var inner = FeynmanProblem.ProductShape(Structure("sin(x*y)*z"), 3);
        Assert.Equal(("[3,6,[0,1]]", 2), (NodeWidth.FormatList(inner!.Value.Shape), inner.Value.Arity));
        Assert.Null(FeynmanProblem.ProductShape(Structure("x + y*z"), 3));
    }

    [Fact]
    public void Report_lists_feynman_results_in_table_2_order_and_ignores_other_problems()
    {
        var dir = Path.Combine(Path.GetTempPath(), "feynman-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            static ResultDocument Doc(string id, double rmse, bool exact, string? formula, int[] widths, double seconds) => new()
            {
                Problem = "feynman", Seed = 3, WallSeconds = seconds,
                ConfigJson = $"{{\"equation_id\":\"{id}\"}}",
                Metrics = new Dictionary<string, double>
                {
                    ["test_rmse"] = rmse, ["exact"] = exact ? 1 : 0, ["formula_test_rmse"] = formula is null ? double.NaN : 1.5e-15,
                    ["paper_pruned_kan_rmse"] = FeynmanCatalog.Get(id).PrunedKanTestRmse, ["paper_mlp_rmse"] = FeynmanCatalog.Get(id).MlpTestRmse,
                    ["law_search"] = formula is null ? 0 : 1, ["exact_kan"] = 0,
                },
                Model = KanNetwork.Create(widths),
                Formula = formula is null ? null : new FormulaData { Text = formula, Latex = formula },
            };
            // file names in the opposite order to Table 2's, to see that the table sorts by the paper's order
            ResultFile.Write(Path.Combine(dir, "a.h5"), Doc("III.10.19", 2.5e-4, true, "sqrt(1 + a^2 + b^2)", [2, 1, 1], 12.34));
            ResultFile.Write(Path.Combine(dir, "b.h5"), Doc("I.6.2", 3.0e-3, false, null, [2, 5, 1], 20));
            ResultFile.Write(Path.Combine(dir, "c.h5"), new ResultDocument { Problem = "toy-formula", ConfigJson = "{\"equation_id\":\"I.9.18\"}" });

            string path = FeynmanReport.Write(dir);
            Assert.Equal(Path.Combine(dir, "feynman-summary.md"), path);
            var lines = File.ReadAllLines(path);
            var rows = lines.Where(l => l.StartsWith("| I", StringComparison.Ordinal)).ToArray();
            Assert.Equal(2, rows.Length);
            Assert.Equal("| I.6.2 | 3 | 3.00e-3 | 2.86e-5 | 1.45e-4 | [2,5,1] | - | - | no | - | - | 20.0 |", rows[0]);
            Assert.Equal("| III.10.19 | 3 | 2.50e-4 | 1.18e-3 | 1.67e-4 | [2,1,1] | `sqrt(1 + a^2 + b^2)` | 1.50e-15 | yes | search | - | 12.3 |", rows[1]);
            Assert.Contains(lines, l => l.StartsWith("2 results, 1 exact formulas (0 straight from auto-symbolic", StringComparison.Ordinal));
            // III.10.19's 2.5e-4 is below the paper's 1.18e-3, I.6.2's 3.0e-3 above its 2.86e-5
            Assert.Contains("Pruned KAN test RMSE at or below the paper's: 1 of 2.", lines);
            Assert.DoesNotContain(lines, l => l.Contains("I.9.18", StringComparison.Ordinal));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
