using Kan.Physics.Solvers.Discovery;

namespace Kan.Physics.Tests.Discovery;

/// <summary>Discovery end to end on small grids: surrogate, derivatives, library, regression.</summary>
public class PdeDiscoveryTests
{
    /// <summary>u_t = -c u_x + D u_xx for a Gaussian pulse, exact, on an nx x nt grid over [-3, 6] x [0, 3].</summary>
    internal static FieldData AdvectionDiffusion(int nx, int nt, double c = 1.0, double d = 0.1)
    {
        var points = new double[nx * nt * 2];
        var u = new double[nx * nt];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < nt; j++)
            {
                double x = -3 + 9.0 * i / (nx - 1), t = 3.0 * j / (nt - 1), s = 1 + 4 * d * t;
                int k = i * nt + j;
                points[2 * k] = x; points[2 * k + 1] = t;
                u[k] = Math.Exp(-(x - c * t) * (x - c * t) / s) / Math.Sqrt(s);
            }
        return new FieldData(["x", "t"], "t", ["u"], points, [u]);
    }

    internal static DiscoveryOptions SmallOptions => new()
    {
        Order = 2, MaxPower = 2,
        Surrogate = new SurrogateOptions { Hidden = [5], Grids = [5, 10], StepsPerGrid = 30, MaxTrainPoints = 1500 },
    };

    [Fact]
    public void Finds_advection_diffusion_from_a_small_clean_grid()
    {
        var data = AdvectionDiffusion(48, 24);
        var result = PdeDiscovery.Run(data, SmallOptions);
        var eq = result.Equations.Single().Chosen;
        var c = eq.Terms.ToDictionary(t => t.Term.Name, t => t.Coefficient);
        Assert.Equal(["u_x", "u_xx"], c.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.InRange(c["u_x"], -1.05, -0.95);
        Assert.InRange(c["u_xx"], 0.09, 0.11);
        // the surrogate's held-out error is small against the field, and its u_xx follows the exact one
        var s = result.Surrogates.Single();
        Assert.True(s.HeldOutRmse < 0.01 * s.Scale, $"held-out RMSE {s.HeldOutRmse}");
        Assert.Equal(result.Collocation.Length / 2, result.Columns["u_xx"].Length);
        Assert.Contains(s.Grid, new[] { 5, 10 });
    }

    [Fact]
    public void The_derivative_list_names_pure_and_mixed_derivatives()
    {
        var data = new FieldData(["x", "y", "t"], "t", ["u", "v"], new double[3 * 60], [new double[60], new double[60]]);
        var names = PdeDiscovery.Derivatives(data, 2).Select(d => d.Name).ToArray();
        Assert.Equal(["u_t", "u_x", "u_xx", "u_y", "u_yy", "u_xy", "v_t", "v_x", "v_xx", "v_y", "v_yy", "v_xy"], names);
    }

    [Fact]
    public void Bad_data_are_named()
    {
        var data = AdvectionDiffusion(10, 10);
        data.Values[0][17] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => data.Validate());
        Assert.Contains("'u' is NaN at point 17", e.Message);
        Assert.Contains("'s'", Assert.Throws<ArgumentException>(() => (data with { Time = "s" }).Validate()).Message);
        Assert.Contains("at least 500", Assert.Throws<ArgumentException>(() => AdvectionDiffusion(10, 10).Validate(500)).Message);
    }
}
