using Kan.Physics.Problems.Feynman;

namespace Kan.Physics.Tests.Feynman;

public class FeynmanCatalogTests
{
    // Expected values: each Formula string parsed with sympy and evaluated exactly (rational inputs, 30 digits, mpmath);
    // at III.9.52's b = c the sympy limit. Two points for equations with a singularity, a branch or a cancellation nearby.
    [Theory]
    [InlineData("I.6.2", new[] { 0.37, 1.3 }, 0.2946975342514201)]
    [InlineData("I.6.2", new[] { -0.9, 0.55 }, 0.19014953165203846)]
    [InlineData("I.6.2b", new[] { 1.2, -0.7, 0.8 }, 0.029714876037392254)]
    [InlineData("I.9.18", new[] { 2.5, -1.3, -0.8, 1.1, -1.7, 0.6 }, 0.17618040873854826)]
    [InlineData("I.12.11", new[] { 0.6, 2.0 }, 1.5455784560954091)]
    [InlineData("I.13.12", new[] { 1.5, 0.4 }, 2.25)]
    [InlineData("I.15.3x", new[] { 0.3, 0.6 }, 0.875)]
    [InlineData("I.15.3x", new[] { -0.8, -0.85 }, 3.4169687847089962)]
    [InlineData("I.16.6", new[] { 0.5, 0.7 }, 0.8888888888888888)]
    [InlineData("I.16.6", new[] { -0.75, 0.3 }, -0.5806451612903226)]
    [InlineData("I.18.4", new[] { 1.5, -0.4 }, 0.16)]
    [InlineData("I.26.2", new[] { 0.9, 1.0 }, 0.8592053838237265)]
    [InlineData("I.26.2", new[] { 0.5, 4.0 }, -0.38806850264885856)]
    [InlineData("I.27.6", new[] { 1.5, 0.8 }, 0.45454545454545453)]
    [InlineData("I.29.16", new[] { 0.7, 0.5, 2.9 }, 1.5881911729252696)]
    [InlineData("I.29.16", new[] { -0.4, 5.5, 1.2 }, 0.916166285308524)]
    [InlineData("I.30.3", new[] { 2.5, 2.0 }, 0.5058358328740492)]
    [InlineData("I.30.3", new[] { 3.7, 1.5 }, 0.2765133388474521)]
    [InlineData("I.30.5", new[] { 0.7, 1.2 }, 0.622826585412003)]
    [InlineData("I.30.5", new[] { -0.95, 1.05 }, -1.1308203720039778)]
    [InlineData("I.37.4", new[] { 2.5, 1.0 }, 5.208585911584281)]
    [InlineData("I.40.1", new[] { 0.6, -0.3 }, 0.8099152845456019)]
    [InlineData("I.44.4", new[] { 0.7, 2.5 }, 0.6414035123119085)]
    [InlineData("I.44.4", new[] { 0.3, 0.4 }, -0.27488721956224654)]
    [InlineData("I.50.26", new[] { 1.0, 0.6 }, 0.715458254903997)]
    [InlineData("II.2.42", new[] { 0.3, 1.7 }, -1.19)]
    [InlineData("II.6.15a", new[] { 0.5, 1.2, 1.7 }, 0.17586621211654435)]
    [InlineData("II.11.7", new[] { 0.8, -2.5, 1.1 }, -0.10719224285115478)]
    [InlineData("II.11.27", new[] { 0.9, 1.8 }, 3.5217391304347827)]
    [InlineData("II.11.27", new[] { 0.4, 0.7 }, 0.3088235294117647)]
    [InlineData("II.35.18", new[] { 0.7, 1.3 }, 0.17758256275921072)]
    [InlineData("II.35.18", new[] { 0.2, 3.9 }, 0.004046724204703926)]
    [InlineData("II.36.38", new[] { 2.1, 0.4, 17.0 }, 8.9)]
    [InlineData("II.38.3", new[] { 0.6, 1.7 }, 0.35294117647058826)]
    [InlineData("III.9.52", new[] { 1.5, 2.8, 0.9 }, 1.0996866206621911)]
    [InlineData("III.9.52", new[] { 0.7, 1.25, 1.25 }, 0.7)]
    [InlineData("III.10.19", new[] { 0.6, -0.8 }, 1.4142135623730951)]
    [InlineData("III.17.37", new[] { 0.4, 0.9, 2.2 }, 0.6881395977880755)]
    public void Evaluate_matches_the_formula_at_hand_computed_points(string id, double[] x, double expected)
    {
        double actual = FeynmanCatalog.Get(id).Evaluate(x);
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected),
            $"{id} at ({string.Join(", ", x)}): got {actual:R}, expected {expected:R}");
    }

    [Fact]
    public void Every_equation_has_a_hand_computed_point()
    {
        var covered = typeof(FeynmanCatalogTests).GetMethod(nameof(Evaluate_matches_the_formula_at_hand_computed_points))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).First()[0]).ToHashSet();
        var missing = FeynmanCatalog.All.Select(e => e.Id).Where(id => !covered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"no hand-computed point for {string.Join(", ", missing)}");
    }

    [Fact]
    public void III_9_52_is_continuous_across_its_removable_singularity()
    {
        // a sinc^2((b-c)/2) = a (1 - (b-c)^2/12 + ...): a point 1e-6 away must agree with the limit to ~1e-13.
        var f = FeynmanCatalog.Get("III.9.52").Evaluate;
        double atLimit = f([0.7, 1.25, 1.25]);
        double near = f([0.7, 1.25 + 1e-6, 1.25]);
        Assert.Equal(0.7, atLimit, 15);
        Assert.InRange(0.7 - near, 0, 1e-13);
        Assert.True(double.IsFinite(f([2.0, Math.PI, Math.PI])));
    }

    [Fact]
    public void Catalog_has_the_27_equations_of_Table_2_with_unique_ids()
    {
        Assert.Equal(27, FeynmanCatalog.All.Count);
        Assert.Equal(27, FeynmanCatalog.All.Select(e => e.Id).Distinct().Count());
        Assert.Equal("I.6.2", FeynmanCatalog.All[0].Id);
        Assert.Equal("III.17.37", FeynmanCatalog.All[^1].Id);
    }

    [Fact]
    public void Get_of_an_unknown_id_names_it_and_lists_the_valid_ids()
    {
        var ex = Assert.Throws<ArgumentException>(() => FeynmanCatalog.Get("I.99.9"));
        Assert.Equal("id", ex.ParamName);
        Assert.Contains("'I.99.9'", ex.Message);
        foreach (var e in FeynmanCatalog.All) Assert.Contains(e.Id, ex.Message);
    }

    [Fact]
    public void Get_finds_the_paper_label_and_the_AI_Feynman_id()
    {
        Assert.Equal("II.11.7", FeynmanCatalog.Get("II.11.7").Id);
        Assert.Same(FeynmanCatalog.Get("II.11.7"), FeynmanCatalog.Get("II.11.17"));
        Assert.Equal("II.11.17", FeynmanCatalog.Get("II.11.7").AiFeynmanId);
    }

    [Fact]
    public void Ranges_are_finite_with_lo_below_hi_one_per_variable()
    {
        foreach (var e in FeynmanCatalog.All)
        {
            Assert.True(e.Variables.Count >= 1, e.Id);
            Assert.Equal(e.Variables.Count, e.Ranges.Count);
            Assert.Equal(e.Variables.Count, e.Variables.Distinct().Count());
            foreach (var (lo, hi) in e.Ranges)
                Assert.True(double.IsFinite(lo) && double.IsFinite(hi) && lo < hi, $"{e.Id}: [{lo}, {hi}]");
        }
    }

    [Fact]
    public void Formulas_keep_to_the_parser_syntax_and_use_exactly_their_variables()
    {
        foreach (var e in FeynmanCatalog.All)
        {
            Assert.Null(FormulaSyntax.Problem(e.Formula, e.Variables));
            Assert.DoesNotContain("asin(", e.OriginalFormula);
        }
    }

    [Fact]
    public void Paper_shapes_start_at_the_input_count_and_end_in_one_output()
    {
        foreach (var e in FeynmanCatalog.All)
        {
            foreach (var shape in new[] { e.HumanKanShape, e.PrunedKanShapeMinRmse, e.PrunedKanShapeLowestLoss })
            {
                Assert.Equal(e.Dimension, shape[0]);
                Assert.Equal(1, shape[^1]);
                Assert.All(shape, w => Assert.True(w >= 1, e.Id));
            }
        }
    }

    [Fact]
    public void Paper_rmses_are_present_and_plausible()
    {
        // Table 2 has all four RMSEs for every row; each is a positive number below 1 (the largest is 3.85e-1).
        foreach (var e in FeynmanCatalog.All)
            foreach (double r in new[] { e.HumanKanTestRmse, e.PrunedKanTestRmse, e.UnprunedKanTestRmse, e.MlpTestRmse })
                Assert.True(r > 0 && r < 1, $"{e.Id}: {r}");
    }

    [Fact]
    public void Evaluate_rejects_a_row_of_the_wrong_length_naming_the_equation()
    {
        var e = FeynmanCatalog.Get("I.16.6");
        var ex = Assert.Throws<ArgumentException>(() => e.Evaluate([0.1, 0.2, 0.3]));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("I.16.6", ex.Message);
        Assert.Contains("got 3", ex.Message);
    }

    [Fact]
    public void Every_paper_equation_is_in_the_AI_Feynman_table()
    {
        var ids = AiFeynmanTable.All.Select(a => a.Id).ToHashSet();
        Assert.All(FeynmanCatalog.All, e => Assert.Contains(e.AiFeynmanId, ids));
    }
}
