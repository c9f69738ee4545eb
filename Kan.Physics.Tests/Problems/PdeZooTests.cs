using Kan.Physics.Problems.Modules;
using Kan.Physics.Problems.Zoo;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Tests.Problems;

public class PdeZooTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in ZooCatalog.Cases) data.Add(c.Name);
        return data;
    }

    /// <summary>The largest |residual| over the points, and the largest |residual| of u = 0 there (the size of the source).</summary>
    private static (double Exact, double Zero) Residuals(ZooCase zoo, IResidualFunction residual, double[] points, double[]? normals)
    {
        int d = zoo.Dimension, s = zoo.Pde.SpatialDimension, fields = zoo.Pde.Fields;
        var r = new Real[residual.Equations];
        double exact = 0, zero = 0;
        for (int i = 0; i < points.Length / d; i++)
        {
            var x = points.AsSpan(i * d, d);
            var normal = normals is null ? default : normals.AsSpan(i * s, s);
            var jet = zoo.Jet(x, residual.Order).Select(v => new Real(v)).ToArray();
            residual.Evaluate(new PdePoint<Real>(x, normal, jet, fields, s, residual.Order), r);
            foreach (var v in r) exact = Math.Max(exact, Math.Abs(v.Value));
            residual.Evaluate(new PdePoint<Real>(x, normal, new Real[jet.Length], fields, s, residual.Order), r);
            foreach (var v in r) zero = Math.Max(zero, Math.Abs(v.Value));
        }
        return (exact, zero);
    }

    [Theory, MemberData(nameof(Cases))]
    public void TheExactSolutionSatisfiesThePdeAndEveryCondition(string name)
    {
        var zoo = ZooCatalog.Find(name);
        var points = ZooPoints.For(zoo.Dimension);
        // the PDE at every collocation point, to round-off relative to the size of the source and of the solution's jet
        var (pde, source) = Residuals(zoo, zoo.Pde, zoo.Interior(points.Interior, 0), null);
        Assert.True(pde <= 1e-11 * Math.Max(1, source) * 100, $"{name}: PDE residual {pde:E2} (source up to {source:E2})");
        var conditions = zoo.Conditions(points, 0);
        Assert.NotEmpty(conditions);
        foreach (var c in conditions)
        {
            var (r, data) = Residuals(zoo, c, c.Points, c.Normals);
            Assert.True(r <= 1e-12 * Math.Max(1, data) * 100, $"{name}: condition {c.Name} residual {r:E2}");
            // every condition point is on the domain's boundary or its initial slice, never inside
            int d = zoo.Dimension;
            for (int i = 0; i < c.Points.Length / d; i++)
            {
                var x = c.Points.AsSpan(i * d, d);
                bool initial = zoo.Domain is Kan.Physics.Solvers.Geometry.TimeDomain time && time.OnInitial(x);
                Assert.True(initial || zoo.Domain.OnBoundary(x), $"{name}: condition {c.Name} point {i} is not on the boundary");
            }
        }
        foreach (var p in zoo.Periodic(points, 0))
        {
            int d = zoo.Dimension;
            for (int i = 0; i < p.PointsA.Length / d; i++)
            {
                var a = p.PointsA.AsSpan(i * d, d);
                var b = p.PointsB.AsSpan(i * d, d);
                Assert.Equal(zoo.U(a, p.Field), zoo.U(b, p.Field), 12);
                Assert.Equal(zoo.Gradient(a, p.Field)[p.Axis], zoo.Gradient(b, p.Field)[p.Axis], 11);
            }
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void TheExactJetAgreesWithFiniteDifferences(string name)
    {
        var zoo = ZooCatalog.Find(name);
        int d = zoo.Dimension, fields = zoo.Pde.Fields, m = 1 + d + d * (d + 1) / 2;
        const double h = 1e-4;
        foreach (var x in zoo.Interior(5, 7).Chunk(d))
        {
            var jet = zoo.Jet(x, 2);
            for (int f = 0; f < fields; f++)
            {
                double U(double[] y) => zoo.U(y, f);
                double Shifted(int a, double da, int b, double db)
                {
                    var y = (double[])x.Clone();
                    y[a] += da;
                    y[b] += db;
                    return U(y);
                }
                Assert.Equal(U(x), jet[f * m], 14);
                double scale = 1 + Math.Abs(jet[f * m]);
                for (int p = 0, a = 0; a < d; a++)
                {
                    const double h1 = 1e-5;
                    double first = (Shifted(a, h1, a, 0) - Shifted(a, -h1, a, 0)) / (2 * h1);
                    Assert.True(Math.Abs(first - jet[f * m + 1 + a]) <= 1e-6 * (scale + Math.Abs(first)), $"{name} field {f}: d/dx{a} {jet[f * m + 1 + a]} vs {first}");
                    for (int b = a; b < d; b++, p++)
                    {
                        double second = (Shifted(a, h, b, h) - Shifted(a, h, b, -h) - Shifted(a, -h, b, h) + Shifted(a, -h, b, -h)) / (4 * h * h);
                        double exact = jet[f * m + 1 + d + p];
                        Assert.True(Math.Abs(second - exact) <= 1e-4 * (scale + Math.Abs(exact)), $"{name} field {f}: d2/dx{a}dx{b} {exact} vs {second}");
                    }
                }
            }
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void TheModuleBuildsTheCaseWithTheDefaults(string name)
    {
        var module = (IPdeModule)ProblemCatalog.Find("pde-zoo");
        var setup = module.Build(new ProblemSettings(module.Name, module.Settings, new Dictionary<string, string> { ["case"] = name }), 0);
        var zoo = ZooCatalog.Find(name);
        Assert.Equal([zoo.Dimension, 8, 8, zoo.Pde.Fields], setup.Network.Widths);
        // nothing set: the library's defaults
        Assert.Equal(new PinnOptions().GridSchedule, setup.Options.GridSchedule);
        Assert.Equal(new PinnOptions().UpdateGrid, setup.Options.UpdateGrid);
        Assert.Equal(new PinnOptions().StepsPerGrid, setup.Options.StepsPerGrid);
        Assert.Equal(new PinnOptions().NormalizePde, setup.Options.NormalizePde);
        Assert.Null(setup.Problem.Input);
        Assert.Equal(ZooPoints.For(zoo.Dimension).Interior, setup.Problem.CollocationPoints.Length / zoo.Dimension);
        var reference = setup.Problem.Reference!;
        Assert.Equal(zoo.FieldNames, reference.FieldNames);
        Assert.NotNull(reference.Gradients);
        for (int i = 0; i < reference.Count; i += 97)
            for (int f = 0; f < reference.Fields; f++)
                Assert.Equal(zoo.U(reference.Points.AsSpan(i * zoo.Dimension, zoo.Dimension), f), reference.Values[i * reference.Fields + f], 15);
    }

    [Fact]
    public void TheZooCoversTheKindsTheIssueAsksFor()
    {
        var cases = ZooCatalog.Cases;
        Assert.True(cases.Count >= 15);
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
        foreach (var kind in new[] { "elliptic", "parabolic", "hyperbolic", "multi-scale", "nonlinear", "system" })
            Assert.Contains(cases, c => c.Kind == kind);
        Assert.Contains(cases, c => c.Pde.SpatialDimension == 3);
        Assert.Contains(cases, c => c.Pde.SpatialDimension == 1 && !c.Pde.IsTimeDependent);
        var points = new ZooPoints(64, 64, 32);
        var conditions = cases.SelectMany(c => c.Conditions(points, 0)).ToList();
        Assert.Contains(conditions, c => c is RobinCondition);
        Assert.Contains(conditions, c => c is NeumannCondition);
        Assert.Contains(conditions, c => c is InitialCondition);
        Assert.Contains(cases, c => c.Periodic(points, 0).Count > 0);
        Assert.Contains(cases, c => c.UpToConstant?.Contains(true) == true);
    }

    [Fact]
    public void SettingsOverrideSingleDefaultsAndDefaultMeansTheLibrarys()
    {
        var module = (IPdeModule)ProblemCatalog.Find("pde-zoo");
        PdeSetup Build(Dictionary<string, string> values) => module.Build(new ProblemSettings(module.Name, module.Settings, values), 3);
        var set = Build(new()
        {
            ["case"] = "kovasznay", ["grids"] = "5,10", ["steps"] = "7", ["update_grid"] = "0", ["update_every"] = "3", ["update_stop"] = "9",
            ["grid_eps"] = "1", ["alpha"] = "0.25", ["normalize"] = "0", ["hidden"] = "6", ["grid"] = "4", ["points"] = "100", ["scale"] = "1",
            ["fit_grid"] = "0", ["rollback"] = "0", ["stall"] = "3", ["doublings"] = "1",
        });
        Assert.False(set.Options.FitGridToInputs);
        Assert.False(set.Options.GridUpdateRollback);
        Assert.Equal(3, set.Options.StallWindow);
        Assert.Equal(1, set.Options.GridDoublings);
        Assert.Equal([5, 10], set.Options.GridSchedule);
        Assert.Equal(7, set.Options.StepsPerGrid);
        Assert.False(set.Options.UpdateGrid);
        Assert.Equal(3, set.Options.GridUpdateEvery);
        Assert.Equal(9, set.Options.StopGridUpdateStep);
        Assert.Equal(1.0, set.Options.GridEps);
        Assert.False(set.Options.NormalizePde);
        Assert.Equal(0.25, set.Problem.InteriorWeight);
        Assert.Equal([2, 6, 3], set.Network.Widths);
        Assert.Equal(4, set.Network.Layers[0].GridSize);
        Assert.Equal(100, set.Problem.CollocationPoints.Length / 2);
        Assert.IsType<ScaledEmbedding>(set.Problem.Input);
        // the embedding takes the bounding box [-0.5, 1] x [-0.5, 1.5] onto [-1, 1]^2
        Assert.All(set.Problem.Input!.Embed([-0.5, 1.5, 1.0, -0.5]).Zip([-1.0, 1.0, 1.0, -1.0]), p => Assert.Equal(p.Second, p.First, 14));

        // without grids, doublings decide the schedule: grid 4 doubled once
        Assert.Equal([4, 8], Build(new() { ["case"] = "kovasznay", ["grid"] = "4", ["doublings"] = "1" }).Options.GridsFor(set.Network));
        var unset = Build(new() { ["case"] = "kovasznay", ["update_grid"] = "default", ["alpha"] = "default" });
        Assert.Equal(new PinnOptions().UpdateGrid, unset.Options.UpdateGrid);
        Assert.Equal(new PinnProblem(unset.Problem.Pde, unset.Problem.CollocationPoints, []).InteriorWeight, unset.Problem.InteriorWeight);
        Assert.Equal("default", module.Settings.Describe(new PdeZooOptions())["update_grid"]);
    }

    [Theory]
    [InlineData("update_grid", "2", "0, 1 or default")]
    [InlineData("steps", "-1", "integer >= 0 or default")]
    [InlineData("grid_eps", "1.5", "in [0, 1] or default")]
    [InlineData("case", "poisson9d", "poisson1d-robin")]
    public void ABadSettingIsNamed(string key, string value, string expected)
    {
        var module = ProblemCatalog.Find("pde-zoo");
        var e = Assert.Throws<ProblemSettingException>(() => new ProblemSettings(module.Name, module.Settings, new Dictionary<string, string> { [key] = value }));
        Assert.Contains(key, e.Message);
        Assert.Contains(value, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ScalingIsRefusedWithPeriodicConditions()
    {
        var module = ProblemCatalog.Find("pde-zoo");
        var e = Assert.Throws<ProblemSettingException>(() => new ProblemSettings(module.Name, module.Settings,
            new Dictionary<string, string> { ["case"] = "advection-periodic", ["scale"] = "1" }));
        Assert.Contains("periodic", e.Message);
    }

    [Fact]
    public void TheJobFileRunsEveryCase()
    {
        var jobs = JobFile.Load(RepositoryFile.PathOf("problems", "jobs", "pde-zoo.json"), new ProblemRegistry(ProblemCatalog.All));
        Assert.All(jobs, j => Assert.Equal("pde-zoo", j.Problem));
        Assert.Equal(ZooCatalog.Cases.Select(c => c.Name), jobs.Select(j => j.Settings["case"]));
    }

    [Fact]
    public void TheCandidatesJobFileParsesAndRunsEveryCaseForEachCandidate()
    {
        var jobs = JobFile.Load(RepositoryFile.PathOf("problems", "jobs", "pde-zoo-candidates.json"), new ProblemRegistry(ProblemCatalog.All));
        // scale=1 cannot run the periodic case
        Assert.Equal(8 * ZooCatalog.Cases.Count + ZooCatalog.Cases.Count - 1, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("pde-zoo", j.Problem));
        Assert.Equal(9, jobs.Select(j => j.Id[..j.Id.IndexOf("-case-", StringComparison.Ordinal)]).Distinct().Count());
    }

    private static ResultDocument Fake(string problem, string settings, string[] fields, double[] relL2, double[] maxAbs, double seconds)
    {
        var doc = new ResultDocument
        {
            Problem = problem,
            WallSeconds = seconds,
            ConfigJson = $$"""{"problem":"{{problem}}","seed":0,"settings":{{{settings}}},"widths":[2,8,8,{{fields.Length}}],"grids":[],"steps_per_grid":50,"stop_reason":"IterationLimit"}""",
            Solution = new SolutionData
            {
                CoordinateNames = ["x", "y"], Coordinates = [0, 0, 1, 1], FieldCount = fields.Length, FieldNames = fields,
                Prediction = new double[2 * fields.Length], Reference = new double[2 * fields.Length], Error = new double[2 * fields.Length],
            },
        };
        doc.Metrics["rel_l2"] = relL2.Max();
        doc.Metrics["max_abs"] = maxAbs.Max();
        if (fields.Length > 1)
            for (int f = 0; f < fields.Length; f++) { doc.Metrics["rel_l2_" + fields[f]] = relL2[f]; doc.Metrics["max_abs_" + fields[f]] = maxAbs[f]; }
        doc.Metrics["final_loss"] = 1e-6;
        return doc;
    }

    [Fact]
    public void TheReportTabulatesEveryPdeResultWithOneNumberPerField()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kan-pde-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            ResultFile.Write(Path.Combine(dir, "a.h5"), Fake("pde-zoo", "\"case\":\"kovasznay\",\"update_grid\":\"default\"", ["u", "v", "p"], [1e-3, 2e-3, 3.5e-4], [4e-3, 5e-3, 6e-3], 12.0));
            ResultFile.Write(Path.Combine(dir, "b.h5"), Fake("pde-zoo", "\"case\":\"poisson1d-robin\"", ["u"], [5e-4], [7e-4], 2.5));
            ResultFile.Write(Path.Combine(dir, "c.h5"), Fake("diffusion1d", "\"steps\":\"50\",\"alpha\":\"0.5\"", ["u"], [7e-5], [1e-4], 60));
            ResultFile.Write(Path.Combine(dir, "d.h5"), new ResultDocument { Problem = "toy-formula" });
            ResultFile.Write(Path.Combine(dir, "e.h5"), Fake("pde-zoo", "\"case\":\"poisson1d-robin\",\"update_grid\":\"0\"", ["u"], [2e-2], [3e-2], 1.0));
            string path = PdeReport.Write(dir);
            Assert.Equal(Path.Combine(dir, PdeReport.FileName), path);
            var lines = File.ReadAllLines(path);
            Assert.Contains("| problem | case | settings | widths | grids x steps | rel. L2 | max error | stop | time (s) |", lines);
            var rows = lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| problem", StringComparison.Ordinal)).ToList();
            Assert.Equal(4, rows.Count);
            // the settings that differ from the module's defaults name the group
            Assert.Equal("| diffusion1d | - | alpha=0.5 | [2,8,8,1] | - x 50 | 7.0e-5 | 1.0e-4 | IterationLimit | 60.0 |", rows[0]);
            // zoo cases in catalogue order within a group; a case above the target in bold
            Assert.Equal("| pde-zoo | poisson1d-robin | defaults | [2,8,8,1] | - x 50 | 5.0e-4 | 7.0e-4 | IterationLimit | 2.5 |", rows[1]);
            Assert.Equal("| pde-zoo | kovasznay | defaults | [2,8,8,3] | - x 50 | **u 1.0e-3, v 2.0e-3, p 3.5e-4** | u 4.0e-3, v 5.0e-3, p 6.0e-3 | IterationLimit | 12.0 |", rows[2]);
            Assert.Equal("| pde-zoo | poisson1d-robin | update_grid=0 | [2,8,8,1] | - x 50 | **2.0e-2** | 3.0e-2 | IterationLimit | 1.0 |", rows[3]);
            Assert.Contains(lines, l => l.StartsWith("pde-zoo (defaults): 2 results; 1 of 2 at rel. L2 <= 1.0e-3", StringComparison.Ordinal) && l.Contains("worst: kovasznay at 2.0e-3"));
            Assert.Contains(lines, l => l.StartsWith("pde-zoo (update_grid=0): 1 results; 0 of 1", StringComparison.Ordinal) && l.Contains("worst: poisson1d-robin at 2.0e-2"));
            Assert.Contains(lines, l => l.StartsWith("diffusion1d (alpha=0.5): 1 results; 1 of 1", StringComparison.Ordinal));
        }
        finally { Directory.Delete(dir, true); }
    }
}
