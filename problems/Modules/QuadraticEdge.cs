using Kan.Physics.Expressions;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// Distils a classifier's logit into a degree-2 polynomial of the first inputs (the form of the KAN paper's GAAM edge
/// formula): a logistic fit on the monomials 1, z_i, z_i z_j whose sign rule is the recovered edge.
/// </summary>
internal static class QuadraticEdge
{
    /// <summary>The monomials of degree &lt;= 2 in <paramref name="vars"/> variables, as index pairs (-1 = absent).</summary>
    internal static (int A, int B)[] Monomials(int vars)
    {
        var list = new List<(int, int)> { (-1, -1) };
        for (int i = 0; i < vars; i++) list.Add((i, -1));
        for (int i = 0; i < vars; i++)
            for (int j = i; j < vars; j++) list.Add((i, j));
        return list.ToArray();
    }

    /// <summary>
    /// Coefficients of <see cref="Monomials"/>(<paramref name="vars"/>) of the logistic fit of sigmoid(poly) to the
    /// classifier's probabilities sigmoid(<paramref name="logits"/>) (soft-target cross entropy, Newton iterations).
    /// </summary>
    /// <remarks>
    /// Fitting the probabilities rather than the logits: a well-trained classifier's logits are large and of arbitrary
    /// size away from the edge, and a least-squares fit to them would be decided there, not at the edge. The small ridge
    /// keeps the coefficients finite when the classes are separable and when an input is constant (mosaic kappa).
    /// </remarks>
    /// <param name="inputs">Rows of <paramref name="columns"/> values; the first <paramref name="vars"/> are used.</param>
    public static double[] Fit(double[] inputs, int vars, int columns, double[] logits, int iterations = 30, double ridge = 1e-4)
    {
        var mono = Monomials(vars);
        int k = mono.Length, n = logits.Length;
        var x = new double[n * k];
        for (int s = 0; s < n; s++)
            for (int m = 0; m < k; m++)
            {
                var (a, b) = mono[m];
                x[s * k + m] = (a < 0 ? 1 : inputs[s * columns + a]) * (b < 0 ? 1 : inputs[s * columns + b]);
            }
        var w = new double[k];
        // soft-target cross entropy + ridge: convex, so Newton steps halved until it decreases converge
        double Loss(double[] c)
        {
            double sum = 0;
            for (int s = 0; s < n; s++)
            {
                double eta = 0;
                for (int m = 0; m < k; m++) eta += c[m] * x[s * k + m];
                double t = Sigmoid(logits[s]);
                sum += Math.Max(eta, 0) + Math.Log(1 + Math.Exp(-Math.Abs(eta))) - t * eta;
            }
            double r = 0;
            foreach (double v in c) r += v * v;
            return sum / n + 0.5 * ridge * r;
        }
        double loss = Loss(w);
        for (int it = 0; it < iterations; it++)
        {
            var h = new double[k, k];
            var g = new double[k];
            for (int s = 0; s < n; s++)
            {
                double eta = 0;
                for (int m = 0; m < k; m++) eta += w[m] * x[s * k + m];
                double p = Sigmoid(eta), t = Sigmoid(logits[s]), r = (p - t) / n, c = p * (1 - p) / n;
                for (int i = 0; i < k; i++)
                {
                    g[i] += r * x[s * k + i];
                    for (int j = 0; j < k; j++) h[i, j] += c * x[s * k + i] * x[s * k + j];
                }
            }
            for (int i = 0; i < k; i++)
            {
                g[i] += ridge * w[i];
                h[i, i] += ridge;
            }
            var step = Solve(h, g);
            double scale = 1, next = double.PositiveInfinity;
            var trial = new double[k];
            for (int halvings = 0; halvings < 30; halvings++, scale /= 2)
            {
                for (int i = 0; i < k; i++) trial[i] = w[i] - scale * step[i];
                next = Loss(trial);
                if (next <= loss) break;
            }
            if (!(next <= loss)) break;
            double size = 0;
            for (int i = 0; i < k; i++) size = Math.Max(size, Math.Abs(trial[i] - w[i]));
            Array.Copy(trial, w, k);
            loss = next;
            if (size < 1e-10) break;
        }
        return w;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>
    /// The same polynomial in physical units x_i = centre_i + half_i z_i: coefficients of <see cref="Monomials"/> in x.
    /// </summary>
    public static double[] Unscale(double[] coefficients, double[] centre, double[] half)
    {
        int v = centre.Length;
        var mono = Monomials(v);
        // poly(z) = c0 + b.z + z^T Q z with Q symmetric
        double c0 = 0;
        var b = new double[v];
        var q = new double[v, v];
        for (int m = 0; m < mono.Length; m++)
        {
            var (i, j) = mono[m];
            if (i < 0) c0 = coefficients[m];
            else if (j < 0) b[i] = coefficients[m];
            else if (i == j) q[i, i] = coefficients[m];
            else { q[i, j] += coefficients[m] / 2; q[j, i] += coefficients[m] / 2; }
        }
        // z = D (x - c): Q' = D Q D, b' = D b - 2 Q' c, c0' = c0 - b.(D c) + c^T Q' c
        var qp = new double[v, v];
        for (int i = 0; i < v; i++)
            for (int j = 0; j < v; j++) qp[i, j] = q[i, j] / (half[i] * half[j]);
        var bp = new double[v];
        double cp = c0;
        for (int i = 0; i < v; i++)
        {
            bp[i] = b[i] / half[i];
            for (int j = 0; j < v; j++) bp[i] -= 2 * qp[i, j] * centre[j];
            cp -= b[i] * centre[i] / half[i];
            for (int j = 0; j < v; j++) cp += centre[i] * qp[i, j] * centre[j];
        }
        var result = new double[mono.Length];
        for (int m = 0; m < mono.Length; m++)
        {
            var (i, j) = mono[m];
            result[m] = i < 0 ? cp : j < 0 ? bp[i] : i == j ? qp[i, i] : 2 * qp[i, j];
        }
        return result;
    }

    /// <summary>The polynomial as an expression in the named variables.</summary>
    public static Expr ToExpr(double[] coefficients, IReadOnlyList<string> names)
    {
        var mono = Monomials(names.Count);
        var terms = new List<Expr>();
        for (int m = 0; m < mono.Length; m++)
        {
            var (a, b) = mono[m];
            if (coefficients[m] == 0 && m > 0) continue; // a constant input (mosaic kappa) leaves exact zeros
            Expr t = Expr.Const(coefficients[m]);
            if (a >= 0) t *= Expr.Var(names[a]);
            if (b >= 0) t *= Expr.Var(names[b]);
            terms.Add(t);
        }
        return Expr.Add(terms.ToArray());
    }

    // Gaussian elimination with partial pivoting (a 10 x 10 system)
    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        for (int c = 0; c < n; c++)
        {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[piv, c])) piv = r;
            if (a[piv, c] == 0) throw new InvalidOperationException("the quadratic edge fit is singular");
            if (piv != c)
            {
                for (int j = 0; j < n; j++) (a[c, j], a[piv, j]) = (a[piv, j], a[c, j]);
                (b[c], b[piv]) = (b[piv], b[c]);
            }
            for (int r = c + 1; r < n; r++)
            {
                double f = a[r, c] / a[c, c];
                for (int j = c; j < n; j++) a[r, j] -= f * a[c, j];
                b[r] -= f * b[c];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double sum = b[r];
            for (int j = r + 1; j < n; j++) sum -= a[r, j] * x[j];
            x[r] = sum / a[r, r];
        }
        return x;
    }
}
