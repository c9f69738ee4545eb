using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Tests.Problems;

public class WaveModuleTests
{
    private static PdeSetup Build(Dictionary<string, string> settings)
    {
        var m = (IPdeModule)ProblemCatalog.Find("wave1d-multiscale");
        return m.Build(new ProblemSettings(m.Name, m.Settings, settings), 0);
    }

    [Fact]
    public void AMarchedJobWritesTheMarchedSolutionWithWallsAndStartExact()
    {
        var setup = Build(new Dictionary<string, string> { ["points"] = "128", ["steps"] = "3", ["grids"] = "5", ["march"] = "3" });
        Assert.Equal(3, setup.Marching!.Windows);
        Assert.Equal(2, setup.Marching.TimeDerivatives);
        string dir = Path.Combine(Path.GetTempPath(), "kan-wave-" + Guid.NewGuid().ToString("N"));
        try
        {
            var context = new ProblemContext
            {
                Job = new JobSpec("wave-test", "wave1d-multiscale", 0, new Dictionary<string, string>()),
                Settings = new ProblemSettings("wave1d-multiscale", new SettingsSchema<object>(), new Dictionary<string, string>()),
                Checkpoints = new CheckpointStore(Path.Combine(dir, "ckpt")),
            };
            var doc = PdeJob.Run(context, setup);
            var reference = setup.Problem.Reference!;
            // the stored prediction and the headline error are the marched solution's, over all three windows
            var prediction = doc.Solution!.Prediction;
            var errors = ErrorMetrics.Compute(prediction, null, reference);
            Assert.Equal(errors.RelativeL2, doc.Metrics["rel_l2"], 10);
            Assert.Equal(3 * 3, doc.Training["step"].Length);
            Assert.Equal(Enumerable.Range(1, 9).Select(i => (double)i), doc.Training["step"]);
            // walls and initial value hold exactly in every window: the mesh's x = 0 and x = 1 columns and its t = 0 row
            for (int p = 0; p < reference.Count; p++)
            {
                double x = reference.Points[2 * p], t = reference.Points[2 * p + 1];
                if (x == 0 || x == 1) Assert.Equal(0.0, prediction[p], 12);
                if (t == 0) Assert.Equal(reference.Values[p], prediction[p], 12);
            }
            Assert.False(File.Exists(Path.Combine(dir, "ckpt", PdeJob.CheckpointName)));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void MarchZeroIsOneSolveAndBadSettingsAreNamed()
    {
        Assert.Null(Build(new Dictionary<string, string> { ["points"] = "64", ["march"] = "0" }).Marching);
        var fourier = Build(new Dictionary<string, string> { ["points"] = "64", ["fourier"] = "2" });
        Assert.Equal(2 + 2 * 2 * 2, fourier.Network.InputDimension);
        var e = Assert.Throws<ProblemSettingException>(() => Build(new Dictionary<string, string> { ["fourier"] = "2", ["characteristic"] = "1" }));
        Assert.Contains("characteristic", e.Message);
    }
}
