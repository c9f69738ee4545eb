using Kan.Physics.Problems.Modules;
using Kan.Physics.Problems.References;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Tests.Problems;

public class InverseModuleTests
{
    [Fact]
    public void BurgersSamplesAreDistinctMeshPointsOfTheColeHopfSolutionWithSeededNoise()
    {
        var (mesh, u) = BurgersInverse.Mesh();
        var clean = BurgersInverse.Samples(mesh, u, 300, 0, seed: 4);
        Assert.Equal(300, clean.Count);
        Assert.Equal(300, Enumerable.Range(0, 300).Select(i => (clean.Points[2 * i], clean.Points[2 * i + 1])).Distinct().Count());
        for (int i = 0; i < 300; i += 37)
            Assert.Equal(BurgersReference.Evaluate(clean.Points[2 * i], clean.Points[2 * i + 1], BurgersInverse.TrueL2), clean.Values[i], 12);
        var noisy = BurgersInverse.Samples(mesh, u, 300, 0.01, seed: 4);
        Assert.Equal(clean.Points, noisy.Points);
        Assert.Equal(noisy.Values, BurgersInverse.Samples(mesh, u, 300, 0.01, seed: 4).Values);
        Assert.NotEqual(noisy.Values, BurgersInverse.Samples(mesh, u, 300, 0.01, seed: 5).Values);
        // the noise is 1 % of the samples' standard deviation
        double mean = clean.Values.Average(), sd = Math.Sqrt(clean.Values.Sum(v => (v - mean) * (v - mean)) / 299);
        var diff = clean.Values.Zip(noisy.Values, (a, b) => b - a).ToArray();
        double noise = Math.Sqrt(diff.Sum(d => d * d) / diff.Length);
        Assert.InRange(noise / sd, 0.0085, 0.0115);
    }

    private static ResultDocument RunBurgers(Dictionary<string, string> settings, string dir)
    {
        var m = ProblemCatalog.Find("burgers-inverse");
        var context = new ProblemContext
        {
            Job = new JobSpec("burgers-inverse-test", m.Name, 2, settings),
            Settings = new ProblemSettings(m.Name, m.Settings, settings),
            Checkpoints = new CheckpointStore(Path.Combine(dir, Guid.NewGuid().ToString("N"))),
        };
        return m.Run(context);
    }

    [Fact]
    public void TheMultiStartContinuesTheChosenStartBitForBit()
    {
        var small = new Dictionary<string, string> { ["samples"] = "60", ["points"] = "0", ["widths"] = "2,2,1", ["grids"] = "3,5,5", ["steps"] = "4" };
        string dir = Path.Combine(Path.GetTempPath(), "kan-burgers-" + Guid.NewGuid().ToString("N"));
        try
        {
            var screened = RunBurgers(new(small) { ["starts"] = "3", ["start_grids"] = "2" }, dir);
            int chosen = (int)screened.Metrics["chosen_init_seed"];
            Assert.Equal(screened.Metrics[$"start_loss_{chosen}"], Enumerable.Range(0, 3).Min(i => screened.Metrics[$"start_loss_{i}"]));
            // the full solve continued from the chosen start's checkpoint: the same history and values as that start alone
            var alone = RunBurgers(new(small) { ["init_seed"] = chosen.ToString(), ["starts"] = "1" }, dir);
            Assert.Equal(alone.Metrics["param_l1"], screened.Metrics["param_l1"]);
            Assert.Equal(alone.Metrics["param_l2"], screened.Metrics["param_l2"]);
            Assert.Equal(alone.Training["loss"], screened.Training["loss"]);
            // the screen's loss of the chosen start is the loss at the end of its second grid in that history
            Assert.Equal(alone.Training["loss"][2 * 4 - 1], screened.Metrics[$"start_loss_{chosen}"]);
            Assert.True(screened.WallSeconds >= screened.Metrics["screen_seconds"]);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void DiffusionFieldCanKnowTheMeanFluxInsteadOfThePointFlux()
    {
        var m = (IPdeModule)ProblemCatalog.Find("diffusion-field");
        PinnProblem Problem(string flux) => m.Build(new ProblemSettings(m.Name, m.Settings, new Dictionary<string, string> { ["flux"] = flux }), 0).Problem;
        var mean = Assert.IsAssignableFrom<IntegralObservation>(Problem("mean").Conditions[^1]);
        Assert.Equal("mean_flux", mean.Name);
        Assert.Equal(1.0, mean.QuadratureWeights.Sum(), 12);
        Assert.Equal("flux", Problem("point").Conditions[^1].Name);
        // the true k and u satisfy it up to the midpoint rule's error
        var points = mean.Points;
        double rule = points.Select((x, i) => mean.QuadratureWeights[i] * DiffusionField.TrueK(x) * (1 + 0.2 * Math.PI * Math.Cos(Math.PI * x))).Sum();
        Assert.Equal(mean.Values[0], rule, 4);
    }

    [Fact]
    public void TheDiffusionFieldSourceIsMinusTheDerivativeOfTheFlux()
    {
        const double h = 1e-5;
        foreach (double x in new[] { 0.05, 0.3, 0.5, 0.77, 0.95 })
        {
            double Flux(double v) => DiffusionField.TrueK(v) * (DiffusionField.TrueU(v + h) - DiffusionField.TrueU(v - h)) / (2 * h);
            double fd = -(Flux(x + h) - Flux(x - h)) / (2 * h);
            Assert.True(Math.Abs(fd - DiffusionField.Source(x)) < 1e-4, $"x = {x}: central differences {fd:R}, source {DiffusionField.Source(x):R}");
        }
    }
}
