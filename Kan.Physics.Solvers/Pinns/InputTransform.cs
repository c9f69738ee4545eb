using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Jets;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// An input embedding: the network sees z = Map(x) (E values) instead of the D coordinates x, so u(x) = N(Map(x)).
/// A periodic map such as (cos(pi x), sin(pi x), t) makes periodicity in x exact, with no loss term. The map is written
/// once as generic code; its jets come from <see cref="HyperDual"/> numbers and the chain rule
/// u_i = sum_a N_a z_a,i, u_ij = sum_ab N_ab z_a,i z_b,j + sum_a N_a z_a,ij turns the network's jet in z into u's jet in x.
/// </summary>
public abstract class InputTransform
{
    /// <summary>Number of coordinates D the map takes.</summary>
    public abstract int Dimension { get; }

    /// <summary>Number of values E the map produces (the network's input width).</summary>
    public abstract int EmbeddedDimension { get; }

    /// <summary>Writes z = Map(x) into <paramref name="z"/> (length <see cref="EmbeddedDimension"/>).</summary>
    public abstract void Map<T>(ReadOnlySpan<T> x, Span<T> z) where T : unmanaged, IPdeNumber<T>;

    /// <summary>The network inputs for N x D points: N x E row-major.</summary>
    public double[] Embed(double[] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int dimension = Dimension;
        if (points.Length % dimension != 0) throw new ArgumentException($"{points.Length} coordinates do not form {dimension}-D points.", nameof(points));
        int n = points.Length / dimension, e = EmbeddedDimension;
        var z = new double[n * e];
        var x = new Real[dimension];
        var zr = new Real[e];
        for (int s = 0; s < n; s++)
        {
            for (int c = 0; c < dimension; c++) x[c] = new Real(points[s * dimension + c]);
            Map<Real>(x, zr);
            for (int a = 0; a < e; a++) z[s * e + a] = zr[a].Value;
        }
        return z;
    }

    /// <summary>
    /// Jets of z at every point: layout [point][a][component] with 1 + D + D(D+1)/2 components (value, gradient in x,
    /// second derivatives by pair (i &lt;= j)).
    /// </summary>
    internal double[] Jets(double[] points)
    {
        int dimension = Dimension;
        int n = points.Length / dimension, e = EmbeddedDimension, pairs = dimension * (dimension + 1) / 2, m = 1 + dimension + pairs;
        var jets = new double[n * e * m];
        var x = new HyperDual[dimension];
        var z = new HyperDual[e];
        for (int s = 0; s < n; s++)
            for (int p = 0, i = 0; i < dimension; i++)
                for (int j = i; j < dimension; j++, p++)
                {
                    for (int c = 0; c < dimension; c++)
                        x[c] = new HyperDual(points[s * dimension + c], c == i ? 1 : 0, c == j ? 1 : 0, 0);
                    Map<HyperDual>(x, z);
                    for (int a = 0; a < e; a++)
                    {
                        int o = (s * e + a) * m;
                        jets[o] = z[a].Value;
                        if (i == j) jets[o + 1 + i] = z[a].D1;
                        jets[o + 1 + dimension + p] = z[a].D12;
                    }
                }
        return jets;
    }

    /// <summary>u's jet (in x, <see cref="Dimension"/> coordinates) at N x D points from the network's jet in z.</summary>
    public JetBlock Evaluate(KanNetwork network, double[] points, int order)
    {
        int dimension = Dimension;
        ArgumentNullException.ThrowIfNull(network);
        if (network.InputDimension != EmbeddedDimension)
            throw new ArgumentException($"The network takes {network.InputDimension} inputs; the embedding makes {EmbeddedDimension}.", nameof(network));
        var net = network.ForwardJet(Embed(points), order);
        var u = new JetBlock(net.Count, net.Width, dimension, order);
        Pull(net, Jets(points), 0, u);
        return u;
    }

    /// <summary>Chain rule: u's jet (dimension D, net.Count samples) from N's jet in z, for the samples starting at <paramref name="start"/>.</summary>
    internal static void Pull(JetBlock net, double[] jets, int start, JetBlock u)
    {
        int e = net.Dimension, d = u.Dimension, w = net.Width, order = net.Order, m = 1 + d + d * (d + 1) / 2;
        for (int s = 0; s < net.Count; s++)
        {
            int b = (start + s) * e * m;
            for (int f = 0; f < w; f++)
            {
                u.Value(s, f) = net.Value(s, f);
                if (order < 1) continue;
                for (int i = 0; i < d; i++)
                {
                    double g = 0;
                    for (int a = 0; a < e; a++) g += net.Gradient(s, f, a) * jets[b + a * m + 1 + i];
                    u.Gradient(s, f, i) = g;
                }
                if (order < 2) continue;
                for (int i = 0, p = 0; i < d; i++)
                    for (int j = i; j < d; j++, p++)
                    {
                        double h = 0;
                        for (int a = 0; a < e; a++)
                        {
                            h += net.Gradient(s, f, a) * jets[b + a * m + 1 + d + p];
                            double zai = jets[b + a * m + 1 + i];
                            for (int c = 0; c < e; c++) h += net.Hessian(s, f, a, c) * zai * jets[b + c * m + 1 + j];
                        }
                        u.Hessian(s, f, i, j) = h;
                    }
            }
        }
    }

    /// <summary>Adjoint of <see cref="Pull"/>: adds d loss / d N jet (in z) given d loss / d u jet (in x).</summary>
    internal static void PullAdjoint(JetBlock uAdjoint, double[] jets, int start, JetBlock netAdjoint)
    {
        int e = netAdjoint.Dimension, d = uAdjoint.Dimension, w = uAdjoint.Width, order = uAdjoint.Order, m = 1 + d + d * (d + 1) / 2;
        for (int s = 0; s < uAdjoint.Count; s++)
        {
            int b = (start + s) * e * m;
            for (int f = 0; f < w; f++)
            {
                netAdjoint.Value(s, f) += uAdjoint.Value(s, f);
                if (order < 1) continue;
                for (int i = 0; i < d; i++)
                {
                    double g = uAdjoint.Gradient(s, f, i);
                    if (g == 0) continue;
                    for (int a = 0; a < e; a++) netAdjoint.Gradient(s, f, a) += g * jets[b + a * m + 1 + i];
                }
                if (order < 2) continue;
                for (int i = 0, p = 0; i < d; i++)
                    for (int j = i; j < d; j++, p++)
                    {
                        double h = uAdjoint.Hessian(s, f, i, j);
                        if (h == 0) continue;
                        for (int a = 0; a < e; a++)
                        {
                            netAdjoint.Gradient(s, f, a) += h * jets[b + a * m + 1 + d + p];
                            double zai = jets[b + a * m + 1 + i];
                            // the network's Hessian is stored by unordered pair: (a, c) and (c, a) share one entry
                            for (int c = 0; c < e; c++) netAdjoint.Hessian(s, f, a, c) += h * zai * jets[b + c * m + 1 + j];
                        }
                    }
            }
        }
    }

    /// <summary>
    /// The solution's jet at N x D points through an optional input embedding and an optional output transform
    /// (u = A + B N(Map(x))).
    /// </summary>
    public static JetBlock Solution(KanNetwork network, double[] points, int order, InputTransform? input, OutputTransform? output)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(points);
        if (input is null) return output != null ? output.Evaluate(network, points, order) : network.ForwardJet(points, order);
        var n = input.Evaluate(network, points, order);
        if (output is null) return n;
        var (a, b) = output.Jets(points, input.Dimension, network.OutputDimension);
        var u = new JetBlock(n.Count, n.Width, n.Dimension, order);
        OutputTransform.Apply(n, a, b, 0, u);
        return u;
    }
}

/// <summary>
/// (cos(2 pi x_axis / period), sin(2 pi x_axis / period), the other coordinates): exact periodicity in one coordinate.
/// The other coordinates pass unchanged or, when a range is given, mapped affinely from [lower, upper] onto [-1, 1].
/// </summary>
public sealed class PeriodicEmbedding : InputTransform
{
    private readonly int _dimension, _axis;
    private readonly double _frequency;
    private readonly double[] _shift, _scale;

    /// <param name="dimension">Coordinates D (space then time).</param>
    /// <param name="axis">The periodic coordinate.</param>
    /// <param name="period">Its period (2 for [-1, 1]).</param>
    /// <param name="lower">Optional lower ends of the coordinates' ranges (D values; the periodic axis's is ignored).</param>
    /// <param name="upper">Optional upper ends, with <paramref name="lower"/>.</param>
    public PeriodicEmbedding(int dimension, int axis, double period = 2, double[]? lower = null, double[]? upper = null)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "At least one coordinate is needed.");
        if (axis < 0 || axis >= dimension) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Must lie in [0, {dimension}).");
        if (!(period > 0) || !double.IsFinite(period)) throw new ArgumentOutOfRangeException(nameof(period), period, "Must be finite and > 0.");
        _dimension = dimension; _axis = axis; _frequency = 2 * Math.PI / period;
        (_shift, _scale) = ScaledEmbedding.Affine(dimension, lower, upper);
    }

    public override int Dimension => _dimension;
    public override int EmbeddedDimension => _dimension + 1;

    public override void Map<T>(ReadOnlySpan<T> x, Span<T> z)
    {
        for (int c = 0, k = 0; c < _dimension; c++)
        {
            if (c == _axis) { z[k++] = T.Cos(x[c] * _frequency); z[k++] = T.Sin(x[c] * _frequency); }
            else z[k++] = x[c] * _scale[c] + _shift[c];
        }
    }
}

/// <summary>Each coordinate mapped affinely from [lower, upper] onto [-1, 1], the default grid range of a KAN.</summary>
public sealed class ScaledEmbedding : InputTransform
{
    private readonly double[] _shift, _scale;

    public ScaledEmbedding(double[] lower, double[] upper)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        (_shift, _scale) = Affine(lower.Length, lower, upper);
    }

    public override int Dimension => _scale.Length;
    public override int EmbeddedDimension => _scale.Length;

    public override void Map<T>(ReadOnlySpan<T> x, Span<T> z)
    {
        for (int c = 0; c < _scale.Length; c++) z[c] = x[c] * _scale[c] + _shift[c];
    }

    /// <summary>z = scale x + shift taking [lower, upper] onto [-1, 1] per coordinate; the identity without ranges.</summary>
    internal static (double[] Shift, double[] Scale) Affine(int dimension, double[]? lower, double[]? upper)
    {
        var shift = new double[dimension];
        var scale = Enumerable.Repeat(1.0, dimension).ToArray();
        if (lower is null && upper is null) return (shift, scale);
        if (lower is null || upper is null || lower.Length != dimension || upper.Length != dimension)
            throw new ArgumentException($"Give both lower and upper ends, {dimension} values each.", nameof(lower));
        for (int c = 0; c < dimension; c++)
        {
            if (!(upper[c] > lower[c]) || !double.IsFinite(lower[c]) || !double.IsFinite(upper[c]))
                throw new ArgumentException($"Coordinate {c}: the range [{lower[c]}, {upper[c]}] must be finite and non-empty.", nameof(upper));
            scale[c] = 2 / (upper[c] - lower[c]);
            shift[c] = -1 - lower[c] * scale[c];
        }
        return (shift, scale);
    }
}

/// <summary>
/// Wraps a loss on the solution's jet in x so that the network can be evaluated on embedded inputs z = Map(x): the
/// map's jets are computed once for the point set, and each block's jet and adjoint go through the chain rule.
/// </summary>
internal sealed class EmbeddedLoss : IJetLoss
{
    private readonly IJetLoss _inner;
    private readonly double[] _jets;
    private readonly int _dimension;

    public EmbeddedLoss(IJetLoss inner, InputTransform transform, double[] points)
    {
        _inner = inner;
        _dimension = transform.Dimension;
        _jets = transform.Jets(points);
    }

    public int Order => _inner.Order;

    public double Accumulate(int start, JetBlock outputs, JetBlock adjoint)
    {
        var (u, uAdjoint) = JetBuffers<EmbeddedLoss>.Get(outputs.Count, outputs.Width, _dimension, outputs.Order);
        InputTransform.Pull(outputs, _jets, start, u);
        double loss = _inner.Accumulate(start, u, uAdjoint);
        InputTransform.PullAdjoint(uAdjoint, _jets, start, adjoint);
        return loss;
    }
}
