using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Tests.Plotting;

public class ParameterFigureTests
{
    private static ResultDocument Document(bool withTruth)
    {
        var doc = new ResultDocument { Problem = "inverse", Seed = 0 };
        doc.Training["step"] = [1, 2, 3];
        doc.Training["loss"] = [1, 0.1, 0.01];
        doc.Training["param_nu"] = [0.5, 0.2, 0.11];
        if (withTruth) doc.Metrics["true_nu"] = 0.1;
        return doc;
    }

    [Fact]
    public void AnInverseResultGetsAParameterFigureAndTheLossFigureLeavesTheCoefficientsOut()
    {
        foreach (bool truth in new[] { true, false })
        {
            string dir = Path.Combine(Path.GetTempPath(), "kan-param-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var written = ResultFigures.Draw(Document(truth), Path.Combine(dir, "r.h5"));
                Assert.Contains(Path.Combine(dir, "r.parameters.png"), written);
                Assert.True(new FileInfo(Path.Combine(dir, "r.parameters.png")).Length > 1000);
                Assert.Contains(Path.Combine(dir, "r.loss.png"), written);
            }
            finally { Directory.Delete(dir, recursive: true); }
        }
        // a forward result has no such figure
        var forward = new ResultDocument { Problem = "forward", Seed = 0 };
        forward.Training["step"] = [1, 2];
        forward.Training["loss"] = [1, 0.5];
        string d = Path.Combine(Path.GetTempPath(), "kan-param-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        try { Assert.DoesNotContain(ResultFigures.Draw(forward, Path.Combine(d, "f.h5")), p => p.EndsWith(".parameters.png")); }
        finally { Directory.Delete(d, recursive: true); }
    }
}
