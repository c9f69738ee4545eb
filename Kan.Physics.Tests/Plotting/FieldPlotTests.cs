using Kan.Physics.Runs.Plotting;
using ScottPlot;
using SkiaSharp;

namespace Kan.Physics.Tests.Plotting;

/// <summary>Heatmaps: valid PNGs of the requested size, drawn the right way up, empty where the field is undefined, and clear refusals of bad input.</summary>
public sealed class FieldPlotTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-fieldplot-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static double[] Axis(int n) => Enumerable.Range(0, n).Select(i => -1 + 2.0 * i / (n - 1)).ToArray();

    private static double[] Field(double[] xs, double[] ys, Func<double, double, double> f)
    {
        var values = new double[xs.Length * ys.Length];
        for (int r = 0; r < ys.Length; r++)
            for (int c = 0; c < xs.Length; c++) values[r * xs.Length + c] = f(xs[c], ys[r]);
        return values;
    }

    [Fact]
    public void SaveHeatmapWritesAPngOfTheRequestedSizeAndNoTemporaryFile()
    {
        double[] xs = Axis(21), ys = Axis(11);
        string path = PathOf("u.png");
        FieldPlot.SaveHeatmap(path, xs, ys, Field(xs, ys, (x, y) => Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y)), "u", "u", width: 640, height: 480);
        using var bitmap = PlotImages.ReadPng(path, 640, 480);
        Assert.True(PlotImages.NonWhitePixels(bitmap) > 640 * 480 / 3);
        PlotImages.AssertNoTemporaryFiles(_dir.FullName);

        // saving again replaces the figure
        byte[] before = File.ReadAllBytes(path);
        FieldPlot.SaveHeatmap(path, xs, ys, Field(xs, ys, (x, y) => x), "other", width: 640, height: 480);
        Assert.NotEqual(before, File.ReadAllBytes(path));
        PlotImages.AssertNoTemporaryFiles(_dir.FullName);
    }

    [Fact]
    public void RowsAreByYWithLargeYAtTheTopAndColumnsByXWithLargeXOnTheRight()
    {
        // f = x + 2y tells the four corners apart; viridis's green channel rises with the value
        double[] xs = Axis(9), ys = Axis(9);
        using var plot = FieldPlot.BuildHeatmap(xs, ys, Field(xs, ys, (x, y) => x + 2 * y), "", null, "x", "y");
        using var bitmap = PlotImages.Decode(plot.GetImageBytes(600, 500, ImageFormat.Png));
        PixelRect d = plot.LastRender.DataRect;
        byte Green(float px, float py) => bitmap.GetPixel((int)px, (int)py).Green;
        byte bottomLeft = Green(d.Left + 6, d.Bottom - 6), bottomRight = Green(d.Right - 6, d.Bottom - 6);
        byte topLeft = Green(d.Left + 6, d.Top + 6), topRight = Green(d.Right - 6, d.Top + 6);
        Assert.True(bottomLeft < bottomRight && bottomRight < topLeft && topLeft < topRight,
            $"green at BL {bottomLeft}, BR {bottomRight}, TL {topLeft}, TR {topRight}");
        SKColor max = bitmap.GetPixel((int)d.Right - 6, (int)d.Top + 6);
        Assert.True(max.Red > 200 && max.Green > 200 && max.Blue < 100, $"the largest value should be yellow, got {max}");
    }

    [Fact]
    public void UndefinedValuesAreEmptyCellsButDefinedOnesAreDrawn()
    {
        double[] xs = Axis(10), ys = Axis(10);
        using var plot = FieldPlot.BuildHeatmap(xs, ys, Field(xs, ys, (x, y) => x < 0 ? double.NaN : y), "", null, "x", "y");
        using var bitmap = PlotImages.Decode(plot.GetImageBytes(600, 500, ImageFormat.Png));
        PixelRect d = plot.LastRender.DataRect;
        SKColor left = bitmap.GetPixel((int)(d.Left + d.Width / 4), (int)d.VerticalCenter);
        SKColor right = bitmap.GetPixel((int)(d.Right - d.Width / 4), (int)d.VerticalCenter);
        Assert.True(left.Red > 245 && left.Green > 245 && left.Blue > 245, $"NaN cells should be blank, got {left}");
        Assert.False(right.Red > 245 && right.Green > 245 && right.Blue > 245, $"defined cells should be coloured, got {right}");
    }

    [Fact]
    public void SaveComparisonWritesThreePanelsUnderATitleBand()
    {
        double[] xs = Axis(15), ys = Axis(15);
        var reference = Field(xs, ys, (x, y) => Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y));
        var predicted = reference.Select(v => v + 0.01).ToArray();
        string path = PathOf("cmp.png");
        FieldPlot.SaveComparison(path, xs, ys, predicted, reference, "comparison", "u", panelWidth: 400, panelHeight: 300);
        using var bitmap = PlotImages.ReadPng(path, 1200 + 2 * FieldPlot.PanelGap, 344);
        for (int k = 0; k < 3; k++) // every panel has content, not only the last one rendered
        {
            int count = 0;
            for (int y = 44; y < 344; y += 2)
                for (int x = k * (400 + FieldPlot.PanelGap); x < k * (400 + FieldPlot.PanelGap) + 400; x += 2)
                {
                    SKColor c = bitmap.GetPixel(x, y);
                    if (c.Red < 245 || c.Green < 245 || c.Blue < 245) count++;
                }
            Assert.True(count > 400 * 300 / 4 / 4, $"panel {k} has only {count} coloured sample pixels");
        }
        PlotImages.AssertNoTemporaryFiles(_dir.FullName);
    }

    public static TheoryData<string, string> BadHeatmaps => new()
    {
        { "values length", "values" },
        { "NaN only", "values" },
        { "infinite only", "values" },
        { "uneven xs", "xs" },
        { "decreasing ys", "ys" },
        { "one x", "xs" },
        { "NaN y", "ys" },
        { "missing folder", "path" },
        { "folder as path", "path" },
        { "tiny width", "width" },
        { "huge height", "height" },
    };

    [Theory]
    [MemberData(nameof(BadHeatmaps))]
    public void BadHeatmapInputIsRefusedNamingTheArgumentAndWritesNothing(string problem, string paramName)
    {
        double[] xs = Axis(5), ys = Axis(4);
        double[] values = new double[20];
        string path = PathOf("bad.png");
        int width = 800, height = 600;
        switch (problem)
        {
            case "values length": values = new double[19]; break;
            case "NaN only": Array.Fill(values, double.NaN); break;
            case "infinite only": Array.Fill(values, double.PositiveInfinity); break;
            case "uneven xs": xs = [-1, -0.5, 0.2, 0.5, 1]; break;
            case "decreasing ys": ys = [1, 0.5, 0, -0.5]; break;
            case "one x": xs = [0]; values = new double[4]; break;
            case "NaN y": ys = [0, double.NaN, 2, 3]; break;
            case "missing folder": path = Path.Combine(_dir.FullName, "no-such-folder", "bad.png"); break;
            case "folder as path": path = _dir.FullName; break;
            case "tiny width": width = 10; break;
            case "huge height": height = 100_000; break;
        }
        var e = Assert.ThrowsAny<ArgumentException>(() => FieldPlot.SaveHeatmap(path, xs, ys, values, "t", width: width, height: height));
        Assert.Equal(paramName, e.ParamName);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.FullName));
    }

    [Fact]
    public void ComparisonRefusesMismatchedOrDisjointFields()
    {
        double[] xs = Axis(3), ys = Axis(3);
        string path = PathOf("cmp.png");
        var e = Assert.Throws<ArgumentException>(() => FieldPlot.SaveComparison(path, xs, ys, new double[9], new double[8], "t"));
        Assert.Equal("reference", e.ParamName);
        // each field is defined somewhere, but never at the same point: no error can be drawn
        double[] a = [1, double.NaN, 1, double.NaN, 1, double.NaN, 1, double.NaN, 1];
        double[] b = a.Select(v => double.IsNaN(v) ? 2 : double.NaN).ToArray();
        e = Assert.Throws<ArgumentException>(() => FieldPlot.SaveComparison(path, xs, ys, a, b, "t"));
        Assert.Equal("reference", e.ParamName);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.FullName));
    }
}
