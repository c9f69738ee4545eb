using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Jets;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// A hard constraint: the solution is <c>u_f(x) = Particular_f(x) + Distance_f(x) * N_f(x)</c> with N the network, so
/// boundary or initial values hold exactly where <c>Distance</c> vanishes (e.g. u = (1 - x^2) N for u(+-1) = 0) and no
/// loss term is needed for them. Both functions are written once as generic code over the coordinates; their jets come
/// from <see cref="HyperDual"/> numbers, so again no derivative is written by hand.
/// </summary>
public abstract class OutputTransform
{
    /// <summary>The particular part A_f(x); zero by default.</summary>
    public virtual T Particular<T>(ReadOnlySpan<T> x, int field) where T : unmanaged, IPdeNumber<T> => T.Constant(0);

    /// <summary>The distance-like factor B_f(x), zero where the constraint holds.</summary>
    public abstract T Distance<T>(ReadOnlySpan<T> x, int field) where T : unmanaged, IPdeNumber<T>;

    /// <summary>
    /// Jets (value, gradient, second derivatives by pair) of A and B at every point, for <paramref name="fields"/> fields:
    /// layout [point][field][component] with 1 + D + D(D+1)/2 components. A transform whose parts are not generic code
    /// (the carried solution of <see cref="WindowMarchingSolver"/>) overrides this.
    /// </summary>
    internal virtual (double[] A, double[] B) Jets(double[] points, int dimension, int fields)
    {
        int n = points.Length / dimension, pairs = dimension * (dimension + 1) / 2, m = 1 + dimension + pairs;
        var a = new double[n * fields * m];
        var b = new double[n * fields * m];
        var x = new HyperDual[dimension];
        for (int s = 0; s < n; s++)
            for (int f = 0; f < fields; f++)
                for (int p = 0, i = 0; i < dimension; i++)
                    for (int j = i; j < dimension; j++, p++)
                    {
                        for (int c = 0; c < dimension; c++)
                            x[c] = new HyperDual(points[s * dimension + c], c == i ? 1 : 0, c == j ? 1 : 0, 0);
                        var av = Particular<HyperDual>(x, f);
                        var bv = Distance<HyperDual>(x, f);
                        int o = (s * fields + f) * m;
                        a[o] = av.Value; b[o] = bv.Value;
                        if (i == j) { a[o + 1 + i] = av.D1; b[o + 1 + i] = bv.D1; }
                        a[o + 1 + dimension + p] = av.D12; b[o + 1 + dimension + p] = bv.D12;
                    }
        return (a, b);
    }

    /// <summary>The constrained solution's jet at <paramref name="points"/> (order 0, 1 or 2) from the network's.</summary>
    public JetBlock Evaluate(KanNetwork network, double[] points, int order)
    {
        ArgumentNullException.ThrowIfNull(network);
        var n = network.ForwardJet(points, order);
        var (a, b) = Jets(points, network.InputDimension, network.OutputDimension);
        var u = new JetBlock(n.Count, n.Width, n.Dimension, order);
        Apply(n, a, b, 0, u);
        return u;
    }

    /// <summary>u = A + B N with the product rule, for the block of samples starting at <paramref name="start"/> (u holds net.Count samples).</summary>
    internal static void Apply(JetBlock net, double[] a, double[] b, int start, JetBlock u)
    {
        int d = net.Dimension, w = net.Width, order = net.Order, pairs = d * (d + 1) / 2, m = 1 + d + pairs;
        for (int s = 0; s < net.Count; s++)
            for (int f = 0; f < w; f++)
            {
                int o = ((start + s) * w + f) * m;
                double nv = net.Value(s, f);
                u.Value(s, f) = a[o] + b[o] * nv;
                if (order < 1) continue;
                for (int i = 0; i < d; i++)
                    u.Gradient(s, f, i) = a[o + 1 + i] + b[o + 1 + i] * nv + b[o] * net.Gradient(s, f, i);
                if (order < 2) continue;
                for (int i = 0, p = 0; i < d; i++)
                    for (int j = i; j < d; j++, p++)
                        u.Hessian(s, f, i, j) = a[o + 1 + d + p] + b[o + 1 + d + p] * nv + b[o + 1 + i] * net.Gradient(s, f, j)
                                                + b[o + 1 + j] * net.Gradient(s, f, i) + b[o] * net.Hessian(s, f, i, j);
            }
    }

    /// <summary>Adjoint of <see cref="Apply"/>: adds d loss / d N jet given d loss / d u jet.</summary>
    internal static void ApplyAdjoint(JetBlock uAdjoint, double[] b, int start, JetBlock netAdjoint)
    {
        int d = uAdjoint.Dimension, w = uAdjoint.Width, order = uAdjoint.Order, pairs = d * (d + 1) / 2, m = 1 + d + pairs;
        for (int s = 0; s < uAdjoint.Count; s++)
            for (int f = 0; f < w; f++)
            {
                int o = ((start + s) * w + f) * m;
                double gv = b[o] * uAdjoint.Value(s, f);
                if (order >= 1)
                    for (int i = 0; i < d; i++)
                    {
                        double gu = uAdjoint.Gradient(s, f, i);
                        gv += b[o + 1 + i] * gu;
                        netAdjoint.Gradient(s, f, i) += b[o] * gu;
                    }
                if (order >= 2)
                    for (int i = 0, p = 0; i < d; i++)
                        for (int j = i; j < d; j++, p++)
                        {
                            double gh = uAdjoint.Hessian(s, f, i, j);
                            gv += b[o + 1 + d + p] * gh;
                            netAdjoint.Gradient(s, f, j) += b[o + 1 + i] * gh;
                            netAdjoint.Gradient(s, f, i) += b[o + 1 + j] * gh;
                            netAdjoint.Hessian(s, f, i, j) += b[o] * gh;
                        }
                netAdjoint.Value(s, f) += gv;
            }
    }
}
