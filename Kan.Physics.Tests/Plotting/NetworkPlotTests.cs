using Kan.Physics.Interpretation;
using Kan.Physics.Networks;
using Kan.Physics.Runs.Plotting;
using ScottPlot;

namespace Kan.Physics.Tests.Plotting;

/// <summary>
/// Network diagrams: one inset per active edge, opacity from the importance scores, masked edges left out (and visibly so),
/// and clear refusals of bad input.
/// </summary>
public sealed class NetworkPlotTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-networkplot-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static double[] Samples(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 2 * n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
    }

    private static KanNetwork Network() => KanNetwork.Create([2, 3, 1], new KanOptions { Seed = 3 });

    private static ScottPlot.Plottables.Scatter[] Curves(Plot plot) => plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();

    [Fact]
    public void AMaskedEdgeIsNotDrawnAndTheFigureShowsIt()
    {
        var inputs = Samples(200, 1);
        var net = Network();
        var masked = net.Clone();
        masked.Layers[0].Mask[masked.Layers[0].Edge(0, 1)] = 0;
        var options = new NetworkPlotOptions { Width = 800, Height = 600, InputNames = ["x", "y"], OutputNames = ["u"], Title = "net" };

        NetworkPlot.Save(PathOf("full.png"), net, inputs, options);
        NetworkPlot.Save(PathOf("masked.png"), masked, inputs, options);
        using var full = PlotImages.ReadPng(PathOf("full.png"), 800, 600);
        using var partial = PlotImages.ReadPng(PathOf("masked.png"), 800, 600);
        Assert.True(PlotImages.NonWhitePixels(partial) > 3000, "the masked network's figure is (nearly) blank");
        Assert.True(PlotImages.DifferentPixels(full, partial) > 200, "masking an edge did not change the figure");
        PlotImages.AssertNoTemporaryFiles(_dir.FullName);

        var labelled = new List<(int, int, int)>();
        var withLabels = options with { EdgeLabel = (l, i, j) => { labelled.Add((l, i, j)); return null; } };
        using (var plot = NetworkPlot.Build(net, inputs, withLabels, 800, 600)) Assert.Equal(6 + 3, Curves(plot).Length);
        Assert.Equal(9, labelled.Count);
        labelled.Clear();
        using (var plot = NetworkPlot.Build(masked, inputs, withLabels, 800, 600)) Assert.Equal(6 + 3 - 1, Curves(plot).Length);
        Assert.Equal(8, labelled.Count);
        Assert.DoesNotContain((0, 0, 1), labelled);
    }

    [Fact]
    public void OpacityIsTheL1ScoreOverTheLargestScoreOfItsLayer()
    {
        var inputs = Samples(300, 2);
        var net = Network();
        var scores = Attribution.L1(net, inputs);
        using var plot = NetworkPlot.Build(net, inputs, new NetworkPlotOptions(), 800, 600);
        var alphas = Curves(plot).Select(c => (int)c.LineColor.Alpha).ToArray();
        // curves are added layer by layer in edge order
        var expected = new List<int>();
        foreach (double[] layer in scores.EdgeScores)
            expected.AddRange(layer.Select(s => (int)Math.Round(255 * s / layer.Max())));
        Assert.Equal(expected.Count, alphas.Length);
        for (int k = 0; k < alphas.Length; k++) Assert.InRange(alphas[k], expected[k] - 1, expected[k] + 1);
        Assert.Contains(255, alphas[..6]);
        Assert.Contains(255, alphas[6..]);
        Assert.True(alphas.Distinct().Count() > 3, "importances should give different opacities");
    }

    [Fact]
    public void GivenScoresReplaceTheDefaultAndEdgeLabelsAreDrawn()
    {
        var inputs = Samples(100, 3);
        var net = Network();
        var backward = Attribution.Backward(net, inputs);
        using var plot = NetworkPlot.Build(net, inputs,
            new NetworkPlotOptions { Scores = backward, EdgeLabel = (l, i, j) => l == 1 ? $"f{i}" : null }, 800, 600);
        int top = (int)Math.Round(255 * backward.EdgeScores[1][0] / backward.EdgeScores[1].Max());
        Assert.InRange(Curves(plot)[6].LineColor.Alpha, top - 1, top + 1);
        var texts = plot.GetPlottables().OfType<ScottPlot.Plottables.Text>().Select(t => t.LabelText).ToArray();
        Assert.Equal(["f0", "f1", "f2"], texts);
    }

    [Fact]
    public void TheAutomaticSizeGrowsWithTheWidestLayer()
    {
        Assert.Equal((800, 600), NetworkPlot.FigureSize(KanNetwork.Create([2, 5, 1]), new NetworkPlotOptions()));
        var (width, height) = NetworkPlot.FigureSize(KanNetwork.Create([10, 10, 1]), new NetworkPlotOptions());
        Assert.Equal(40 + 60 * 100, width);
        Assert.Equal(600, height);
        Assert.Equal((900, 700), NetworkPlot.FigureSize(KanNetwork.Create([10, 10, 1]), new NetworkPlotOptions { Width = 900, Height = 700 }));
    }

    [Fact]
    public void BadInputIsRefusedNamingTheArgumentAndWritesNothing()
    {
        string path = PathOf("bad.png");
        var net = Network();
        var inputs = Samples(10, 4);
        void Refused(string paramName, Action save)
        {
            var e = Assert.ThrowsAny<ArgumentException>(save);
            Assert.Equal(paramName, e.ParamName);
        }
        Refused("inputs", () => NetworkPlot.Save(path, net, []));
        Refused("inputs", () => NetworkPlot.Save(path, net, [0.1, 0.2, 0.3]));
        Refused("inputs", () => NetworkPlot.Save(path, net, [0.1, double.NaN]));
        Refused("options", () => NetworkPlot.Save(path, net, inputs, new NetworkPlotOptions { InputNames = ["x"] }));
        Refused("options", () => NetworkPlot.Save(path, net, inputs, new NetworkPlotOptions { OutputNames = ["u", "v"] }));
        Refused("options", () => NetworkPlot.Save(path, net, inputs,
            new NetworkPlotOptions { Scores = Attribution.L1(KanNetwork.Create([2, 4, 1]), inputs) }));
        Refused("Width", () => NetworkPlot.Save(path, net, inputs, new NetworkPlotOptions { Width = 5 }));
        Refused("path", () => NetworkPlot.Save(Path.Combine(_dir.FullName, "missing", "n.png"), net, inputs));
        Assert.Throws<ArgumentNullException>(() => NetworkPlot.Save(path, null!, inputs));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.FullName));
    }
}
