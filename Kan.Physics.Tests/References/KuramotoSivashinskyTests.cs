using Kan.Physics.Problems.References;

namespace Kan.Physics.Tests.References;

public class KuramotoSivashinskyTests
{
    private const double L = 32 * Math.PI;

    [Fact]
    public void Spectral_derivatives_match_the_initial_condition_exactly()
    {
        var run = KuramotoSivashinsky.Solve(KuramotoSivashinsky.InitialCondition, L, 128, 0.05, [0.0]);
        // u0 = cos(x/16) + sin(x/8)/2: derivative q is cos(x/16 + q pi/2)/16^q + sin(x/8 + q pi/2)/(2 8^q)
        for (int q = 0; q <= 4; q++)
        {
            var d = run.Derivative(0, q);
            for (int j = 0; j < 128; j += 7)
            {
                double x = run.X[j];
                double exact = Math.Cos(x / 16 + q * Math.PI / 2) / Math.Pow(16, q) + Math.Sin(x / 8 + q * Math.PI / 2) / (2 * Math.Pow(8, q));
                Assert.Equal(exact, d[j], 1e-12);
            }
        }
    }

    [Fact]
    public void A_small_mode_grows_at_the_linear_rate()
    {
        // amplitude 1e-9: the nonlinear term is 1e-18, u(t) = exp((q^2 - q^4) t) u0 for q = 2 pi 10 / L
        double q = 2 * Math.PI * 10 / L, rate = q * q - q * q * q * q;
        var run = KuramotoSivashinsky.Solve(x => 1e-9 * Math.Cos(q * x), L, 64, 0.1, [0.0, 5.0]);
        var u = run.Derivative(1, 0);
        for (int j = 0; j < 64; j += 5) Assert.Equal(1e-9 * Math.Exp(rate * 5) * Math.Cos(q * run.X[j]), u[j], 1e-17); // the u^2 term is 1e-9 of u
    }

    [Fact]
    public void The_saved_states_satisfy_the_PDE_and_converge_in_the_time_step()
    {
        // u_t by a central difference of states 1e-3 apart against -u u_x - u_xx - u_xxxx from the spectra, at t = 20
        var run = KuramotoSivashinsky.Solve(KuramotoSivashinsky.InitialCondition, L, 256, 0.01, [0.0, 20 - 1e-3, 20, 20 + 1e-3]);
        var before = run.Derivative(1, 0); var after = run.Derivative(3, 0);
        var u = run.Derivative(2, 0); var ux = run.Derivative(2, 1); var uxx = run.Derivative(2, 2); var uxxxx = run.Derivative(2, 4);
        double num = 0, den = 0;
        for (int j = 0; j < 256; j++)
        {
            double ut = (after[j] - before[j]) / 2e-3, rhs = -u[j] * ux[j] - uxx[j] - uxxxx[j];
            num += (ut - rhs) * (ut - rhs); den += rhs * rhs;
        }
        Assert.True(Math.Sqrt(num / den) < 1e-5, $"relative residual {Math.Sqrt(num / den):E2}");
        // halving the step changes the state at t = 20 by far less than its size
        var half = KuramotoSivashinsky.Solve(KuramotoSivashinsky.InitialCondition, L, 256, 0.005, [0.0, 20]).Derivative(1, 0);
        double diff = u.Zip(half).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(diff < 1e-8, $"max difference {diff:E2}");
        Assert.Throws<ArgumentOutOfRangeException>(() => KuramotoSivashinsky.Solve(KuramotoSivashinsky.InitialCondition, L, 100, 0.01, [0.0]));
    }
}
