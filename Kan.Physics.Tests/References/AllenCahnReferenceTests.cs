using System.Numerics;
using Kan.Physics.Problems.References;
using MathNet.Numerics.IntegralTransforms;

namespace Kan.Physics.Tests.References;

public class AllenCahnReferenceTests
{
    // Coarser than the defaults to keep the tests fast; at N = 1024, h = 2.5e-3 the solution is already converged to
    // about 1e-9 (see Convergence_DoublingModesAndHalvingStep). States every 0.005, as with the defaults.
    private static readonly Lazy<AllenCahnSolution> Coarse = new(() => AllenCahnReference.Solve(1024, 2.5e-3, saveEvery: 2));

    [Fact]
    public void Convergence_DoublingModesAndHalvingStep()
    {
        var fine = AllenCahnReference.Solve(2048, 1.25e-3, saveEvery: 40);
        var coarse = Coarse.Value;
        foreach (double t in new[] { 0.25, 0.5, 1.0 })
        {
            double worst = 0;
            for (int i = 0; i < 400; i++)
            {
                double x = -1 + 2.0 * i / 400 + 1e-3;
                worst = Math.Max(worst, Math.Abs(fine.Evaluate(x, t) - coarse.Evaluate(x, t)));
            }
            Assert.True(worst < 1e-8, $"t = {t}: max difference {worst:E2}");
        }
    }

    [Fact]
    public void Solution_StaysWithinTheWells()
    {
        // u0 = x^2 cos(pi x) lies in [-1, 1], and the reaction pushes u towards +-1: a maximum principle keeps |u| <= 1
        foreach (var row in Coarse.Value.Values)
            Assert.All(row, u => Assert.InRange(u, -1 - 1e-6, 1 + 1e-6));
        // and by t = 1 the plateaus have formed
        Assert.True(Coarse.Value.Values[^1].Max() > 0.99);
        Assert.True(Coarse.Value.Values[^1].Min() < -0.99);
    }

    [Fact]
    public void Solution_StaysEven()
    {
        // u0 is even and the PDE commutes with x -> -x
        var s = Coarse.Value;
        foreach (double t in new[] { 0.1, 0.5, 0.77, 1.0 })
            for (int i = 0; i <= 50; i++)
            {
                double x = 0.02 * i;
                Assert.Equal(s.Evaluate(x, t), s.Evaluate(-x, t), 1e-12);
            }
    }

    [Fact]
    public void InterpolationReproducesSavedStates()
    {
        var s = Coarse.Value;
        Assert.Equal(201, s.Times.Length);
        Assert.Equal(1.0, s.Times[^1]);
        for (int k = 1; k < s.Times.Length; k += 37)
            for (int j = 0; j < s.Modes; j += 61)
                Assert.Equal(s.Values[k][j], s.Evaluate(s.X[j], s.Times[k]), 1e-12);
        // t = 0 gives the exact initial condition, also off the grid and periodically continued
        Assert.Equal(AllenCahnReference.InitialCondition(0.123), s.Evaluate(0.123, 0));
        Assert.Equal(AllenCahnReference.InitialCondition(-0.5), s.Evaluate(1.5, 0), 1e-15);
        Assert.Equal(s.Evaluate(-0.3, 0.42), s.Evaluate(1.7, 0.42), 1e-12);
    }

    [Fact]
    public void TimeInterpolation_MatchesEveryStepSaves()
    {
        // saves every step versus every 2nd: the Hermite interpolant between saves (interval 0.005) against the solver
        var all = AllenCahnReference.Solve(512, 2.5e-3, 1.0, AllenCahnReference.DefaultDiffusion, saveEvery: 1);
        var some = AllenCahnReference.Solve(512, 2.5e-3, 1.0, AllenCahnReference.DefaultDiffusion, saveEvery: 2);
        double worst = 0;
        for (int k = 20; k < all.Times.Length; k++)
        {
            if (k % 2 == 0) continue;
            for (int j = 0; j < all.Modes; j += 7) worst = Math.Max(worst, Math.Abs(some.Evaluate(all.X[j], all.Times[k]) - all.Values[k][j]));
        }
        Assert.True(worst < 1e-8, $"max interpolation error for t >= 0.05: {worst:E2}");
    }

    [Fact]
    public void HeatEquation_SingleModeIsExact()
    {
        // no reaction: u = exp(-D (pi k)^2 t) sin(pi k x), integrated exactly in Fourier space
        const double d = 0.01;
        var s = AllenCahnReference.Solve(x => Math.Sin(3 * Math.PI * x) + 0.5 * Math.Cos(Math.PI * x), 64, 0.01, 1.0, d, 0, 0, saveEvery: 1);
        foreach (double t in new[] { 0.01, 0.3, 0.555, 1.0 })
            foreach (double x in new[] { -0.97, -0.31, 0.0, 0.123, 0.8 })
            {
                double exact = Math.Exp(-d * 9 * Math.PI * Math.PI * t) * Math.Sin(3 * Math.PI * x)
                    + 0.5 * Math.Exp(-d * Math.PI * Math.PI * t) * Math.Cos(Math.PI * x);
                Assert.Equal(exact, s.Evaluate(x, t), 1e-10);
            }
    }

    [Fact]
    public void LinearReaction_ConvergesAtFourthOrder()
    {
        // u_t = D u_xx + a u: the reaction goes through the ETDRK4 stages, exact u = exp((a - D (pi k)^2) t) cos(pi k x)
        const double d = 0.01, a = 3;
        double Error(double h)
        {
            var s = AllenCahnReference.Solve(x => Math.Cos(2 * Math.PI * x), 16, h, 1.0, d, a, 0, saveEvery: 1000);
            double exact = Math.Exp(a - d * 4 * Math.PI * Math.PI);
            return Math.Abs(s.Evaluate(0, 1.0) - exact) / exact;
        }
        double e1 = Error(0.1), e2 = Error(0.05);
        double order = Math.Log2(e1 / e2);
        Assert.InRange(order, 3.7, 4.3);
        Assert.True(Error(0.01) < 5e-8);
    }

    [Fact]
    public void FreeEnergy_DoesNotIncrease()
    {
        // Allen-Cahn is the L2 gradient flow of E[u] = Int D/2 u_x^2 + 5/4 (u^2 - 1)^2 dx
        var s = Coarse.Value;
        int n = s.Modes;
        double previous = double.PositiveInfinity;
        for (int k = 1; k < s.Times.Length; k++)
        {
            var c = s.Values[k].Select(v => new Complex(v, 0)).ToArray();
            Fourier.Forward(c, FourierOptions.NoScaling);
            for (int m = 0; m < n; m++)
            {
                int wave = m < n / 2 ? m : m == n / 2 ? 0 : m - n;
                c[m] *= new Complex(0, Math.PI * wave) / n;
            }
            Fourier.Inverse(c, FourierOptions.NoScaling);
            double energy = 0;
            for (int j = 0; j < n; j++)
            {
                double u = s.Values[k][j], w = u * u - 1;
                energy += (AllenCahnReference.DefaultDiffusion / 2 * c[j].Real * c[j].Real + 1.25 * w * w) * 2.0 / n;
            }
            Assert.True(energy <= previous + 1e-10, $"energy rose at t = {s.Times[k]}: {previous} -> {energy}");
            previous = energy;
        }
    }

    [Fact]
    public void EvaluateGrid_MatchesPointwise()
    {
        var s = Coarse.Value;
        double[] x = [-1, -0.4, 0, 0.33, 0.999];
        double[] t = [0, 0.0123, 0.5, 1];
        var u = s.EvaluateGrid(x, t);
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < t.Length; j++)
                Assert.Equal(s.Evaluate(x[i], t[j]), u[i * t.Length + j], 1e-15);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Assert.Equal("modes", Assert.Throws<ArgumentOutOfRangeException>(() => AllenCahnReference.Solve(100)).ParamName);
        Assert.Equal("dt", Assert.Throws<ArgumentOutOfRangeException>(() => AllenCahnReference.Solve(64, 0)).ParamName);
        Assert.Equal("tEnd", Assert.Throws<ArgumentOutOfRangeException>(() => AllenCahnReference.Solve(64, 1e-3, -1)).ParamName);
        Assert.Equal("diffusion", Assert.Throws<ArgumentOutOfRangeException>(() => AllenCahnReference.Solve(64, 1e-3, 1, -1e-4)).ParamName);
        Assert.Equal("saveEvery", Assert.Throws<ArgumentOutOfRangeException>(() => AllenCahnReference.Solve(64, 1e-3, 1, 1e-4, 0)).ParamName);
        Assert.Equal("initialCondition", Assert.Throws<ArgumentException>(() => AllenCahnReference.Solve(_ => double.NaN, 64, 1e-3, 1, 1e-4, 5, 5, 1)).ParamName);
        var s = AllenCahnReference.Solve(16, 0.1, 0.5);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => s.Evaluate(0, 0.6)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => s.Evaluate(double.NaN, 0.1)).ParamName);
    }
}
