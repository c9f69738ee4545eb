using Kan.Physics.Expressions;
using Kan.Physics.Interpretation;
using Kan.Physics.Networks;

namespace Kan.Physics.Symbolic;

/// <summary>
/// The variables a law depends on after its pair symmetries are used up: if f depends on x and y only through x*y
/// (x/y, x-y, x+y), the two are replaced by that one combination, and so on while a symmetry remains (AI Feynman's
/// dimensional reduction by symmetry, read off a fitted network's exact gradient). The law of the reduced variables is a
/// smaller problem on exact data: the targets are unchanged and each reduced variable is computed from the inputs.
/// </summary>
public static class SymmetryReduction
{
    /// <summary>
    /// Greedy reduction from <paramref name="network"/>'s gradient at <paramref name="inputs"/> (N x n): the pair and kind
    /// with the smallest symmetry residual (<see cref="PairSymmetry.Residual"/>) below <paramref name="threshold"/> are
    /// merged, the merged variable's derivative formed from its parts' (<c>f_xy = f_x / y</c> for a product, ...), until no
    /// pair qualifies. Returns one expression in <paramref name="names"/> per remaining variable, in order of their first
    /// original variable; variables the law does not depend on are kept as they are.
    /// </summary>
    public static IReadOnlyList<Expr> Reduce(KanNetwork network, double[] inputs, IReadOnlyList<string> names, double threshold = 0.02)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(names);
        if (network.OutputDimension != 1) throw new ArgumentException($"Symmetry reduction reads one output; the network has {network.OutputDimension}.", nameof(network));
        int d = network.InputDimension;
        if (names.Count != d) throw new ArgumentException($"{names.Count} names for {d} inputs.", nameof(names));
        if (!(threshold > 0)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be positive.");
        var jet = network.ForwardJet(inputs, 1);
        int n = jet.Count;
        var vars = new List<(Expr E, double[] V, double[] G, int First)>();
        for (int a = 0; a < d; a++)
        {
            var v = new double[n]; var g = new double[n];
            for (int s = 0; s < n; s++) { v[s] = inputs[s * d + a]; g[s] = jet.Gradient(s, 0, a); }
            vars.Add((Expr.Var(names[a]), v, g, a));
        }
        static double Rms(Func<int, double> f, int n) { double t = 0; for (int s = 0; s < n; s++) t += f(s) * f(s); return Math.Sqrt(t / n); }
        static double Std(double[] v) { double m = v.Average(); return Math.Sqrt(v.Average(x => (x - m) * (x - m))); }
        double scale = 0;
        foreach (var x in vars) scale = Math.Max(scale, Rms(s => x.G[s], n) * Std(x.V));
        bool Matters((Expr E, double[] V, double[] G, int First) x) => Rms(s => x.G[s], n) * Std(x.V) > 1e-6 * scale;

        while (true)
        {
            (int A, int B, PairSymmetryKind Kind, double R) best = (-1, -1, default, double.PositiveInfinity);
            for (int a = 0; a < vars.Count; a++)
                for (int b = a + 1; b < vars.Count; b++)
                {
                    var (x, y) = (vars[a], vars[b]);
                    if (!Matters(x) || !Matters(y)) continue;
                    void Test(PairSymmetryKind kind, Func<int, double> u, Func<int, double> w, double sign)
                    {
                        double sc = Rms(u, n) + Rms(w, n);
                        if (!(sc > 0)) return;
                        double r = Rms(s => u(s) + sign * w(s), n) / sc;
                        if (r < best.R) best = (a, b, kind, r);
                    }
                    Test(PairSymmetryKind.Difference, s => x.G[s], s => y.G[s], +1);
                    Test(PairSymmetryKind.Sum, s => x.G[s], s => y.G[s], -1);
                    bool nonzero = x.V.All(v => v != 0) && y.V.All(v => v != 0);
                    if (nonzero)
                    {
                        Test(PairSymmetryKind.Ratio, s => x.V[s] * x.G[s], s => y.V[s] * y.G[s], +1);
                        Test(PairSymmetryKind.Product, s => x.V[s] * x.G[s], s => y.V[s] * y.G[s], -1);
                    }
                }
            if (best.A < 0 || best.R > threshold) break;
            var (p, q) = (vars[best.A], vars[best.B]);
            var value = new double[n]; var grad = new double[n];
            Expr e;
            switch (best.Kind)
            {
                case PairSymmetryKind.Difference:
                    e = p.E - q.E;
                    for (int s = 0; s < n; s++) { value[s] = p.V[s] - q.V[s]; grad[s] = (p.G[s] - q.G[s]) / 2; }
                    break;
                case PairSymmetryKind.Sum:
                    e = p.E + q.E;
                    for (int s = 0; s < n; s++) { value[s] = p.V[s] + q.V[s]; grad[s] = (p.G[s] + q.G[s]) / 2; }
                    break;
                case PairSymmetryKind.Ratio:
                    // f = F(p/q): p f_p = -q f_q = (p/q) F'
                    e = p.E / q.E;
                    for (int s = 0; s < n; s++) { value[s] = p.V[s] / q.V[s]; grad[s] = (p.V[s] * p.G[s] - q.V[s] * q.G[s]) / (2 * value[s]); }
                    break;
                default:
                    // f = F(p q): p f_p = q f_q = p q F'
                    e = p.E * q.E;
                    for (int s = 0; s < n; s++) { value[s] = p.V[s] * q.V[s]; grad[s] = (p.V[s] * p.G[s] + q.V[s] * q.G[s]) / (2 * value[s]); }
                    break;
            }
            vars.RemoveAt(best.B);
            vars[best.A] = (e, value, grad, Math.Min(p.First, q.First));
        }
        return vars.OrderBy(v => v.First).Select(v => v.E.Simplify(SimplifyOptions.Exact)).ToList();
    }
}
