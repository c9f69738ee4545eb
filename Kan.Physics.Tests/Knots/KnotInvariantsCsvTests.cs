using Kan.Physics.Problems.Knots;

namespace Kan.Physics.Tests.Knots;

public sealed class KnotInvariantsCsvTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"kan-knots-{Guid.NewGuid():N}");

    public KnotInvariantsCsvTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteInput(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void QuotedAndBareRowsRoundTrip()
    {
        // KnotInfo's export quotes the PD field; the bare bracket form and ';' separators are accepted too; CRLF as in the shared file
        string input = WriteInput("knots.csv",
            "name,pd_notation\r\n0_1,\r\n3_1,\"[[1,5,2,4],[3,1,4,6],[5,3,6,2]]\"\r\n"
            + "4_1,[[4,2,5,1],[8,6,1,5],[6,3,7,4],[2,7,3,8]]\r\n\r\n\"5_2\", \"[[1;5;2;4];[3;9;4;8];[5;1;6;10];[7;3;8;2];[9;7;10;6]]\" \r\n");
        string output = Path.Combine(_folder, "out", "invariants.csv");
        Assert.Equal(4, KnotInvariantsCsv.Run(input, output, CancellationToken.None));
        var lines = File.ReadAllLines(output);
        Assert.Equal(KnotInvariantsCsv.OutputHeader, lines[0]);
        Assert.Equal("0_1,0,0,1,0,1,1,1,1,1", lines[1]);
        Assert.Equal("3_1,3,3,3,-2,1-t+t^2,t+ t^3-t^4,3,1,1", lines[2]);
        Assert.Equal("4_1,4,0,5,0,1-3*t+t^2,t^(-2)-t^(-1)+ 1-t+ t^2,5,1,1", lines[3]);
        Assert.Equal("5_2,5,5,7,-2,2-3*t+2*t^2,t-t^2+ 2*t^3-t^4+ t^5-t^6,7,1,1", lines[4]);
        Assert.Equal(5, lines.Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "out"), "*.tmp"));

        // reading the output's name and polynomial columns back gives the same polynomials
        var fields = lines[4].Split(',');
        Assert.Equal(KnotInvariants.Jones(KnotTable.Diagram("5_2")), LaurentPolynomial.Parse(fields[6]));
        Assert.Equal(KnotInvariants.Alexander(KnotTable.Diagram("5_2")), LaurentPolynomial.Parse(fields[5]));
    }

    [Fact]
    public void ABadRowNamesFileLineAndColumnAndLeavesNoOutput()
    {
        string input = WriteInput("bad.csv",
            "name,pd_notation\n3_1,\"[[1,5,2,4],[3,1,4,6],[5,3,6,2]]\"\n4_1,\"[[4,2,5,1],[8,6,1,5],[6,3,7,4],[2,7,3,8]]\"\nbroken,\"[[1,5,2,4],[3,1,4,6],[5,3,6]]\"\n");
        string output = Path.Combine(_folder, "invariants.csv");
        File.WriteAllText(output, "previous results\n");
        var e = Assert.Throws<InvalidDataException>(() => KnotInvariantsCsv.Run(input, output, CancellationToken.None));
        Assert.Contains(input, e.Message);
        Assert.Contains("line 4", e.Message);
        Assert.Contains("column pd_notation", e.Message);
        Assert.Contains("knot 'broken'", e.Message);
        Assert.Contains("crossing #3 has 3 labels", e.Message);
        Assert.Equal("previous results\n", File.ReadAllText(output)); // untouched
        Assert.Single(Directory.GetFiles(_folder, "invariants*"));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Theory]
    [InlineData("name,pd_notation\nhopf,\"[[4,1,3,2],[2,3,1,4]]\"\n", "line 2, column pd_notation", "a link with 2 components")]
    [InlineData("name,pd_notation\n3_1,\"[[1,5,2,4],[3,1,4,6],[5,3,6,2]]\n", "line 2, column pd_notation", "is not closed")]
    [InlineData("name,pd_notation\n3_1,[[1,5,2,4],[3,1,4,6],[5,3,6,2]\n", "line 2, column pd_notation", "bracket opened at character 5 is not closed")]
    [InlineData("name,pd_notation\n3_1\n", "line 2, column pd_notation", "only one column")]
    [InlineData("name,pd_notation\n,[]\n", "line 2, column name", "name is empty")]
    [InlineData("knot,pd\n3_1,[]\n", "line 1", "header must start with 'name,pd_notation'")]
    [InlineData("", "", "the file is empty")]
    public void MalformedFilesAreRejected(string text, string where, string why)
    {
        string input = WriteInput("input.csv", text);
        string output = Path.Combine(_folder, "result.csv");
        var e = Assert.Throws<InvalidDataException>(() => KnotInvariantsCsv.Run(input, output, CancellationToken.None));
        Assert.Contains(where, e.Message);
        Assert.Contains(why, e.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void CancellationWritesNothing()
    {
        string input = WriteInput("knots.csv", "name,pd_notation\n3_1,\"[[1,5,2,4],[3,1,4,6],[5,3,6,2]]\"\n");
        string output = Path.Combine(_folder, "result.csv");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => KnotInvariantsCsv.Run(input, output, cancel.Token));
        Assert.False(File.Exists(output));
    }
}
