using Kan.Physics.Examples;

namespace Kan.Physics.Tests.Docs;

// shares KanNetwork.MaxDegreeOfParallelism (a process-wide setting) with the batch runner tests
[Collection(Kan.Physics.Tests.Hosting.BatchCollection.Name)]
public class ReadmeTests
{
    private static string Block(string text, string begin, string end)
    {
        int a = text.IndexOf(begin, StringComparison.Ordinal), b = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, $"markers {begin} / {end} not found");
        return text[(a + begin.Length)..b].Trim().ReplaceLineEndings("\n");
    }

    [Fact]
    public void TheReadmeExampleIsTheCompiledOne()
    {
        string source = File.ReadAllText(RepositoryFile.PathOf("Kan.Physics.Tests/Docs/DefineYourOwnPde.cs"));
        string readme = File.ReadAllText(RepositoryFile.PathOf("README.md"));
        string code = Block(source, "// README:begin", "// README:end");
        string section = Block(readme, "## Define your own PDE", "## Layout");
        Assert.Contains(code, section);
    }

    [Fact]
    public void TheReadmeTourIsTheCompiledOneAndRuns()
    {
        string source = File.ReadAllText(RepositoryFile.PathOf("Kan.Physics.Tests/Docs/Tour.cs"));
        string readme = File.ReadAllText(RepositoryFile.PathOf("README.md"));
        Assert.Contains(Block(source, "// README:tour:begin", "// README:tour:end"), Block(readme, "## A tour", "## Define your own PDE").ReplaceLineEndings("\n"));
        string path = Path.Combine(Path.GetTempPath(), $"kan-tour-{Guid.NewGuid():N}.kan");
        try
        {
            var loaded = Tour.Run(path);
            Assert.Equal(20, loaded.Layers[0].GridSize);
            var x = new double[] { 0.3, -0.4 };
            Assert.True(Math.Abs(loaded.Forward(x)[0] - Math.Exp(Math.Sin(Math.PI * 0.3) + 0.16)) < 0.05);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TheReadmeInverseExampleIsTheCompiledOneAndIdentifiesKappa()
    {
        string source = File.ReadAllText(RepositoryFile.PathOf("Kan.Physics.Tests/Docs/IdentifyCoefficients.cs"));
        string readme = File.ReadAllText(RepositoryFile.PathOf("README.md"));
        Assert.Contains(Block(source, "// README:inverse:begin", "// README:inverse:end"), Block(readme, "## Identify unknown coefficients", "## Problems"));
        var (result, estimates) = IdentifyCoefficients.Run(stepsPerGrid: 20);
        double kappa = result.Parameters["kappa"];
        Assert.True(Math.Abs(kappa / 0.1 - 1) < 0.01, $"kappa = {kappa:R}");
        var e = Assert.Single(estimates);
        Assert.True(e.StandardError > 0 && e.StandardError < 0.01, $"standard error {e.StandardError:R}");
    }

    [Fact]
    public void TheReadmeExampleSolvesItsProblem()
    {
        var result = DefineYourOwnPde.Solve(stepsPerGrid: 8);
        Assert.True(result.FinalLoss < 0.2 * result.History[0].Loss, $"{result.History[0].Loss:E2} -> {result.FinalLoss:E2}");
        // u = 0 on the outer wall and the solution is positive inside (u_xx + u_yy = -1)
        var u = result.Network.Forward([0.7, 0.7, 0.0, 0.7]);
        Assert.True(u[0] > 0 && u[1] > 0, $"u = {u[0]}, {u[1]}");
    }

    [Fact]
    public async Task TheReadmeBatchExampleIsTheCompiledOneAndRuns()
    {
        string source = File.ReadAllText(RepositoryFile.PathOf("Kan.Physics.Tests/Docs/OwnPdeBatch.cs"));
        string readme = File.ReadAllText(RepositoryFile.PathOf("README.md"));
        Assert.Contains(Block(source, "// README:hosting:begin", "// README:hosting:end"), readme.ReplaceLineEndings("\n"));
        Assert.Contains(Block(File.ReadAllText(RepositoryFile.PathOf("Kan.Physics.Tests/Symbolic/ExpressionsReadmeExampleTests.cs")),
            "// README:expressions:begin", "// README:expressions:end").Split('\n')[0].Trim(), readme);
        string dir = Path.Combine(Path.GetTempPath(), $"kan-heat-{Guid.NewGuid():N}");
        try
        {
            Assert.Equal(0, await HeatBatch.RunAsync(dir));
            var files = Directory.GetFiles(dir, "*.h5").Select(f => Path.GetFileName(f)).Order().ToArray();
            Assert.Equal(["heat-kappa-0.1-s0.h5", "heat-kappa-0.1-s1.h5", "heat-kappa-0.3-s0.h5", "heat-kappa-0.3-s1.h5"], files);
            var doc = Kan.Physics.Runs.Results.ResultFile.Read(Path.Combine(dir, "heat-kappa-0.3-s1.h5"));
            Assert.True(doc.Metrics["rel_l2"] < 0.1, $"rel_l2 {doc.Metrics["rel_l2"]}");
            Assert.Equal(41 * 41, doc.Solution!.PointCount);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }
}
