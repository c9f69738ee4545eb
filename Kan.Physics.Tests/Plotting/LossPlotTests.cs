using Kan.Physics.Runs.Plotting;

namespace Kan.Physics.Tests.Plotting;

/// <summary>Training curves: log axes that survive zeros and NaNs, decade labels, and clear refusals of bad input.</summary>
public sealed class LossPlotTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-lossplot-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static readonly double[] Steps = Enumerable.Range(1, 30).Select(i => (double)i).ToArray();

    [Fact]
    public void SaveWritesAPngWithOneLinePerDrawableSeriesAndSkipsValuesALogAxisCannotShow()
    {
        var series = new Dictionary<string, double[]>
        {
            ["train"] = Steps.Select(s => Math.Pow(10, -s / 10)).ToArray(),
            ["test"] = Steps.Select(s => s < 5 ? double.NaN : s == 20 ? 0 : s == 21 ? -1 : Math.Pow(10, -s / 12)).ToArray(),
            ["regularisation"] = new double[30], // all zero: listed, not drawn
        };
        string path = PathOf("loss.png");
        LossPlot.Save(path, Steps, series, "loss", width: 700, height: 500);
        using var bitmap = PlotImages.ReadPng(path, 700, 500);
        Assert.True(PlotImages.NonWhitePixels(bitmap) > 2000);
        PlotImages.AssertNoTemporaryFiles(_dir.FullName);

        using var plot = LossPlot.Build(Steps, series, "loss", true, "step", null);
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal(30, lines[0].Data.GetScatterPoints().Count);
        Assert.Equal(30 - 4 - 2, lines[1].Data.GetScatterPoints().Count); // 4 NaN, one 0, one negative
        Assert.All(lines[1].Data.GetScatterPoints(), p => Assert.True(double.IsFinite(p.Y)));
        Assert.Contains(plot.Legend.ManualItems, i => i.LabelText == "regularisation (no positive value)");
    }

    [Fact]
    public void TheLogAxisShowsLog10OfTheValuesAndAlwaysAtLeastOneDecade()
    {
        // values between 2e-3 and 5e-3 lie inside one decade: the view must still reach a 10^k line
        var series = new Dictionary<string, double[]> { ["a"] = Steps.Select(s => 2e-3 + 1e-4 * s).ToArray() };
        using var plot = LossPlot.Build(Steps, series, "", true, "step", null);
        var line = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single();
        Assert.Equal(Math.Log10(2.1e-3), line.Data.GetScatterPoints()[0].Y, 12);
        var limits = plot.Axes.GetLimits();
        Assert.True(Math.Ceiling(limits.Bottom) <= Math.Floor(limits.Top), $"no decade in [{limits.Bottom}, {limits.Top}]");
        Assert.True(limits.Bottom <= Math.Log10(2.1e-3) && limits.Top >= Math.Log10(5e-3));
    }

    [Fact]
    public void ALinearAxisKeepsZeroAndNegativeValues()
    {
        var series = new Dictionary<string, double[]> { ["a"] = Steps.Select(s => s - 10).ToArray() };
        using var plot = LossPlot.Build(Steps, series, "", false, "step", null);
        var points = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints();
        Assert.Equal(30, points.Count);
        Assert.Equal(-9, points[0].Y);
    }

    [Fact]
    public void EqualSeriesStayVisibleSparseSeriesArePointsAndGridChangesAreMarked()
    {
        double[] total = Steps.Select(s => Math.Pow(10, -s / 10)).ToArray();
        var series = new Dictionary<string, double[]>
        {
            ["loss"] = total,
            ["loss_pde"] = total.ToArray(),                                           // the only term: equal to the total
            ["at_updates"] = Steps.Select(s => s % 10 == 1 ? 0.5 : double.NaN).ToArray(), // recorded at 3 steps only
        };
        double[] grid = Steps.Select(s => s <= 10 ? 5.0 : s <= 20 ? 10 : 20).ToArray();
        var markers = LossPlot.GridChanges(Steps, grid);
        Assert.Equal([new StepMarker(10.5, "grid 10"), new StepMarker(20.5, "grid 20")], markers);
        Assert.Empty(LossPlot.GridChanges(Steps, Steps.Select(_ => 5.0).ToArray()));

        using var plot = LossPlot.Build(Steps, series, "t", true, "step", "loss", markers);
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();
        // the later of two equal curves is thinner and dashed, so the first shows around it
        Assert.True(lines[0].LineWidth > lines[1].LineWidth, $"widths {lines[0].LineWidth} and {lines[1].LineWidth}");
        Assert.NotEqual(lines[0].LinePattern, lines[1].LinePattern);
        // a series with values at few steps is drawn as points, not as a line across the gaps
        Assert.Equal(0, lines[2].LineWidth);
        Assert.True(lines[2].MarkerSize > 0);
        var rules = plot.GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>().Select(v => v.X).ToArray();
        Assert.Equal([10.5, 20.5], rules);
        var labels = plot.GetPlottables().OfType<ScottPlot.Plottables.Text>().Select(t => t.LabelText).ToArray();
        Assert.Equal(["grid 10", "grid 20"], labels);
        // the labels sit inside the view, below its top
        var limits = plot.Axes.GetLimits();
        Assert.All(plot.GetPlottables().OfType<ScottPlot.Plottables.Text>(), t => Assert.InRange(t.Location.Y, limits.Bottom, limits.Top));
        Assert.Throws<ArgumentException>(() => LossPlot.GridChanges(Steps, [5, 10]));
    }

    [Theory]
    [InlineData(-3, "10⁻³")]
    [InlineData(0, "10⁰")]
    [InlineData(2, "10²")]
    [InlineData(-12, "10⁻¹²")]
    [InlineData(1.0000000001, "10¹")]
    public void DecadeLabelsUseSuperscriptExponents(double exponent, string expected) =>
        Assert.Equal(expected, LossPlot.Decade(exponent));

    [Fact]
    public void BadInputIsRefusedNamingTheArgumentAndWritesNothing()
    {
        string path = PathOf("bad.png");
        var good = new Dictionary<string, double[]> { ["a"] = Steps.ToArray() };
        void Refused(string paramName, Action save)
        {
            var e = Assert.ThrowsAny<ArgumentException>(save);
            Assert.Equal(paramName, e.ParamName);
        }
        Refused("steps", () => LossPlot.Save(path, [], new Dictionary<string, double[]> { ["a"] = [] }, "t"));
        Refused("steps", () => LossPlot.Save(path, [1, double.NaN], new Dictionary<string, double[]> { ["a"] = [1, 2] }, "t"));
        Refused("series", () => LossPlot.Save(path, Steps, new Dictionary<string, double[]>(), "t"));
        Refused("series", () => LossPlot.Save(path, Steps, new Dictionary<string, double[]> { ["a"] = new double[29] }, "t"));
        Refused("series", () => LossPlot.Save(path, Steps, new Dictionary<string, double[]> { ["a"] = Steps.Select(_ => double.NaN).ToArray() }, "t"));
        Refused("series", () => LossPlot.Save(path, Steps, new Dictionary<string, double[]> { ["a"] = Steps.Select(s => -s).ToArray() }, "t", logY: true));
        Refused("path", () => LossPlot.Save(Path.Combine(_dir.FullName, "missing", "x.png"), Steps, good, "t"));
        Refused("width", () => LossPlot.Save(path, Steps, good, "t", width: 0));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.FullName));
    }
}
