using Kan.Physics.Expressions;
using Kan.Physics.Solvers.Discovery;

namespace Kan.Physics.Tests.Discovery;

/// <summary>The regression finds known sparse PDEs from exact derivatives.</summary>
public class SparseRegressionTests
{
    /// <summary>Columns u, u_t and u_x.. of an exact solution written as an expression in x and t, at a grid of points.</summary>
    private static Dictionary<string, double[]> Exact(string solution, double x0, double x1, double t0, double t1, int nx, int nt, int order)
        => Exact(Expr.Parse(solution, ["x", "t"]), x0, x1, t0, t1, nx, nt, order);

    private static Dictionary<string, double[]> Exact(Expr u, double x0, double x1, double t0, double t1, int nx, int nt, int order)
    {
        var exprs = new Dictionary<string, Expr> { ["u"] = u, ["u_t"] = u.Differentiate("t") };
        var d = u;
        for (int q = 1; q <= order; q++) { d = d.Differentiate("x"); exprs["u_" + new string('x', q)] = d; }
        var cols = exprs.ToDictionary(p => p.Key, _ => new double[nx * nt]);
        var compiled = exprs.ToDictionary(p => p.Key, p => p.Value.Compile(["x", "t"]));
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < nt; j++)
            {
                double[] pt = [x0 + (x1 - x0) * i / (nx - 1), t0 + (t1 - t0) * j / (nt - 1)];
                foreach (var (name, f) in compiled) cols[name][i * nt + j] = f(pt);
            }
        return cols;
    }

    /// <summary>
    /// The two-soliton solution of u_t = -6 u u_x - u_xxx, u = 2 (ln f)_xx with f = 1 + e^a + e^b + A e^(a+b),
    /// a = k1 x - k1^3 t, b = k2 x - k2^3 t + 2, A = ((k1 - k2)/(k1 + k2))^2 (one soliton alone is a travelling wave,
    /// which u_t = -c u_x already explains).
    /// </summary>
    private static Expr TwoSoliton()
    {
        const double k1 = 1.0, k2 = 1.5, a = (k1 - k2) * (k1 - k2) / ((k1 + k2) * (k1 + k2));
        var f = Expr.Parse($"1 + exp({k1}*x - {k1 * k1 * k1}*t) + exp({k2}*x - {k2 * k2 * k2}*t + 2) + {a}*exp({k1 + k2}*x - {k1 * k1 * k1 + k2 * k2 * k2}*t + 2)", ["x", "t"]);
        return (2 * Expr.Call("ln", f)).Differentiate("x").Differentiate("x");
    }

    [Fact]
    public void Finds_the_KdV_equation_from_two_solitons_with_exact_derivatives()
    {
        var cols = Exact(TwoSoliton(), -12, 12, -2, 2, 80, 25, 3);
        var lib = TermLibrary.Polynomial(["u"], ["u_x", "u_xx", "u_xxx"], 2, ["u", "u_x", "u_xx", "u_xxx"]);
        Assert.Equal(12, lib.Terms.Count);
        var result = EquationSearch.Run(lib, cols, "u_t");
        Assert.Equal(["u*u_x", "u_xxx"], result.Chosen.TermNames.Order(StringComparer.Ordinal).ToArray());
        var c = result.Chosen.Terms.ToDictionary(t => t.Term.Name, t => t.Coefficient);
        Assert.Equal(-6.0, c["u*u_x"], 6);
        Assert.Equal(-1.0, c["u_xxx"], 6);
        Assert.True(result.Chosen.HeldOutError < 1e-8);
        Assert.Contains("u_t = ", result.Chosen.ToText());
        Assert.Contains(@"u_{t}", result.Chosen.ToLatex());
        Assert.True(result.Candidates.Count > 1);
    }

    [Fact]
    public void Finds_advection_diffusion_and_a_user_term()
    {
        // u = exp(-(x - c t)^2 / (1 + 4 D t)) / sqrt(1 + 4 D t) solves u_t = -c u_x + D u_xx; add 0.3*sin(x) forcing by
        // regressing u_t - 0.3 sin(x) ... instead: the target is u_t + 0.3 sin(x) and "sin(x)" is a user term
        const string u = "exp(-(x - 0.8*t)^2/(1 + 0.2*t))/sqrt(1 + 0.2*t)";
        var cols = Exact(u, -4, 6, 0, 3, 50, 25, 2);
        var x = new double[50 * 25];
        for (int i = 0; i < 50; i++) for (int j = 0; j < 25; j++) x[i * 25 + j] = -4 + 10.0 * i / 49;
        cols["x"] = x;
        cols["u_t"] = cols["u_t"].Select((v, i) => v + 0.3 * Math.Sin(x[i])).ToArray();
        var lib = TermLibrary.Polynomial(["u"], ["u_x", "u_xx"], 2, ["u", "u_x", "u_xx", "x"], ["sin(x)"]);
        var result = EquationSearch.Run(lib, cols, "u_t");
        var c = result.Chosen.Terms.ToDictionary(t => t.Term.Name, t => t.Coefficient);
        Assert.Equal(["sin(x)", "u_x", "u_xx"], c.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(-0.8, c["u_x"], 6);
        Assert.Equal(0.05, c["u_xx"], 6);
        Assert.Equal(0.3, c["sin(x)"], 6);
    }

    [Fact]
    public void Noise_on_the_target_gives_standard_errors_that_cover_the_error()
    {
        var cols = Exact(TwoSoliton(), -12, 12, -2, 2, 80, 25, 3);
        var rng = new Random(3);
        double rms = Math.Sqrt(cols["u_t"].Average(v => v * v));
        cols["u_t"] = cols["u_t"].Select(v => v + 0.01 * rms * Normal(rng)).ToArray();
        var lib = TermLibrary.Polynomial(["u"], ["u_x", "u_xx", "u_xxx"], 2, ["u", "u_x", "u_xx", "u_xxx"]);
        var result = EquationSearch.Run(lib, cols, "u_t");
        var t = result.Chosen.Terms.ToDictionary(t => t.Term.Name);
        Assert.Equal(2, t.Count);
        Assert.InRange(Math.Abs(t["u*u_x"].Coefficient + 6), 0, 4 * t["u*u_x"].StandardError);
        Assert.InRange(t["u*u_x"].StandardError, 1e-5, 0.1);
    }

    [Fact]
    public void Bad_input_is_named()
    {
        var lib = TermLibrary.Polynomial(["u"], ["u_x"], 1, ["u", "u_x"]);
        var e = Assert.Throws<ArgumentException>(() => TermLibrary.Polynomial(["u"], ["u_x"], 1, ["u", "u_x"], ["u_yy*u"]));
        Assert.Contains("u_yy*u", e.Message);
        var cols = new Dictionary<string, double[]> { ["u"] = new double[100], ["u_x"] = new double[100] };
        Assert.Contains("u_t", Assert.Throws<ArgumentException>(() => EquationSearch.Run(lib, cols, "u_t")).Message);
        cols["u_t"] = new double[10];
        Assert.Throws<ArgumentException>(() => EquationSearch.Run(lib, cols, "u_t"));
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
