using Kan.Physics.Networks;
using Kan.Physics.Runs.Plotting;
using ScottPlot;
using SkiaSharp;

namespace Kan.Physics.Tests.Plotting;

/// <summary>
/// Text must render without installed fonts. This machine has fonts, so rendering alone cannot catch a regression:
/// the tests check that the font comes from the assembly, that ScottPlot resolves our family to it, that every text
/// element of every figure names that family, and that a title really turns into dark pixels (and its absence does not).
/// </summary>
public sealed class PlotFontTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-plotfont-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void TheEmbeddedFontIsDejaVuSansWithTheGlyphsThePlotsUse()
    {
        SKTypeface typeface = PlotFont.Typeface;
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        Assert.True(typeface.GlyphCount > 5000, $"{typeface.GlyphCount} glyphs");
        // Greek, superscripts (log-axis labels) and the minus sign all come from this one font
        Assert.True(typeface.ContainsGlyphs("Az09π²⁻⁰¹|−"));
    }

    [Fact]
    public void ScottPlotResolvesOurFamilyToTheEmbeddedTypefaceForEveryStyle()
    {
        PlotFont.EnsureRegistered();
        Assert.Same(PlotFont.Typeface, Fonts.GetTypeface(PlotFont.FamilyName, bold: false, italic: false));
        Assert.Same(PlotFont.Typeface, Fonts.GetTypeface(PlotFont.FamilyName, bold: true, italic: true));
        Assert.Equal(PlotFont.FamilyName, Fonts.Default);
    }

    [Fact]
    public void EveryTextElementOfEveryFigureUsesTheEmbeddedFamily()
    {
        double[] grid = [0, 0.5, 1];
        using var heatmap = FieldPlot.BuildHeatmap(grid, grid, new double[9], "t", "c", "x", "y");
        using var loss = LossPlot.Build([1, 2], new Dictionary<string, double[]> { ["a"] = [1, 0.1] }, "t", true, "step", "loss");
        using var snapshot = SnapshotPlot.Build([0, 1], [(0.5, [1, 2], [1, 2.5])], "t", "x", "u");
        var net = KanNetwork.Create([2, 2, 1], new KanOptions { Seed = 1 });
        using var network = NetworkPlot.Build(net, [0.1, 0.2, -0.3, 0.4], new NetworkPlotOptions
        {
            Title = "t", InputNames = ["a", "b"], OutputNames = ["c"], EdgeLabel = (_, _, _) => "f",
        }, 800, 600);
        foreach (Plot plot in new[] { heatmap, loss, snapshot, network })
        {
            Assert.Equal(PlotFont.FamilyName, plot.Axes.Title.Label.FontName);
            Assert.Equal(PlotFont.FamilyName, plot.Legend.FontName);
            foreach (IAxis axis in plot.Axes.GetAxes())
            {
                Assert.Equal(PlotFont.FamilyName, axis.Label.FontName);
                Assert.Equal(PlotFont.FamilyName, axis.TickLabelStyle.FontName);
            }
            foreach (var bar in plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>())
            {
                Assert.Equal(PlotFont.FamilyName, bar.LabelStyle.FontName);
                Assert.Equal(PlotFont.FamilyName, bar.Axis.TickLabelStyle.FontName);
            }
            foreach (var text in plot.GetPlottables().OfType<ScottPlot.Plottables.Text>())
                Assert.Equal(PlotFont.FamilyName, text.LabelFontName);
        }
        Assert.Single(heatmap.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>());
        Assert.Equal(2 + 1 + 1 + 6, network.GetPlottables().OfType<ScottPlot.Plottables.Text>().Count()); // 3 names, title, 6 edge labels
    }

    [Fact]
    public void ATitleIsDrawnAsDarkPixelsAboveTheDataAreaAndNoTitleLeavesThatBandEmpty()
    {
        double[] grid = [-1, 0, 1];
        var values = new double[9];
        int Band(string title)
        {
            using var plot = FieldPlot.BuildHeatmap(grid, grid, values, title, null, "x", "y");
            using var bitmap = PlotImages.Decode(plot.GetImageBytes(800, 600, ImageFormat.Png));
            PixelRect data = plot.LastRender.DataRect;
            // above the data area and clear of the tick labels at its corners
            return PlotImages.DarkPixels(bitmap, (int)data.Left + 40, 0, (int)data.Right - 40, (int)data.Top - 4);
        }
        int withTitle = Band("Title text WM");
        int without = Band("");
        Assert.True(withTitle >= 80, $"only {withTitle} dark pixels where the title should be");
        Assert.Equal(0, without);
    }

    [Fact]
    public void TheComparisonTitleDrawnBySkiaIsVisibleToo()
    {
        double[] grid = [-1, 0, 1];
        var a = new double[9];
        var b = Enumerable.Repeat(0.5, 9).ToArray();
        int Band(string title)
        {
            string path = Path.Combine(_dir.FullName, $"cmp-{title.Length}.png");
            FieldPlot.SaveComparison(path, grid, grid, a, b, title, panelWidth: 300, panelHeight: 250);
            using var bitmap = PlotImages.ReadPng(path, 900 + 2 * FieldPlot.PanelGap, 250 + 44);
            return PlotImages.DarkPixels(bitmap, 0, 0, 900, 40);
        }
        Assert.True(Band("Overall title WM") >= 80);
        Assert.Equal(0, Band(""));
    }
}
