using Kan.Physics.Problems.Feynman;

namespace Kan.Physics.Tests.Feynman;

public class AiFeynmanTableTests
{
    [Fact]
    public void Table_has_100_Feynman_and_20_bonus_equations_with_unique_ids()
    {
        Assert.Equal(120, AiFeynmanTable.All.Count);
        Assert.Equal(AiFeynmanTable.Count, AiFeynmanTable.All.Count);
        Assert.Equal(100, AiFeynmanTable.All.Count(e => !e.IsBonus));
        Assert.Equal(20, AiFeynmanTable.All.Count(e => e.IsBonus));
        Assert.Equal(120, AiFeynmanTable.All.Select(e => e.Id).Distinct().Count());
        // The database's Number column is 1..100 but not in row order (I.13.4, the 13th row, is number 9).
        Assert.Equal(Enumerable.Range(1, 100), AiFeynmanTable.All.Where(e => !e.IsBonus).Select(e => e.Number).Order());
        Assert.Equal(9, AiFeynmanTable.All.Single(e => e.Id == "I.13.4").Number);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"test_{i}"), AiFeynmanTable.All.Where(e => e.IsBonus).Select(e => e.Id));
    }

    [Fact]
    public void Every_entry_has_one_valid_range_per_distinct_variable()
    {
        foreach (var e in AiFeynmanTable.All)
        {
            Assert.InRange(e.Variables.Count, 1, 10);
            Assert.Equal(e.Variables.Count, e.Ranges.Count);
            Assert.Equal(e.Variables.Count, e.Variables.Distinct().Count());
            foreach (var (lo, hi) in e.Ranges)
                Assert.True(double.IsFinite(lo) && double.IsFinite(hi) && lo < hi, $"{e.Id}: [{lo}, {hi}]");
        }
    }

    [Fact]
    public void Formulas_keep_to_the_parser_syntax_and_use_exactly_their_variables()
    {
        foreach (var e in AiFeynmanTable.All)
            Assert.Null(FormulaSyntax.Problem(e.Formula, e.Variables));
    }

    [Fact]
    public void Generated_rows_keep_the_csv_columns_apart()
    {
        // One row of each file checked against the database, to catch a shifted column in the generator.
        var d = AiFeynmanTable.All.Single(e => e.Id == "I.8.14");
        Assert.Equal("sqrt((x2-x1)**2+(y2-y1)**2)", d.Formula);
        Assert.Equal(["x1", "x2", "y1", "y2"], d.Variables);
        Assert.All(d.Ranges, r => Assert.Equal((1.0, 5.0), r));
        Assert.Equal("d", d.Output);
        var t = AiFeynmanTable.All.Single(e => e.Id == "test_3");
        Assert.Equal("3.64 Goldstein", t.Name);
        Assert.Equal("r", t.Output);
        Assert.Equal("d*(1-alpha**2)/(1+alpha*cos(theta1-theta2))", t.Formula);
        // I.44.4 is the one formula written with ln in the database; the table uses log.
        Assert.Equal("n*kb*T*log(V2/V1)", AiFeynmanTable.All.Single(e => e.Id == "I.44.4").Formula);
    }
}
