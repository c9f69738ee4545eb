using Kan.Physics.Runs.Plotting;
using ScottPlot;

namespace Kan.Physics.Tests.Plotting;

/// <summary>Profiles at several times: solid predictions, dashed references, and clear refusals of bad input.</summary>
public sealed class SnapshotPlotTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-snapshotplot-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static readonly double[] X = Enumerable.Range(0, 41).Select(i => i / 40.0).ToArray();

    private static double[] Profile(double t) => X.Select(x => Math.Exp(-t) * Math.Sin(Math.PI * x)).ToArray();

    [Fact]
    public void SaveWritesAPngWithASolidLinePerTimeAndADashedLinePerReference()
    {
        var snapshots = new List<(double t, double[] predicted, double[]? reference)>
        {
            (0, Profile(0), Profile(0)),
            (0.5, Profile(0.5).Select(v => v * 1.05).ToArray(), Profile(0.5)),
            (1, Profile(1), null),
        };
        string path = PathOf("snap.png");
        SnapshotPlot.Save(path, X, snapshots, "heat", width: 640, height: 480);
        using var bitmap = PlotImages.ReadPng(path, 640, 480);
        Assert.True(PlotImages.NonWhitePixels(bitmap) > 2000);
        PlotImages.AssertNoTemporaryFiles(_dir.FullName);

        using var plot = SnapshotPlot.Build(X, snapshots, "heat", "x", "u");
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();
        var solid = lines.Where(l => l.LinePattern.Name == LinePattern.Solid.Name).ToArray();
        var dashed = lines.Where(l => l.LinePattern.Name == LinePattern.Dashed.Name).ToArray();
        Assert.Equal(["t = 0", "t = 0.5", "t = 1"], solid.Select(l => l.LegendText));
        Assert.Equal(3, solid.Select(l => l.LineColor).Distinct().Count());
        Assert.Equal(2, dashed.Length);
        Assert.Equal(Profile(0.5)[20], dashed[1].Data.GetScatterPoints()[20].Y);
        Assert.Contains(plot.Legend.ManualItems, i => i.LabelText == "reference");
    }

    [Fact]
    public void NonFinitePointsAreLeftOutOfTheirLine()
    {
        var predicted = Profile(0);
        predicted[3] = double.NaN;
        predicted[7] = double.NegativeInfinity;
        using var plot = SnapshotPlot.Build(X, [(0, predicted, null)], "", "x", "u");
        var points = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints();
        Assert.Equal(X.Length - 2, points.Count);
        Assert.All(points, p => Assert.True(double.IsFinite(p.Y)));
    }

    [Fact]
    public void BadInputIsRefusedNamingTheArgumentAndWritesNothing()
    {
        string path = PathOf("bad.png");
        void Refused(string paramName, Action save)
        {
            var e = Assert.ThrowsAny<ArgumentException>(save);
            Assert.Equal(paramName, e.ParamName);
        }
        Refused("snapshots", () => SnapshotPlot.Save(path, X, []));
        Refused("snapshots", () => SnapshotPlot.Save(path, X, [(0, new double[40], null)]));
        Refused("snapshots", () => SnapshotPlot.Save(path, X, [(0, Profile(0), new double[3])]));
        Refused("snapshots", () => SnapshotPlot.Save(path, X, [(double.NaN, Profile(0), null)]));
        Refused("snapshots", () => SnapshotPlot.Save(path, X, [(0, X.Select(_ => double.NaN).ToArray(), null)]));
        Refused("x", () => SnapshotPlot.Save(path, [0.5], [(0, [1.0], null)]));
        Refused("x", () => SnapshotPlot.Save(path, [0, double.NaN], [(0, [1.0, 2], null)]));
        Refused("path", () => SnapshotPlot.Save(Path.Combine(_dir.FullName, "missing", "s.png"), X, [(0, Profile(0), null)]));
        Refused("height", () => SnapshotPlot.Save(path, X, [(0, Profile(0), null)], height: 20));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.FullName));
    }
}
