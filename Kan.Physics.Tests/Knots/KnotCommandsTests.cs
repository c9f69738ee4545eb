using Kan.Physics.Problems.Cli;
using Kan.Physics.Problems.Knots;
using Kan.Physics.Tests.Cli;

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
        Assert.Equal(0, KnotCommands.Generate(30, 4, new KnotGeneratorOptions { MinStrands = 3, MaxStrands = 4 }, outPath, console, CancellationToken.None));
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
        Assert.Equal(0, KnotCommands.Invariants(input, outPath, console, CancellationToken.None));
        Assert.Contains("1 knots -> ", console.ToString());
        Assert.Equal("3_1,3,3,3,-2,1-t+t^2,t+ t^3-t^4,3,1,1", File.ReadAllLines(outPath)[1]);
    }

    [Fact]
    public void TheCommandLinePassesTheTypedOptions()
    {
        string outPath = Path.Combine(_folder, "gen.csv");
        var r = KanCommandLineRunner.Run("knot-generate", "12", "--seed", "4", "--strands", "3-4", "--out", outPath);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("12 distinct knots from ", r.Stdout);
        var direct = new StringWriter();
        string directPath = Path.Combine(_folder, "direct.csv");
        KnotCommands.Generate(12, 4, new KnotGeneratorOptions { MinStrands = 3, MaxStrands = 4 }, directPath, direct, CancellationToken.None);
        Assert.Equal(File.ReadAllLines(directPath), File.ReadAllLines(outPath));
    }

    [Theory]
    [InlineData("knot-generate needs the number of knots: kan knot-generate COUNT", "knot-generate")]
    [InlineData("COUNT must be an integer >= 1, got 'ten'", "knot-generate", "ten")]
    [InlineData("--strands must look like 2-6, got '2:6'", "knot-generate", "5", "--strands", "2:6")]
    [InlineData("MaxStrands", "knot-generate", "5", "--strands", "4-3")]
    [InlineData("knot-generate: option --seed needs a value", "knot-generate", "5", "--seed")]
    [InlineData("knot-invariants needs an input CSV (name,pd_notation) and --out OUT.csv", "knot-invariants")]
    [InlineData("knot-invariants needs an input CSV (name,pd_notation) and --out OUT.csv", "knot-invariants", "a.csv")]
    [InlineData("knot-invariants: unknown option '--bogus' (valid: --out)", "knot-invariants", "a.csv", "--bogus")]
    [InlineData("knot file 'a.csv' does not exist", "knot-invariants", "a.csv", "--out", "b.csv")]
    public void BadArgumentsAreExplained(string reason, params string[] args)
    {
        var r = KanCommandLineRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(reason, r.ErrorLines[0]);
        Assert.StartsWith("kan: ", r.ErrorLines[0]);
    }
}
