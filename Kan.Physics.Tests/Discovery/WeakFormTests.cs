using Kan.Physics.Problems.References;
using Kan.Physics.Solvers.Discovery;

namespace Kan.Physics.Tests.Discovery;

/// <summary>The weak formulation: integration by parts of monomials, test functions, and discovery from exact fields.</summary>
public class WeakFormTests
{
    /// <summary>
    /// A field known as a function of (x, t), its derivatives by central differences of step h (errors O(h^2), far below
    /// what the tests compare): an exact stand-in for a surrogate.
    /// </summary>
    internal sealed class ExactField(Func<double, double, double> u, double h = 1e-2) : IFieldDerivatives
    {
        public double[][] Derivatives(double[] points, IReadOnlyList<int[]> derivatives)
        {
            int n = points.Length / 2;
            var result = new double[derivatives.Count][];
            for (int p = 0; p < derivatives.Count; p++)
            {
                var c = derivatives[p];
                result[p] = new double[n];
                for (int i = 0; i < n; i++) result[p][i] = Derivative(points[2 * i], points[2 * i + 1], c[0], c[1]);
            }
            return result;
        }

        private double Derivative(double x, double t, int qx, int qt)
        {
            if (qx > 0) return Central(s => Derivative(x + s, t, qx - 1, qt));
            if (qt > 0) return Central(s => Derivative(x, t + s, 0, qt - 1));
            return u(x, t);
        }

        private double Central(Func<double, double> f) => (f(-2 * h) - 8 * f(-h) + 8 * f(h) - f(2 * h)) / (12 * h);
    }

    private static FieldData Grid(Func<double, double, double> u, double x0, double x1, double t0, double t1, int nx, int nt)
    {
        var points = new double[nx * nt * 2];
        var values = new double[nx * nt];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < nt; j++)
            {
                int k = i * nt + j;
                points[2 * k] = x0 + (x1 - x0) * i / (nx - 1);
                points[2 * k + 1] = t0 + (t1 - t0) * j / (nt - 1);
                values[k] = u(points[2 * k], points[2 * k + 1]);
            }
        return new FieldData(["x", "t"], "t", ["u"], points, [values]);
    }

    private static Dictionary<string, string> Reduced(string term, int dimension = 2)
    {
        var data = new FieldData(["x", "t"], "t", ["u"], new double[2 * 60], [new double[60]]);
        var names = PdeDiscovery.Derivatives(data, 4).ToDictionary(d => d.Name, d => (Field: 0, d.Counts));
        names["u"] = (0, new int[dimension]);
        var expr = Kan.Physics.Expressions.Expr.Parse(term, [.. names.Keys]);
        var mono = WeakForm.AsMonomial(expr, n => names.TryGetValue(n, out var r) ? r : null, dimension)!;
        return WeakForm.Reduce(mono).ToDictionary(m => m.Key, m => m.Coefficient.ToString("G6", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Integration_by_parts_moves_every_derivative_it_can_onto_the_test_function()
    {
        // u_xxx phi -> -u phi_xxx
        Assert.Equal(new Dictionary<string, string> { ["0:0,0|3,0"] = "-1" }, Reduced("u_xxx"));
        // u u_x phi = (u^2/2)_x phi -> -1/2 u^2 phi_x
        Assert.Equal(new Dictionary<string, string> { ["0:0,0*0:0,0|1,0"] = "-0.5" }, Reduced("u*u_x"));
        // u u_xxx phi -> 3/2 u_x^2 phi_x + u u_x phi_xx
        // (and u u_x phi_xx = (u^2/2)_x phi_xx -> -1/2 u^2 phi_xxx)
        Assert.Equal(new Dictionary<string, string> { ["0:1,0*0:1,0|1,0"] = "1.5", ["0:0,0*0:0,0|3,0"] = "-0.5" }, Reduced("u*u_xxx"));
        // u_x^2 cannot be lowered (either way one factor keeps order 1), and u_t -> -u phi_t
        Assert.Equal(new Dictionary<string, string> { ["0:1,0*0:1,0|0,0"] = "1" }, Reduced("u_x^2"));
        Assert.Equal(new Dictionary<string, string> { ["0:0,0|0,1"] = "-1" }, Reduced("u_t"));
        // 3 u^2 u_xx -> -3 (2 u u_x^2 phi + u^2 u_x phi_x) -> 2 u^3 phi_xx - ... : the field's values and u_x only
        var r = Reduced("3*u^2*u_xx");
        Assert.All(r.Keys, k => Assert.DoesNotContain(":2,0", k));
    }

    [Fact]
    public void Reduced_monomials_integrate_to_the_same_value()
    {
        // int u u_xxx phi = int [3/2 u_x^2 phi_x + u u_x phi_xx] for a smooth u and the bump phi = (1 - x^2)^6 on [-1, 1]
        Func<double, double> u = x => Math.Sin(2 * x) + 0.3 * x * x;
        Func<double, double> u1 = x => 2 * Math.Cos(2 * x) + 0.6 * x;
        Func<double, double> u3 = x => -8 * Math.Cos(2 * x);
        double Integrate(Func<double, double> f) { int n = 4000; double s = 0; for (int i = 1; i < n; i++) s += f(-1 + 2.0 * i / n); return s * 2 / n; }
        double lhs = Integrate(x => u(x) * u3(x) * WeakForm.TestDerivative(6, 0, x));
        double rhs = Integrate(x => 1.5 * u1(x) * u1(x) * WeakForm.TestDerivative(6, 1, x) + u(x) * u1(x) * WeakForm.TestDerivative(6, 2, x));
        Assert.Equal(lhs, rhs, 1e-9);
        // and the test function's derivatives against differences of it
        for (int k = 1; k <= 4; k++)
            foreach (double s in new[] { -0.7, 0.1, 0.55 })
            {
                double h = 1e-4;
                double fd = (WeakForm.TestDerivative(6, k - 1, s + h) - WeakForm.TestDerivative(6, k - 1, s - h)) / (2 * h);
                Assert.Equal(fd, WeakForm.TestDerivative(6, k, s), 1e-5 * Math.Max(1, Math.Abs(fd)));
            }
    }

    [Fact]
    public void The_weak_form_finds_KdV_from_the_exact_two_soliton()
    {
        Func<double, double, double> u = (x, t) => DiscoveryData.KdvTwoSoliton(x, t);
        var data = Grid(u, -20, 20, 0, 8, 128, 64);
        var wanted = PdeDiscovery.Derivatives(data, 3);
        var spatial = wanted.Where(w => w.Counts[1] == 0).Select(w => w.Name).ToList();
        var library = TermLibrary.Polynomial(["u"], spatial, 2, ["u", .. spatial, "x", "t"]);
        var system = WeakForm.Assemble(data, [new ExactField(u)], library, wanted, 0.1, new WeakFormOptions { HalfWidth = 0.1, WindowsPerAxis = 16 });
        int iu = library.Terms.ToList().FindIndex(t => t.Name == "u*u_x"), i3 = library.Terms.ToList().FindIndex(t => t.Name == "u_xxx");
        var b = system.Targets["u"];
        double num = 0, den = 0;
        for (int w = 0; w < b.Length; w++) { double r = b[w] + 6 * system.Columns[iu][w] + system.Columns[i3][w]; num += r * r; den += b[w] * b[w]; }
        Assert.True(Math.Sqrt(num / den) < 1e-3, $"true model residual {Math.Sqrt(num / den)}; forms {string.Join(" ; ", system.Forms)}");
        var eq = EquationSearch.Run(library, system.Columns, system.Targets["u"], "u_t", new SparseRegressionOptions { ErrorFloor = 1e-3 }).Chosen;
        var c = eq.Terms.ToDictionary(t => t.Term.Name, t => t.Coefficient);
        var cands = EquationSearch.Run(library, system.Columns, system.Targets["u"], "u_t", new SparseRegressionOptions { ErrorFloor = 1e-3 }).Candidates;
        Assert.True(c.Count == 2, $"true {Math.Sqrt(num / den)}; " + string.Join("\n", cands.Select(q => q.ToText() + " " + q.HeldOutError)));
        Assert.Equal(["u*u_x", "u_xxx"], c.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(-6, c["u*u_x"], 0.01);
        Assert.Equal(-1, c["u_xxx"], 0.002);
    }

    [Fact]
    public void The_noise_is_estimated_from_the_data_and_its_share_of_the_integrals_predicted()
    {
        Func<double, double, double> u = (x, t) => DiscoveryData.Burgers(x, t, 0.1);
        var clean = Grid(u, -8, 8, 0, 10, 128, 64);
        var v = clean.Values[0];
        double mean = v.Average(), std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
        var rng = new Random(3);
        var noisy = clean with { Values = [v.Select(x => x + 0.1 * std * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray()] };
        double sigma = NoiseEstimate.FromGrid(noisy, 0);
        Assert.InRange(sigma / std, 0.09, 0.11);
        Assert.InRange(NoiseEstimate.FromGrid(clean, 0) / std, 0, 0.002);
        // scattered points (not a tensor grid) give NaN
        Assert.True(double.IsNaN(NoiseEstimate.FromGrid(clean with { Points = clean.Points.Select((p, i) => i == 0 ? p - 0.01 : p).ToArray() }, 0)));

        // the predicted noise-to-signal ratio of the u_t integrals against the noise actually in them
        var wanted = PdeDiscovery.Derivatives(clean, 2);
        var spatial = wanted.Where(w => w.Counts[1] == 0).Select(w => w.Name).ToList();
        var library = TermLibrary.Polynomial(["u"], spatial, 1, ["u", .. spatial, "x", "t"]);
        double previous = double.PositiveInfinity;
        foreach (double width in new[] { 0.1, 0.2 })
        {
            var options = new WeakFormOptions { HalfWidth = width };
            var exact = WeakForm.Assemble(clean, [new ExactField(u)], library, wanted, 0.1, options);
            var withNoise = WeakForm.Assemble(noisy, [new ExactField(u)], library, wanted, 0.1, options, [sigma]);
            var b0 = exact.Targets["u"]; var b1 = withNoise.Targets["u"];
            double actual = Math.Sqrt(b0.Zip(b1).Sum(p => (p.First - p.Second) * (p.First - p.Second)) / b1.Sum(x => x * x));
            double predicted = withNoise.TargetNoise["u"];
            Assert.InRange(predicted / actual, 0.7, 1.4);
            Assert.True(predicted < previous, "wider test functions average more noise");
            previous = predicted;
            Assert.True(double.IsNaN(exact.TargetNoise["u"]), "no noise given, no ratio");
        }
    }
}
