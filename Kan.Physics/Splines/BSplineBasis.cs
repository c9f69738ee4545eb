using System.Runtime.CompilerServices;

namespace Kan.Physics.Splines;

/// <summary>
/// The B-spline basis of order (degree) <c>k</c> on one input's knot vector: <c>G</c> grid intervals
/// on <c>[GridMin, GridMax]</c> plus <c>k</c> extra knots on each side, giving <c>G + k</c> basis functions.
/// </summary>
/// <remarks>
/// At any x only k+1 basis functions are non-zero, so <see cref="Evaluate"/> returns the index of the first
/// of them and their k+1 values (and up to three derivatives), never a dense row of G+k values.
/// <para>
/// Outside the grid: between the grid range and the outermost knots the basis is the ordinary B-spline
/// basis of the extended knots (it no longer sums to one); beyond the outermost knots every basis function
/// is zero, so an edge's spline term vanishes there and only its silu base carries the input.
/// </para>
/// <para>
/// Internally the knot vector is padded by k more knots on each side ("ghost" knots) so that the local
/// recurrences never branch; ghost basis functions have indices outside [0, G+k) and callers give them
/// zero coefficients.
/// </para>
/// </remarks>
public sealed class BSplineBasis
{
    private readonly double[] _padded;   // knots with k ghost knots on each side: length G + 4k + 1
    private readonly double[] _inverseSpans; // [p-1][j] = 1/(t_{j+p} - t_j) over padded knots, p = 1..k
    private readonly bool _uniform;
    private readonly double _uniformStart, _uniformInverseStep;

    /// <summary>Number of grid intervals G.</summary>
    public int GridSize { get; }
    /// <summary>Spline order k (polynomial degree).</summary>
    public int Order { get; }
    /// <summary>Number of basis functions, G + k.</summary>
    public int Count => GridSize + Order;
    /// <summary>First grid point.</summary>
    public double GridMin => _padded[2 * Order];
    /// <summary>Last grid point.</summary>
    public double GridMax => _padded[2 * Order + GridSize];

    /// <summary>The knot vector, G + 2k + 1 strictly increasing values (grid plus k extension knots each side).</summary>
    public ReadOnlySpan<double> Knots => _padded.AsSpan(Order, GridSize + 2 * Order + 1);

    /// <summary>The G + 1 grid points (the knots without their extension).</summary>
    public ReadOnlySpan<double> GridPoints => _padded.AsSpan(2 * Order, GridSize + 1);

    /// <summary>Builds the basis from G + 1 strictly increasing grid points; the k extension knots on each side use the grid's mean spacing.</summary>
    public BSplineBasis(ReadOnlySpan<double> gridPoints, int order)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "The spline order k must be at least 1.");
        if (gridPoints.Length < 2) throw new ArgumentException($"At least two grid points (G >= 1) are needed; got {gridPoints.Length}.", nameof(gridPoints));
        for (int i = 0; i < gridPoints.Length; i++)
        {
            if (!double.IsFinite(gridPoints[i]))
                throw new ArgumentException($"Grid point {i} is not finite ({gridPoints[i]}).", nameof(gridPoints));
            if (i > 0 && !(gridPoints[i] > gridPoints[i - 1]))
                throw new ArgumentException($"Grid points must be strictly increasing; point {i} ({gridPoints[i]}) <= point {i - 1} ({gridPoints[i - 1]}).", nameof(gridPoints));
        }
        Order = order;
        GridSize = gridPoints.Length - 1;
        int g = GridSize, k = order;
        double h = (gridPoints[g] - gridPoints[0]) / g;
        _padded = new double[g + 4 * k + 1];
        for (int i = 0; i <= g; i++) _padded[2 * k + i] = gridPoints[i];
        for (int e = 1; e <= 2 * k; e++)
        {
            _padded[2 * k - e] = gridPoints[0] - e * h;
            _padded[2 * k + g + e] = gridPoints[g] + e * h;
        }
        int n = _padded.Length;
        _inverseSpans = new double[k * n];
        for (int p = 1; p <= k; p++)
            for (int j = 0; j + p < n; j++)
                _inverseSpans[(p - 1) * n + j] = 1.0 / (_padded[j + p] - _padded[j]);

        _uniform = true;
        for (int i = 1; i < _padded.Length; i++)
            if (Math.Abs(_padded[i] - _padded[i - 1] - h) > 1e-12 * Math.Max(1.0, Math.Abs(h))) { _uniform = false; break; }
        _uniformStart = _padded[0];
        _uniformInverseStep = 1.0 / h;
    }

    /// <summary>A uniform grid of <paramref name="gridSize"/> intervals on [min, max].</summary>
    public static BSplineBasis Uniform(double min, double max, int gridSize, int order)
    {
        if (gridSize < 1) throw new ArgumentOutOfRangeException(nameof(gridSize), gridSize, "The grid size G must be at least 1.");
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
            throw new ArgumentException($"The grid range must be finite with max > min; got [{min}, {max}].", nameof(max));
        Span<double> pts = gridSize + 1 <= 512 ? stackalloc double[gridSize + 1] : new double[gridSize + 1];
        for (int i = 0; i <= gridSize; i++) pts[i] = min + (max - min) * i / gridSize;
        pts[gridSize] = max;
        return new BSplineBasis(pts, order);
    }

    /// <summary>
    /// Evaluates the k+1 basis functions that may be non-zero at <paramref name="x"/>, and their derivatives.
    /// </summary>
    /// <param name="x">The point.</param>
    /// <param name="derivatives">How many derivatives to compute, 0 to 3 (k &lt; 3 gives zero for orders above k).</param>
    /// <param name="values">k+1 values B_{first..first+k}(x).</param>
    /// <param name="d1">k+1 first derivatives (when derivatives &gt;= 1).</param>
    /// <param name="d2">k+1 second derivatives (when derivatives &gt;= 2).</param>
    /// <param name="d3">k+1 third derivatives (when derivatives &gt;= 3).</param>
    /// <returns>
    /// The basis index of the first returned function, in [-k, G+k-1]; indices outside [0, G+k) are ghost
    /// functions (their coefficient is zero). Beyond the outermost knots every output is zero and 0 is returned.
    /// </returns>
    public int Evaluate(double x, int derivatives, Span<double> values, Span<double> d1, Span<double> d2, Span<double> d3)
    {
        int k = Order;
        int m = FindInterval(x); // index into padded knots: x in [p_m, p_{m+1})
        if (m < 0)
        {
            values[..(k + 1)].Clear();
            if (derivatives >= 1) d1[..(k + 1)].Clear();
            if (derivatives >= 2) d2[..(k + 1)].Clear();
            if (derivatives >= 3) d3[..(k + 1)].Clear();
            return 0;
        }
        Span<double> table = stackalloc double[(k + 1) * (k + 1)]; // row p: degree-p values, entries r = 0..p
        Fill(x, m, table);
        table.Slice(k * (k + 1), k + 1).CopyTo(values);
        if (derivatives >= 1) Differentiate(m, table, 1, d1);
        if (derivatives >= 2) Differentiate(m, table, 2, d2);
        if (derivatives >= 3) Differentiate(m, table, 3, d3);
        // padded index m corresponds to original knot index m - k; the first non-zero function is (m - k) - k.
        return m - 2 * k;
    }

    /// <summary>Evaluates the spline sum_c coefficients[c] B_c(x) (ghost functions count as zero).</summary>
    public double EvaluateSpline(ReadOnlySpan<double> coefficients, double x)
    {
        if (coefficients.Length != Count)
            throw new ArgumentException($"Expected {Count} coefficients, got {coefficients.Length}.", nameof(coefficients));
        int k = Order;
        Span<double> b = stackalloc double[k + 1];
        int first = Evaluate(x, 0, b, default, default, default);
        double s = 0;
        for (int r = 0; r <= k; r++)
        {
            int c = first + r;
            if ((uint)c < (uint)Count) s += coefficients[c] * b[r];
        }
        return s;
    }

    /// <summary>Padded-knot interval index m with p_m &lt;= x &lt; p_{m+1}, restricted to the real knot range; -1 outside it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int FindInterval(double x)
    {
        int k = Order;
        int lo = k, hi = k + GridSize + 2 * k; // real knots are padded[k .. hi]
        if (!(x >= _padded[lo]) || !(x < _padded[hi]))
        {
            // the right end of the grid belongs to the last interval so that the closed range is covered
            if (x == _padded[hi]) return hi - 1;
            return -1;
        }
        if (_uniform)
        {
            int m = (int)((x - _uniformStart) * _uniformInverseStep);
            if (m < lo) m = lo; else if (m > hi - 1) m = hi - 1;
            // correct for rounding at interval ends
            while (m > lo && x < _padded[m]) m--;
            while (m < hi - 1 && x >= _padded[m + 1]) m++;
            return m;
        }
        int a = lo, b = hi; // invariant: p_a <= x < p_b
        while (b - a > 1)
        {
            int mid = (a + b) >> 1;
            if (x >= _padded[mid]) a = mid; else b = mid;
        }
        return a;
    }

    /// <summary>Cox-de Boor triangle: row p holds B_{m-p+r, p}(x), r = 0..p, for padded interval m.</summary>
    private void Fill(double x, int m, Span<double> table)
    {
        int k = Order, n = _padded.Length, w = k + 1;
        table[0] = 1.0;
        for (int p = 1; p <= k; p++)
        {
            ReadOnlySpan<double> prev = table.Slice((p - 1) * w, p);
            Span<double> row = table.Slice(p * w, p + 1);
            ReadOnlySpan<double> inv = _inverseSpans.AsSpan((p - 1) * n, n);
            for (int r = 0; r <= p; r++)
            {
                int j = m - p + r;
                double v = 0;
                if (r >= 1) v += (x - _padded[j]) * inv[j] * prev[r - 1];
                if (r <= p - 1) v += (_padded[j + p + 1] - x) * inv[j + 1] * prev[r];
                row[r] = v;
            }
        }
    }

    /// <summary>q-th derivative of the degree-k functions, by q differencing steps from the degree-(k-q) row.</summary>
    private void Differentiate(int m, ReadOnlySpan<double> table, int q, Span<double> result)
    {
        int k = Order, n = _padded.Length, w = k + 1;
        if (q > k) { result[..(k + 1)].Clear(); return; }
        Span<double> u = stackalloc double[k + 1];
        Span<double> next = stackalloc double[k + 1];
        table.Slice((k - q) * w, k - q + 1).CopyTo(u);
        for (int p = k - q + 1; p <= k; p++)
        {
            ReadOnlySpan<double> inv = _inverseSpans.AsSpan((p - 1) * n, n);
            for (int r = 0; r <= p; r++)
            {
                int j = m - p + r;
                double v = 0;
                if (r >= 1) v += u[r - 1] * inv[j];
                if (r <= p - 1) v -= u[r] * inv[j + 1];
                next[r] = p * v;
            }
            next[..(p + 1)].CopyTo(u);
        }
        u[..(k + 1)].CopyTo(result);
    }
}
