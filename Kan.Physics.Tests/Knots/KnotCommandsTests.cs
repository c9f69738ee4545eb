using Kan.Physics.Problems.Knots;

namespace Kan.Physics.Tests.Knots;

public sealed class KnotCommandsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"kan-knot-cli-{Guid.NewGuid():N}");

    public KnotCommandsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void GenerateWritesDistinctKnotsThatReadBackAsBraids()
    {
        string outPath = Path.Combine(_folder, "gen.csv");
        var console = new StringWriter();
        Assert.Equal(0, KnotCommands.Generate(["30", "--seed", "4", "--strands", "3-4", "--out", outPath], console, CancellationToken.None));
        Assert.StartsWith("30 distinct knots from ", console.ToString());
        var lines = File.ReadAllLines(outPath);
        Assert.Equal(KnotInvariantsCsv.OutputHeader, lines[0]);
        Assert.Equal(31, lines.Length);
        // the quoted braid word in the name column rebuilds the same knot
        string first = lines[1];
        string word = first[1..first.IndexOf('"', 1)];
        var again = KnotInvariants.Compute(BraidWord.Parse(word).ToPlanarDiagram());
        Assert.Equal(first, KnotInvariantsCsv.FormatRow(word, again));
    }

    [Fact]
    public void InvariantsRunsTheCsvBatch()
    {
        string input = Path.Combine(_folder, "in.csv"), outPath = Path.Combine(_folder, "out.csv");
        File.WriteAllText(input, "name,pd_notation\n3_1,\"[[1,5,2,4],[3,1,4,6],[5,3,6,2]]\"\n");
        var console = new StringWriter();
        Assert.Equal(0, KnotCommands.Invariants([input, "--out", outPath], console, CancellationToken.None));
        Assert.Contains("1 knots -> ", console.ToString());
        Assert.Equal("3_1,3,3,3,-2,1-t+t^2,t+ t^3-t^4,3,1,1", File.ReadAllLines(outPath)[1]);
    }

    [Theory]
    [InlineData("needs the number of knots", "knot-generate")]
    [InlineData("N must be an integer >= 1, got 'ten'", "knot-generate", "ten")]
    [InlineData("--strands must look like 2-6, got '2:6'", "knot-generate", "5", "--strands", "2:6")]
    [InlineData("MaxStrands", "knot-generate", "5", "--strands", "4-3")]
    [InlineData("option --seed needs a value", "knot-generate", "5", "--seed")]
    [InlineData("needs an input file", "knot-invariants")]
    [InlineData("needs --out OUT.csv", "knot-invariants", "a.csv")]
    [InlineData("unknown option '--bogus'", "knot-invariants", "a.csv", "--bogus")]
    public void BadArgumentsAreExplained(string reason, string command, params string[] rest)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => command == "knot-generate"
            ? KnotCommands.Generate(rest, TextWriter.Null, CancellationToken.None)
            : KnotCommands.Invariants(rest, TextWriter.Null, CancellationToken.None));
        Assert.Contains(reason, e.Message);
    }
}
