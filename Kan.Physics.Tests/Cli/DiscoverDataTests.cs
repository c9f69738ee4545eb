using Kan.Physics.Problems.Cli;

namespace Kan.Physics.Tests.Cli;

/// <summary>The data files of <c>kan discover</c>: every defect is named by file, line and column.</summary>
public class DiscoverDataTests
{
    private static string Write(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"kan-data-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("x,y\n1,2\n3,\n", "line 3, column 'y': missing value")]
    [InlineData("x,y\n1,2\n3,abc\n", "line 3, column 'y': 'abc' is not a finite number")]
    [InlineData("x,y\n1,2\n3,NaN\n", "line 3, column 'y': 'NaN' is not a finite number")]
    [InlineData("x,y\n1,2,3\n", "line 2: 3 cells, but the header has 2 columns")]
    [InlineData("x,x\n1,2\n", "column name 'x' appears twice")]
    [InlineData("", "line 1: the header row is missing")]
    public void BadCellsAreNamedByLineAndColumn(string text, string expected)
    {
        string path = Write(text);
        var e = Assert.Throws<UsageException>(() => CsvTable.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void UnknownColumnsAndTooFewRowsAreRefusedBeforeAnyTraining()
    {
        string path = Write("a,b,c\n" + string.Join("\n", Enumerable.Range(0, 5).Select(i => $"{i},{2 * i},{3 * i}")) + "\n");
        var table = CsvTable.Read(path);
        Assert.Equal(5, table.Rows);
        Assert.Equal(3 * 2, table.Values[2 * 3 + 2]);
        Assert.Contains("no column 'd'", Assert.Throws<UsageException>(() => table.IndexOf("d", path)).Message);
        var few = Assert.Throws<UsageException>(() => DiscoverCommand.Run(new DiscoverOptions(path) { Target = "c", OutputDirectory = Path.GetTempPath() }, TextWriter.Null, default));
        Assert.Contains("5 rows are too few", few.Message);
        var target = Assert.Throws<UsageException>(() => DiscoverCommand.Run(new DiscoverOptions(path) { Target = "c", Inputs = ["a", "c"], OutputDirectory = Path.GetTempPath() }, TextWriter.Null, default));
        Assert.Contains("cannot also be an input", target.Message);
    }

    [Fact]
    public void Noise_free_data_give_the_law_through_the_law_search()
    {
        // F = (1 + m r)/(1 + m), a weighted mean: a rational law that snapping edges does not give, the law search does
        var rng = new Random(1);
        var text = new System.Text.StringBuilder("m,r,F\n");
        for (int i = 0; i < 200; i++)
        {
            double m = 0.5 + 1.5 * rng.NextDouble(), r = 2 * rng.NextDouble() - 1;
            text.Append(FormattableString.Invariant($"{m:R},{r:R},{(1 + m * r) / (1 + m):R}\n"));
        }
        string path = Write(text.ToString()), dir = Path.Combine(Path.GetTempPath(), $"kan-discover-{Guid.NewGuid():N}");
        try
        {
            var log = new StringWriter();
            Assert.Equal(0, DiscoverCommand.Run(new DiscoverOptions(path) { Steps = 10, OutputDirectory = dir }, log, default));
            var file = Directory.GetFiles(dir, "*.h5").Single();
            var doc = Kan.Physics.Runs.Results.ResultFile.Read(file);
            Assert.True(doc.Metrics["law_search"] is 1 or 2, log.ToString());
            var law = Kan.Physics.Expressions.Expr.Parse(doc.Formula!.Text, ["m", "r"]).Compile(["m", "r"]);
            foreach (var p in new[] { new[] { 1.0, 1.0 }, [2.0, 0.5], [0.7, -0.3] }) Assert.Equal((1 + p[0] * p[1]) / (1 + p[0]), law(p), 1e-12);
            Assert.Contains("law: F = ", log.ToString());
        }
        finally
        {
            File.Delete(path);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheCommandLineWithoutInputsOrWidthsUsesEveryOtherColumnAndTheDefaultShape()
    {
        // kan discover DATA.csv: --inputs and --widths left out must mean "all but the target" and [inputs, 5, 1]
        string dir = KanProcess.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "d.csv"), "x,y,f\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i =>
            FormattableString.Invariant($"{i / 40.0:R},{1 - i / 40.0:R},{i / 40.0 + 2 * (1 - i / 40.0):R}"))) + "\n");
        var r = KanProcess.Run(dir, "discover", "d.csv", "--steps", "2", "--no-law-search", "--out", "res");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("f from x, y", r.Stdout);
        Assert.Contains("KAN [2,5,1]", r.Stdout);
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "res"), "*.h5"));
    }
}
