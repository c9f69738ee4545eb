using Kan.Physics.Problems.Feynman;

namespace Kan.Physics.Tests.Feynman;

public class FeynmanDatasetTests
{
    public static TheoryData<string> Ids() => [.. FeynmanCatalog.All.Select(e => e.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Default_data_lies_in_the_ranges_with_finite_targets_from_the_evaluator(string id)
    {
        var eq = FeynmanCatalog.Get(id);
        var data = FeynmanDataset.Generate(eq, seed: 3);
        Assert.Equal(FeynmanDataset.DefaultTrainCount, data.Train.Count);
        Assert.Equal(FeynmanDataset.DefaultTestCount, data.Test.Count);
        Assert.Equal(0, data.Redrawn);
        int d = eq.Dimension;
        foreach (var set in new[] { data.Train, data.Test })
        {
            Assert.Equal(d, set.InputDimension);
            for (int s = 0; s < set.Count; s++)
            {
                var row = set.Inputs.AsSpan(s * d, d).ToArray();
                for (int i = 0; i < d; i++)
                    Assert.True(row[i] >= eq.Ranges[i].Lo && row[i] <= eq.Ranges[i].Hi, $"{id} {eq.Variables[i]} = {row[i]}");
                Assert.True(double.IsFinite(set.Targets[s]));
                Assert.Equal(eq.Evaluate(row), set.Targets[s]);
            }
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_data_and_another_seed_other_data()
    {
        var eq = FeynmanCatalog.Get("I.9.18");
        var a = FeynmanDataset.Generate(eq, 200, 100, seed: 11);
        var b = FeynmanDataset.Generate(eq, 200, 100, seed: 11);
        var c = FeynmanDataset.Generate(eq, 200, 100, seed: 12);
        Assert.Equal(a.Train.Inputs, b.Train.Inputs);
        Assert.Equal(a.Train.Targets, b.Train.Targets);
        Assert.Equal(a.Test.Inputs, b.Test.Inputs);
        Assert.NotEqual(a.Train.Inputs, c.Train.Inputs);
        Assert.NotEqual(a.Train.Inputs.Take(6), a.Test.Inputs.Take(6));
    }

    [Fact]
    public void Test_set_does_not_depend_on_the_training_count()
    {
        var eq = FeynmanCatalog.Get("I.6.2b");
        var small = FeynmanDataset.Generate(eq, 10, 50, seed: 7);
        var large = FeynmanDataset.Generate(eq, 500, 50, seed: 7);
        Assert.Equal(small.Test.Inputs, large.Test.Inputs);
        Assert.Equal(small.Train.Inputs, large.Train.Inputs.Take(small.Train.Inputs.Length));
    }

    [Fact]
    public void Inputs_are_spread_uniformly_over_each_range()
    {
        // 1000 uniform draws: the mean lies within 4 standard errors of the midpoint, the extremes near the ends.
        var eq = FeynmanCatalog.Get("II.36.38"); // ranges [0,4], [0,1], [0,32]
        var x = FeynmanDataset.Generate(eq, seed: 5).Train;
        for (int i = 0; i < eq.Dimension; i++)
        {
            var col = Enumerable.Range(0, x.Count).Select(s => x.Inputs[s * eq.Dimension + i]).ToArray();
            var (lo, hi) = eq.Ranges[i];
            double se = (hi - lo) / Math.Sqrt(12 * col.Length);
            Assert.InRange(col.Average(), (lo + hi) / 2 - 4 * se, (lo + hi) / 2 + 4 * se);
            Assert.InRange(col.Min(), lo, lo + 0.01 * (hi - lo));
            Assert.InRange(col.Max(), hi - 0.01 * (hi - lo), hi);
        }
    }

    [Fact]
    public void Points_with_non_finite_targets_are_drawn_again()
    {
        var data = FeynmanDataset.Generate("sqrt", x => Math.Sqrt(x[0]), ["u"], [(-1.0, 1.0)], 300, 300, seed: 1);
        Assert.True(data.Redrawn > 100, $"redrawn {data.Redrawn}");
        Assert.All(data.Train.Inputs.Concat(data.Test.Inputs), u => Assert.True(u >= 0));
        Assert.All(data.Train.Targets, y => Assert.True(double.IsFinite(y)));
    }

    [Fact]
    public void A_formula_that_is_nowhere_finite_gives_an_error_naming_the_variables_and_ranges()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            FeynmanDataset.Generate("log-negative", x => Math.Log(-x[0] - x[1] * x[1]), ["u", "v"], [(0.5, 2.0), (-1.0, 1.0)], 10, 10, seed: 2));
        Assert.Contains("log-negative", ex.Message);
        Assert.Contains("u in [0.5, 2]", ex.Message);
        Assert.Contains("v in [-1, 1]", ex.Message);
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var eq = FeynmanCatalog.Get("I.6.2");
        Assert.Equal("trainCount", Assert.Throws<ArgumentOutOfRangeException>(() => FeynmanDataset.Generate(eq, 0, 10, 1)).ParamName);
        Assert.Equal("testCount", Assert.Throws<ArgumentOutOfRangeException>(() => FeynmanDataset.Generate(eq, 10, 0, 1)).ParamName);
        var ex = Assert.Throws<ArgumentException>(() => FeynmanDataset.Generate("f", x => x[0], ["w"], [(2.0, 2.0)], 10, 10, 1));
        Assert.Equal("ranges", ex.ParamName);
        Assert.Contains("w is [2, 2]", ex.Message);
        Assert.Equal("variables", Assert.Throws<ArgumentException>(() =>
            FeynmanDataset.Generate("f", x => x[0], ["w", "z"], [(0.0, 1.0)], 10, 10, 1)).ParamName);
    }
}
