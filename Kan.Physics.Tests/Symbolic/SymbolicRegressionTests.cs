using Kan.Physics.Symbolic;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Symbolic;

public class SymbolicRegressionTests
{
    [Fact]
    public void Pruning_that_would_lose_the_fit_keeps_the_network()
    {
        // thresholds so high that every node goes: the pruned network, even retrained, predicts far worse than the
        // sparse fit, so the pipeline retries lower thresholds and then keeps the sparse network instead of ruining it
        static double F(double[] p) => p[0] * p[1]; // needs two hidden nodes ((x+y)^2 - (x-y)^2)/4
        var train = Dataset.FromFunction(F, 200, [-1, -1], [1, 1], seed: 1);
        var options = new SymbolicRegressionOptions
        {
            Widths = [2, 3, 1], Grids = [3], SparseSteps = 15, StepsPerGrid = 5, RetrainSteps = 0,
            NodeThreshold = 1e3, EdgeThreshold = 1e3, Seed = 2,
        };
        var r = SymbolicRegression.Run(train, null, options);
        Assert.True(r.Pruned.Widths.SequenceEqual([2, 3, 1]), string.Join("; ", r.Stages.Select(st => $"{st.Name} {st.TrainRmse:E2}")));
        // the retries ran: the first retrained prune lost the fit, two lower thresholds were tried, then none
        Assert.Equal(3, r.Stages.Count(st => st.Name.Contains("lower thresholds", StringComparison.Ordinal)));
        // and the kept network fits at least as well as the sparse one did (the second prune, which would lose it, undone)
        Assert.Contains(r.Stages, st => st.Name.StartsWith("second prune undone", StringComparison.Ordinal));
        var y = r.Pruned.Forward(train.Inputs);
        double kept = Math.Sqrt(y.Select((v, i) => (v - train.Targets[i]) * (v - train.Targets[i])).Average());
        Assert.True(kept < 2 * r.Stages[0].TrainRmse, $"kept {kept:E3} against sparse {r.Stages[0].TrainRmse:E3}");

        // ordinary thresholds still prune: spare nodes or edges go
        var normal = SymbolicRegression.Run(train, null, options with { NodeThreshold = 1e-2, EdgeThreshold = 3e-2 });
        Assert.True(normal.Pruned.Widths[1] < 3 || normal.Pruned.Layers.Sum(l => l.Mask.Count(m => m != 0)) < 9,
            $"pruned to [{string.Join(",", normal.Pruned.Widths)}]");
    }

    /// <summary>150 rows of sin(2x) + y/2 on [-1,1]^2 with uniform noise of width 0.2, and noiseless test rows.</summary>
    private static (Dataset Noisy, Dataset Test) NoisySineAndPlane(int testRows)
    {
        var rng = new Random(4);
        static double F(double[] p) => Math.Sin(2 * p[0]) + 0.5 * p[1];
        var clean = Dataset.FromFunction(F, 150, [-1, -1], [1, 1], seed: 3);
        var noisy = new Dataset(clean.Inputs, [.. clean.Targets.Select(t => t + 0.2 * (rng.NextDouble() - 0.5))], 2);
        return (noisy, Dataset.FromFunction(F, testRows, [-1, -1], [1, 1], seed: 5));
    }

    [Fact]
    public void Held_out_rows_stop_grid_extension_where_it_overfits()
    {
        // 150 noisy rows of a smooth function: a grid of 60 fits the noise, a grid of 5 does not
        var (noisy, test) = NoisySineAndPlane(500);
        var options = new SymbolicRegressionOptions
        {
            Widths = [2, 2, 1], Grids = [5, 60], SparseSteps = 10, StepsPerGrid = 20, RetrainSteps = 0, Prune = false, Seed = 1,
        };
        var plain = SymbolicRegression.Run(noisy, test, options);
        var held = SymbolicRegression.Run(noisy, test, options with { ValidationFraction = 0.25 });
        string Log(SymbolicRegressionResult r) => string.Join("; ", r.Stages.Select(st => $"{st.Name} {st.TestRmse:E2}"));
        // the last grid overfits here (its test error is above the first grid's), and the held-out rows see it
        Assert.Contains(held.Stages, st => st.Name.Contains("G = 5 (lowest held-out RMSE", StringComparison.Ordinal));
        Assert.True(held.SplineRmse < plain.SplineRmse, $"held out: {Log(held)} | plain: {Log(plain)}");
        Assert.Equal(5, held.Pruned.Layers[0].GridSize);
        // deterministic: the same split and the same network again
        var again = SymbolicRegression.Run(noisy, test, options with { ValidationFraction = 0.25 });
        Assert.Equal(held.SplineRmse, again.SplineRmse);
        Assert.Throws<ArgumentOutOfRangeException>(() => SymbolicRegression.Run(noisy, test, options with { ValidationFraction = 1 }));
    }

    [Fact]
    public void Grid_patience_stops_the_schedule_after_grids_that_do_not_lower_the_held_out_RMSE()
    {
        // 150 noisy rows: every grid past 5 fits the noise (a grid of 40 on two inputs has more coefficients than the
        // 112 rows kept), so the held-out RMSE is lowest at 5 and patience 1 stops after the first finer grid
        var (noisy, test) = NoisySineAndPlane(300);
        var options = new SymbolicRegressionOptions
        {
            Widths = [2, 2, 1], Grids = [5, 40, 60, 80], SparseSteps = 10, StepsPerGrid = 20, RetrainSteps = 0, Prune = false, Seed = 1,
            ValidationFraction = 0.25,
        };
        var all = SymbolicRegression.Run(noisy, test, options);
        var patient = SymbolicRegression.Run(noisy, test, options with { GridPatience = 1 });
        string Log(SymbolicRegressionResult r) => string.Join("; ", r.Stages.Select(st => st.Name));
        Assert.Contains(all.Stages, st => st.Name.Contains("G = 5 (lowest held-out RMSE", StringComparison.Ordinal));
        Assert.Contains(all.Stages, st => st.Name == "pruned [2,2,1], G = 80");
        // the same stages up to G = 40, then the rest of the schedule skipped
        int cut = patient.Stages.ToList().FindIndex(st => st.Name.StartsWith("grids past 40 skipped", StringComparison.Ordinal));
        Assert.True(cut > 0, Log(patient));
        for (int i = 0; i < cut; i++)
        {
            Assert.Equal(all.Stages[i].Name, patient.Stages[i].Name);
            Assert.Equal(all.Stages[i].TrainRmse, patient.Stages[i].TrainRmse);
        }
        Assert.Equal("pruned [2,2,1], G = 40", patient.Stages[cut - 1].Name);
        Assert.DoesNotContain(patient.Stages, st => st.Name.Contains("G = 60", StringComparison.Ordinal) || st.Name.Contains("G = 80", StringComparison.Ordinal));
        // and the kept network is the one the whole schedule keeps: same grid, same final fit, same held-out RMSE
        Assert.Equal(5, patient.Pruned.Layers[0].GridSize);
        Assert.Equal(all.SplineRmse, patient.SplineRmse);
        Assert.Equal(all.ValidationRmse, patient.ValidationRmse);
        // every grid stage carries its held-out RMSE, the kept grid's the lowest; other stages have none
        var gridStages = all.Stages.Where(st => st.Name.StartsWith("pruned [2,2,1], G = ", StringComparison.Ordinal) && !st.Name.Contains("all training rows", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, gridStages.Count);
        Assert.All(gridStages, st => Assert.True(double.IsFinite(st.ValidationRmse) && st.ValidationRmse >= all.ValidationRmse, st.Name));
        Assert.Equal(all.ValidationRmse, gridStages[0].ValidationRmse);
        Assert.All(all.Stages.Except(gridStages), st => Assert.True(double.IsNaN(st.ValidationRmse), st.Name));
        // patience 2 needs two grids in a row without a lower held-out RMSE: it stops after G = 60
        var two = SymbolicRegression.Run(noisy, test, options with { GridPatience = 2 });
        Assert.Contains(two.Stages, st => st.Name.StartsWith("grids past 60 skipped: 2 without", StringComparison.Ordinal));
        Assert.DoesNotContain(two.Stages, st => st.Name.Contains("G = 80", StringComparison.Ordinal));
        Assert.Equal(all.SplineRmse, two.SplineRmse);
        // patience never cuts a schedule that has nothing left, and does nothing without held-out rows
        var plain = SymbolicRegression.Run(noisy, test, options with { GridPatience = 1, ValidationFraction = 0 });
        Assert.Contains(plain.Stages, st => st.Name == "pruned [2,2,1], G = 80");
        Assert.Throws<ArgumentOutOfRangeException>(() => SymbolicRegression.Run(noisy, test, options with { GridPatience = 0 }));
    }

    [Fact]
    public void Several_starts_are_screened_on_coarse_grids_and_the_best_on_held_out_rows_goes_on()
    {
        static double F(double[] p) => Math.Sin(2 * p[0]) * p[1] + p[1];
        var train = Dataset.FromFunction(F, 200, [-1, -1], [1, 1], seed: 7);
        var test = Dataset.FromFunction(F, 200, [-1, -1], [1, 1], seed: 8);
        var options = new SymbolicRegressionOptions
        {
            Widths = [2, 3, 1], Grids = [3, 5, 10, 20], SparseSteps = 8, StepsPerGrid = 6, ScreeningSteps = 3, RetrainSteps = 0,
            Restarts = 3, ScreeningGrid = 5, ValidationFraction = 0.25, Seed = 4,
        };
        var r = SymbolicRegression.Run(train, test, options);
        string log = string.Join("; ", r.Stages.Select(st => st.Name));
        Assert.Equal([4, 5, 6], r.Screening.Select(s => s.Seed));
        Assert.All(r.Screening, s => Assert.True(double.IsFinite(s.ValidationRmse) && s.ValidationRmse > 0, log));
        // the kept start is the one with the lowest held-out RMSE at the end of its screening
        Assert.Equal(r.Screening.MinBy(s => s.ValidationRmse)!.Seed, r.Seed);
        Assert.Equal(2, r.OtherStarts.Count);
        Assert.All(r.OtherStarts, n => Assert.Equal(5, n.Layers[0].GridSize));
        // screening trains each start on the grids up to 5 only; grids 10 and 20 are trained once, for the kept start
        var screeningStages = r.Stages.Where(st => st.Name.Contains("(screening)", StringComparison.Ordinal)).ToList();
        Assert.True(screeningStages.Count >= 6, log); // 3 starts x grids 3 and 5 (plus any prune repairs)
        Assert.DoesNotContain(screeningStages, st => st.Name.Contains("G = 10", StringComparison.Ordinal) || st.Name.Contains("G = 20", StringComparison.Ordinal));
        Assert.Equal(1, r.Stages.Count(st => st.Name.StartsWith("pruned", StringComparison.Ordinal) && st.Name.Contains(", G = 10", StringComparison.Ordinal) && !st.Name.Contains("all training rows", StringComparison.Ordinal)));
        Assert.Equal(1, r.Stages.Count(st => st.Name.StartsWith("pruned", StringComparison.Ordinal) && st.Name.Contains(", G = 20", StringComparison.Ordinal) && !st.Name.Contains("all training rows", StringComparison.Ordinal)));
        Assert.True(double.IsFinite(r.ValidationRmse) && r.ValidationRmse <= r.Screening.Min(s => s.ValidationRmse), log);
        // deterministic for a seed
        var again = SymbolicRegression.Run(train, test, options);
        Assert.Equal(r.SplineRmse, again.SplineRmse);
        Assert.Equal(r.Seed, again.Seed);
        // two survivors: the best two screened starts each go along grids 10 and 20, and the one lower on held-out rows is kept
        var two = SymbolicRegression.Run(train, test, options with { Survivors = 2 });
        var ranked = two.Screening.OrderBy(s => s.ValidationRmse).Take(2).Select(s => s.Seed).ToList();
        foreach (int seed in ranked)
            Assert.Contains(two.Stages, st => st.Name.StartsWith("pruned", StringComparison.Ordinal) && st.Name.Contains($"G = 20, seed {seed}", StringComparison.Ordinal));
        Assert.Contains(two.Seed, ranked);
        Assert.True(two.ValidationRmse <= r.ValidationRmse, $"two survivors {two.ValidationRmse:E3}, one {r.ValidationRmse:E3}");
        Assert.Throws<ArgumentOutOfRangeException>(() => SymbolicRegression.Run(train, test, options with { Survivors = 0 }));
        // without held-out rows the starts are not screened: the sparsest pruned network is kept as before
        var plain = SymbolicRegression.Run(train, test, options with { ValidationFraction = 0 });
        Assert.Empty(plain.Screening);
        Assert.Empty(plain.OtherStarts);
        Assert.DoesNotContain(plain.Stages, st => st.Name.Contains("(screening)", StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => SymbolicRegression.Run(train, test, options with { ScreeningSteps = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SymbolicRegression.Run(train, test, options with { GridEps = 2 }));
    }

    [Fact]
    public void Starts_cycle_through_the_sparsity_strengths()
    {
        static double F(double[] p) => Math.Sin(2 * p[0]) + p[1] * p[1];
        var train = Dataset.FromFunction(F, 150, [-1, -1], [1, 1], seed: 2);
        var options = new SymbolicRegressionOptions
        {
            Widths = [2, 3, 1], Grids = [3], SparseSteps = 10, StepsPerGrid = 2, RetrainSteps = 0, Restarts = 3,
            SparsityLambdas = [1e-4, 0.3], Seed = 0,
        };
        var r = SymbolicRegression.Run(train, null, options);
        var sparse = r.Stages.Where(st => st.Name.StartsWith("sparse training", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, sparse.Count);
        Assert.Contains("seed 0, lambda 1e-4", sparse[0].Name);
        Assert.Contains("seed 1, lambda 3e-1", sparse[1].Name);
        Assert.Contains("seed 2, lambda 1e-4", sparse[2].Name);
        // the strong penalty costs the fit that the weak one keeps
        Assert.True(sparse[1].TrainRmse > 2 * sparse[0].TrainRmse, string.Join("; ", sparse.Select(st => $"{st.Name} {st.TrainRmse:E2}")));
        Assert.Throws<ArgumentException>(() => SymbolicRegression.Run(train, null, options with { SparsityLambdas = [] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SymbolicRegression.Run(train, null, options with { SparsityLambdas = [1e-3, -1] }));
    }

    [Fact]
    public void Relative_sparsity_is_the_strength_times_the_targets_standard_deviation()
    {
        // targets of small spread: 0.1 sin(2x) + 0.05 y^2
        static double F(double[] p) => 0.1 * Math.Sin(2 * p[0]) + 0.05 * p[1] * p[1];
        var train = Dataset.FromFunction(F, 120, [-1, -1], [1, 1], seed: 4);
        double mean = train.Targets.Average(), std = Math.Sqrt(train.Targets.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(std, 0.02, 0.2);
        var options = new SymbolicRegressionOptions
        {
            Widths = [2, 3, 1], Grids = [3, 5], SparseSteps = 8, StepsPerGrid = 3, RetrainSteps = 0, Restarts = 2,
            SparsityLambdas = [1e-3, 1e-2], Seed = 1,
        };
        var relative = SymbolicRegression.Run(train, null, options with { SparsityRelativeToSpread = true });
        // the same run with the scaled strengths given explicitly: the same networks, to the last bit
        var scaled = SymbolicRegression.Run(train, null, options with { SparsityLambdas = [1e-3 * std, 1e-2 * std] });
        Assert.Equal(scaled.Stages.Select(st => st.TrainRmse), relative.Stages.Select(st => st.TrainRmse));
        Assert.Equal(scaled.Pruned.GetParameters(), relative.Pruned.GetParameters());
        var sparse = relative.Stages.Where(st => st.Name.StartsWith("sparse training", StringComparison.Ordinal)).ToList();
        Assert.Contains($"lambda {1e-3 * std:0.###e+0}", sparse[0].Name);
        Assert.Contains($"lambda {1e-2 * std:0.###e+0}", sparse[1].Name);
        // and it differs from the strengths as given (the option is not a no-op)
        var plain = SymbolicRegression.Run(train, null, options);
        Assert.NotEqual(plain.Stages.First().TrainRmse, relative.Stages.First().TrainRmse);
        Assert.True(relative.Stages.First().TrainRmse < plain.Stages.First().TrainRmse,
            $"weaker penalty on small targets should fit better: {relative.Stages.First().TrainRmse:E3} vs {plain.Stages.First().TrainRmse:E3}");

        // constant targets have no spread: the strengths stay as given
        var flat = new Dataset(train.Inputs, Enumerable.Repeat(0.7, train.Count).ToArray(), 2, 1);
        var flatRelative = SymbolicRegression.Run(flat, null, options with { Restarts = 1, SparsityRelativeToSpread = true });
        var flatPlain = SymbolicRegression.Run(flat, null, options with { Restarts = 1 });
        Assert.Equal(flatPlain.Pruned.GetParameters(), flatRelative.Pruned.GetParameters());
    }

    [Fact]
    public void An_input_domain_spans_the_first_layer_grids_in_every_stage()
    {
        static double F(double[] p) => Math.Sqrt(p[0]) + p[1];
        // samples well inside the domain [0.1, 2] x [-1, 1]
        var train = Dataset.FromFunction(F, 120, [0.3, -0.8], [1.8, 0.8], seed: 5);
        var options = new SymbolicRegressionOptions
        {
            Widths = [2, 2, 1], Grids = [3, 5], SparseSteps = 6, StepsPerGrid = 4, RetrainSteps = 0, Restarts = 1, Seed = 0,
            InputDomain = [(0.1, 2.0), (-1.0, 1.0)],
        };
        var r = SymbolicRegression.Run(train, null, options);
        foreach (var net in new[] { r.Sparse, r.Pruned })
        {
            Assert.Equal(0.1, net.Layers[0].Basis(0).GridMin);
            Assert.Equal(2.0, net.Layers[0].Basis(0).GridMax);
            Assert.Equal(-1.0, net.Layers[0].Basis(1).GridMin);
            Assert.Equal(1.0, net.Layers[0].Basis(1).GridMax);
        }
        // without it the grids end at the samples
        var plain = SymbolicRegression.Run(train, null, options with { InputDomain = null });
        Assert.True(plain.Pruned.Layers[0].Basis(0).GridMin >= 0.3);
        // a domain of the wrong width is refused before any training
        var e = Assert.Throws<ArgumentException>(() => SymbolicRegression.Run(train, null, options with { InputDomain = [(0.1, 2.0)] }));
        Assert.Contains("1 ranges for 2 inputs", e.Message);
        var t = Assert.Throws<ArgumentException>(() => new Trainer(new TrainingOptions { Steps = 1, InputDomain = [(0.0, 1.0)] }).Fit(r.Pruned.Clone(), train));
        Assert.Contains("1 ranges but the network has 2 inputs", t.Message);
        Assert.Throws<ArgumentException>(() => new Trainer(new TrainingOptions { InputDomain = [(1.0, 0.0)] }));
    }
}
