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
        var few = Assert.Throws<UsageException>(() => DiscoverCommand.Run([path, "--target", "c"], Path.GetTempPath(), TextWriter.Null, default));
        Assert.Contains("5 rows are too few", few.Message);
        var target = Assert.Throws<UsageException>(() => DiscoverCommand.Run([path, "--target", "c", "--inputs", "a,c"], Path.GetTempPath(), TextWriter.Null, default));
        Assert.Contains("cannot also be an input", target.Message);
    }
}
