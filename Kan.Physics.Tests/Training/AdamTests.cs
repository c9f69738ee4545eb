using Kan.Physics.Training;
using Kan.Physics.Optimization;

namespace Kan.Physics.Tests.Training;

public class AdamTests
{
    private static readonly double[] Center = [1.5, -0.5, 2.0, 0.25];
    private static readonly double[] Curvature = [1.0, 10.0, 0.5, 4.0];

    /// <summary>Separable quadratic Σ cᵢ(xᵢ − zᵢ)², minimum 0 at <see cref="Center"/>.</summary>
    private static double Quadratic(ReadOnlySpan<double> x, Span<double> g)
    {
        double f = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = x[i] - Center[i];
            f += Curvature[i] * r * r;
            g[i] = 2 * Curvature[i] * r;
        }

        return f;
    }

    [Fact]
    public void Minimize_ReducesQuadraticToItsMinimum()
    {
        var x = new double[4];
        double start = Quadratic(x, new double[4]);
        var adam = new Adam(4, new AdamOptions { LearningRate = 0.05 });
        var result = adam.Minimize(Quadratic, x, 3000);

        Assert.Equal(StopReason.IterationLimit, result.StopReason);
        Assert.Equal(3000, result.Iterations);
        Assert.Equal(3001, result.Evaluations);
        Assert.Equal(3000, adam.StepCount);
        Assert.Equal(Quadratic(x, new double[4]), result.Loss);
        Assert.True(result.Loss < 1e-8 * start, $"loss {result.Loss}");
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(Center[i], x[i], 1e-4);
        }
    }

    [Fact]
    public void FirstStep_IsBiasCorrected()
    {
        var options = new AdamOptions { LearningRate = 0.01 };
        var adam = new Adam(3, options);
        var p = new[] { 1.0, 2.0, 3.0 };
        var g = new[] { 3.0, -0.5, 0.0 };
        adam.Step(p, g);

        // By hand: m = (1 − β₁)g, v = (1 − β₂)g², m̂ = g, v̂ = g², so Δ = −lr·g/(|g| + ε) ≈ −lr·sign(g).
        Assert.Equal(1.0 - 0.01 * 3.0 / (3.0 + 1e-8), p[0], 1e-15);
        Assert.Equal(2.0 + 0.01 * 0.5 / (0.5 + 1e-8), p[1], 1e-15);
        Assert.Equal(3.0, p[2]);
        Assert.Equal(1.0 - 0.01, p[0], 1e-9);
        Assert.Equal(2.0 + 0.01, p[1], 1e-9);
        Assert.Equal(1, adam.StepCount);
        Assert.Equal(0.1 * 3.0, adam.FirstMoment[0], 1e-15);
        Assert.Equal(0.001 * 0.25, adam.SecondMoment[1], 1e-18);
    }

    [Fact]
    public void SecondStep_MatchesHandComputation()
    {
        var adam = new Adam(1, new AdamOptions { LearningRate = 0.1 });
        var p = new[] { 0.0 };
        adam.Step(p, [2.0]);
        adam.Step(p, [1.0]);

        double m = 0.9 * (0.1 * 2.0) + 0.1 * 1.0;
        double v = 0.999 * (0.001 * 4.0) + 0.001 * 1.0;
        double mHat = m / (1 - 0.9 * 0.9);
        double vHat = v / (1 - 0.999 * 0.999);
        double expected = -0.1 * (2.0 / (2.0 + 1e-8)) - 0.1 * mHat / (Math.Sqrt(vHat) + 1e-8);
        Assert.Equal(expected, p[0], 1e-14);
    }

    [Fact]
    public void WeightDecay_IsDecoupledFromTheGradient()
    {
        var adam = new Adam(2, new AdamOptions { LearningRate = 0.01, WeightDecay = 0.5 });
        var p = new[] { 4.0, -2.0 };
        adam.Step(p, [0.0, 0.0]);

        // Zero gradient: only the decay acts, θ ← θ(1 − lr·λ), whatever the moments are.
        Assert.Equal(4.0 * (1 - 0.005), p[0], 1e-15);
        Assert.Equal(-2.0 * (1 - 0.005), p[1], 1e-15);
    }

    [Fact]
    public void Restore_GivesIdenticalContinuation()
    {
        var options = new AdamOptions { LearningRate = 0.02, WeightDecay = 1e-3 };
        var original = new Adam(4, options);
        var x = new double[4];
        original.Minimize(Quadratic, x, 25);

        int step = original.StepCount;
        double[] m = original.FirstMoment.ToArray();
        double[] v = original.SecondMoment.ToArray();
        double[] xCheckpoint = (double[])x.Clone();

        var continued = original.Minimize(Quadratic, x, 25);

        var restored = new Adam(4, options);
        restored.Restore(step, m, v);
        var xRestored = (double[])xCheckpoint.Clone();
        var resumed = restored.Minimize(Quadratic, xRestored, 25);

        Assert.Equal(x, xRestored);
        Assert.Equal(continued, resumed);
        Assert.Equal(original.StepCount, restored.StepCount);
        Assert.True(original.FirstMoment.SequenceEqual(restored.FirstMoment));
        Assert.True(original.SecondMoment.SequenceEqual(restored.SecondMoment));

        // Without the moments the continuation differs, so the comparison above is meaningful.
        var xFresh = (double[])xCheckpoint.Clone();
        new Adam(4, options).Minimize(Quadratic, xFresh, 25);
        Assert.NotEqual(x, xFresh);
    }

    [Fact]
    public void Reset_StartsOverAsNew()
    {
        var adam = new Adam(4);
        var x = new double[4];
        adam.Minimize(Quadratic, x, 10);
        adam.Reset();

        Assert.Equal(0, adam.StepCount);
        Assert.All(adam.FirstMoment.ToArray(), v => Assert.Equal(0.0, v));
        Assert.All(adam.SecondMoment.ToArray(), v => Assert.Equal(0.0, v));

        var p1 = new[] { 1.0, 1.0, 1.0, 1.0 };
        var p2 = new[] { 1.0, 1.0, 1.0, 1.0 };
        var g = new[] { 1.0, -2.0, 3.0, -4.0 };
        adam.Step(p1, g);
        new Adam(4).Step(p2, g);
        Assert.Equal(p2, p1);
    }

    [Fact]
    public void Minimize_CancelledInCallback_ReportsCancelled()
    {
        using var cts = new CancellationTokenSource();
        var x = new double[4];
        var result = new Adam(4).Minimize(
            Quadratic,
            x,
            100,
            info =>
            {
                if (info.Iteration == 3)
                {
                    cts.Cancel();
                }
            },
            cts.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(3, result.Iterations);
        Assert.Equal(4, result.Evaluations);
        Assert.Equal(Quadratic(x, new double[4]), result.Loss);
    }

    [Fact]
    public void Minimize_NonFiniteLoss_RestoresLastFinitePoint()
    {
        // Loss becomes NaN once x₀ > 0.0025; with lr = 0.001 steps of ≈ 0.001 reach it on step 3.
        static double Objective(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = -1;
            return x[0] > 0.0025 ? double.NaN : -x[0];
        }

        var x = new[] { 0.0 };
        var result = new Adam(1).Minimize(Objective, x, 10);

        Assert.Equal(StopReason.NonFiniteLoss, result.StopReason);
        Assert.Equal(2, result.Iterations);
        Assert.True(x[0] <= 0.0025 && x[0] > 0.0019, $"x = {x[0]}");
        Assert.Equal(-x[0], result.Loss);

        var atStart = new Adam(1).Minimize((p, g) => double.NaN, new[] { 0.0 }, 10);
        Assert.Equal(StopReason.NonFiniteLoss, atStart.StopReason);
        Assert.Equal(0, atStart.Iterations);
    }

    [Theory]
    [InlineData(nameof(AdamOptions.LearningRate))]
    [InlineData(nameof(AdamOptions.Beta1))]
    [InlineData(nameof(AdamOptions.Beta2))]
    [InlineData(nameof(AdamOptions.Epsilon))]
    [InlineData(nameof(AdamOptions.WeightDecay))]
    public void InvalidOptions_ThrowNamingTheProperty(string property)
    {
        var options = property switch
        {
            nameof(AdamOptions.LearningRate) => new AdamOptions { LearningRate = 0 },
            nameof(AdamOptions.Beta1) => new AdamOptions { Beta1 = 1 },
            nameof(AdamOptions.Beta2) => new AdamOptions { Beta2 = -0.1 },
            nameof(AdamOptions.Epsilon) => new AdamOptions { Epsilon = double.NaN },
            _ => new AdamOptions { WeightDecay = -1 },
        };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(3, options));
        Assert.Equal(property, ex.ParamName);
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(0));
        var adam = new Adam(2);
        Assert.Throws<ArgumentException>(() => adam.Step(new double[3], new double[2]));
        Assert.Throws<ArgumentException>(() => adam.Step(new double[2], new double[1]));
        Assert.Throws<ArgumentException>(() => adam.Restore(0, new double[1], new double[2]));
        Assert.Throws<ArgumentException>(() => adam.Restore(0, new double[2], [1.0, -1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.Restore(-1, new double[2], new double[2]));
        Assert.Throws<ArgumentNullException>(() => adam.Minimize(null!, new double[2], 1));
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => adam.Minimize(Quadratic, new double[3], 1)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => adam.Minimize(Quadratic, [double.NaN, 0], 1)).ParamName);
        Assert.Equal(0, adam.StepCount);
    }
}
