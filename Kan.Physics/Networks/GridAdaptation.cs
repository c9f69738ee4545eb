using Kan.Physics.Layers;
using Kan.Physics.Splines;

namespace Kan.Physics.Networks;

/// <summary>
/// Grid update (knots moved to where the data are) and grid extension (a finer grid fitted to a coarser one).
/// Both keep each edge's silu term, scales and mask, and refit only the spline coefficients by least squares, so the
/// network computes (nearly) the same function afterwards.
/// </summary>
public static class GridAdaptation
{
    /// <summary>
    /// Moves every layer's knots to the data: for each input, G+1 grid points mixed from the sample quantiles and a
    /// uniform grid on the samples' range, <c>grid = gridEps * uniform + (1 - gridEps) * quantiles</c>, then refits the
    /// coefficients to the old splines at the samples. Layers are updated first to last, each on the inputs the already
    /// updated layers produce (as pykan does). An input whose samples are all equal keeps its grid.
    /// </summary>
    /// <param name="network">Updated in place.</param>
    /// <param name="inputs">N x n_0 samples, row-major.</param>
    /// <param name="gridEps">0: pure quantiles; 1: uniform. pykan's default is 0.02.</param>
    /// <param name="inputDomain">
    /// The range each network input can take, when known (null: the samples' range). The first layer's grids then run
    /// from the lower of the samples' minimum and the domain's low end to the higher of their maxima, so an input inside
    /// the domain but past the samples (a test point just below the smallest training value) is evaluated on the spline
    /// rather than on its continuation outside the grid. Knots inside keep following the samples.
    /// </param>
    public static void UpdateFromSamples(KanNetwork network, double[] inputs, double gridEps = 0.02, IReadOnlyList<(double Lo, double Hi)>? inputDomain = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!double.IsFinite(gridEps) || gridEps is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(gridEps), gridEps, "gridEps must be in [0, 1].");
        CheckDomain(inputDomain, network.InputDimension, nameof(inputDomain));
        network.CheckInputs(inputs);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            double[] x = network.LayerInputs(inputs)[l];
            UpdateLayer(network.Layers[l], x, gridEps, l == 0 ? inputDomain : null);
        }
    }

    /// <summary>
    /// Stretches the first layer's grids onto the ranges the inputs take: input i's grid points are mapped by the affine
    /// map that takes its grid range [GridMin, GridMax] onto [<paramref name="ranges"/>[i].Lo, .Hi], coefficients
    /// unchanged, so every spline of input i becomes the same function of the rescaled input (s(x) = s_old(a x + b)) and
    /// an input in other units than the grid's (t in [0, 10], x in [0, 1]) uses the whole grid. The silu terms and the
    /// later layers are not touched. The effect on the splines is that of an affine input embedding, without one.
    /// </summary>
    /// <param name="network">Changed in place.</param>
    /// <param name="ranges">One range per network input, finite with Lo &lt; Hi.</param>
    /// <exception cref="ArgumentException">Not one valid range per input.</exception>
    public static void StretchInputGrids(KanNetwork network, IReadOnlyList<(double Lo, double Hi)> ranges)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(ranges);
        CheckDomain(ranges, network.InputDimension, nameof(ranges));
        var layer = network.Layers[0];
        for (int i = 0; i < layer.InputCount; i++)
        {
            var old = layer.Basis(i).GridPoints;
            double a = old[0], b = old[^1];
            var (lo, hi) = ranges[i];
            var pts = new double[old.Length];
            for (int q = 0; q < pts.Length; q++) pts[q] = lo + (old[q] - a) / (b - a) * (hi - lo);
            pts[0] = lo;
            pts[^1] = hi;
            layer.SetBasis(i, new BSplineBasis(pts, layer.Order));
        }
    }

    /// <summary>
    /// Checks an input domain (when given): each range with finite ends and lo &lt; hi, and <paramref name="inputs"/>
    /// ranges when that count is given.
    /// </summary>
    /// <exception cref="ArgumentException">The count or a range is wrong; the message names the input.</exception>
    public static void CheckDomain(IReadOnlyList<(double Lo, double Hi)>? domain, int? inputs, string parameterName)
    {
        if (domain is null) return;
        if (inputs is { } count && domain.Count != count) throw new ArgumentException($"The input domain has {domain.Count} ranges for {inputs} inputs.", parameterName);
        for (int i = 0; i < domain.Count; i++)
        {
            var (lo, hi) = domain[i];
            if (!(double.IsFinite(lo) && double.IsFinite(hi) && lo < hi))
                throw new ArgumentException(FormattableString.Invariant($"The input domain of input {i} is [{lo}, {hi}]; it needs finite ends with lo < hi."), parameterName);
        }
    }

    /// <summary>
    /// Grid extension: a copy of <paramref name="network"/> with <paramref name="gridSize"/> intervals per edge. Each
    /// input's new grid points interpolate its old ones linearly in the index (so a uniform grid stays uniform and, when
    /// gridSize is a multiple of G, every old knot is kept and the fit is exact to rounding); the coefficients are fitted
    /// by least squares to the old spline at 2(k+1) points per interval of the grid range (outside it the new
    /// spline follows the old one only approximately).
    /// </summary>
    public static KanNetwork Refine(KanNetwork network, int gridSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (gridSize < 1) throw new ArgumentOutOfRangeException(nameof(gridSize), gridSize, "The grid size G must be at least 1.");
        var layers = new List<KanLayer>();
        foreach (var old in network.Layers)
        {
            var layer = new KanLayer(old.InputCount, old.OutputCount, gridSize, old.Order,
                multiplicationCount: old.MultiplicationCount, multiplicationArity: old.MultiplicationArity);
            old.ScaleBase.CopyTo(layer.ScaleBase);
            old.ScaleSpline.CopyTo(layer.ScaleSpline);
            old.Mask.CopyTo(layer.Mask);
            layer.CopySymbolicFrom(old);
            for (int i = 0; i < old.InputCount; i++)
            {
                var oldGrid = old.Basis(i).GridPoints;
                var pts = new double[gridSize + 1];
                for (int g = 0; g <= gridSize; g++)
                {
                    double pos = (double)g * old.GridSize / gridSize;
                    int a = Math.Min((int)pos, old.GridSize - 1);
                    pts[g] = oldGrid[a] + (pos - a) * (oldGrid[a + 1] - oldGrid[a]);
                }
                var basis = new BSplineBasis(pts, old.Order);
                layer.SetBasis(i, basis);
                // dense fitting points over the grid range, 2(k+1) per interval. Only there is the new basis complete;
                // points in the extension intervals, where it cannot follow the old spline, would spoil the fit inside.
                var grid = basis.GridPoints;
                int per = 2 * (old.Order + 1);
                var x = new double[gridSize * per];
                for (int t = 0; t < gridSize; t++)
                    for (int q = 0; q < per; q++) x[t * per + q] = grid[t] + (q + 0.5) / per * (grid[t + 1] - grid[t]);
                FitInput(old, layer, i, x);
            }
            layers.Add(layer);
        }
        return new KanNetwork(layers);
    }

    private static void UpdateLayer(KanLayer layer, double[] x, double gridEps, IReadOnlyList<(double Lo, double Hi)>? domain)
    {
        int n = x.Length / layer.InputCount, g = layer.GridSize;
        var column = new double[n];
        for (int i = 0; i < layer.InputCount; i++)
        {
            for (int s = 0; s < n; s++) column[s] = x[s * layer.InputCount + i];
            Array.Sort(column);
            double lo = column[0], hi = column[^1];
            if (!(hi > lo)) continue;
            var pts = new double[g + 1];
            for (int q = 0; q <= g; q++)
            {
                double quantile = q == g ? hi : column[(int)((long)n * q / g)];
                double uniform = lo + (hi - lo) * q / g;
                pts[q] = gridEps * uniform + (1 - gridEps) * quantile;
            }
            if (domain is not null)
            {
                pts[0] = Math.Min(pts[0], domain[i].Lo);
                pts[g] = Math.Max(pts[g], domain[i].Hi);
            }
            if (!IsStrictlyIncreasing(pts))
            {
                // repeated sample values: fall back to uniform knots between the ends (the domain's, when it is wider)
                double first = pts[0], last = pts[g];
                for (int q = 0; q <= g; q++) pts[q] = first + (last - first) * q / g;
            }
            var old = layer.Clone();
            layer.SetBasis(i, new BSplineBasis(pts, layer.Order));
            FitInput(old, layer, i, column);
        }
    }

    /// <summary>Fits input i's edge splines of <paramref name="target"/> (its current basis) to those of <paramref name="source"/> at points x.</summary>
    private static void FitInput(KanLayer source, KanLayer target, int input, double[] x)
    {
        int m = source.OutputCount;
        var values = new double[x.Length * m];
        for (int s = 0; s < x.Length; s++)
            for (int j = 0; j < m; j++) values[s * m + j] = source.EvaluateSpline(input, j, x[s]);
        var coef = SplineFit.Fit(target.Basis(input), x, values, m);
        for (int j = 0; j < m; j++) coef.AsSpan(j * target.BasisCount, target.BasisCount).CopyTo(target.EdgeCoefficients(input, j));
    }

    private static bool IsStrictlyIncreasing(double[] p)
    {
        for (int i = 1; i < p.Length; i++) if (!(p[i] > p[i - 1])) return false;
        return true;
    }
}
