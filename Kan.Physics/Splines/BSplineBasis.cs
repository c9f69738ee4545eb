using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kan.Physics.Splines;

/// <summary>
/// The B-spline basis of order (degree) <c>k</c> on one input's knot vector: <c>G</c> grid intervals
/// on <c>[GridMin, GridMax]</c> plus <c>k</c> extra knots on each side, giving <c>G + k</c> basis functions.
/// </summary>
/// <remarks>
/// At any x only k+1 basis functions are non-zero, so <see cref="Evaluate"/> returns the index of the first
/// of them and their k+1 values (and up to three derivatives), never a dense row of G+k values.
/// <para>
/// Inside the grid range this is the ordinary B-spline basis of the extended knots. Outside it, by design, every
/// function continues as its Taylor polynomial of degree k-1 at the nearest grid end (constant for k = 1, linear for
/// k = 2, quadratic for cubic splines), all the way out. So a spline is C^(k-1) everywhere, as smooth as inside, and
/// extrapolates from the data-determined pieces. pykan's convention (the incomplete basis of the extension intervals,
/// vanishing beyond the outer knots) pulls a spline towards zero just past the data: on the paper's toy problem this
/// made test points slightly outside the training range err by 1e-2, and a spline that vanishes makes the loss
/// non-smooth for samples that cross the outer knots. The basis still sums to one outside the grid.
/// </para>
/// <para>
/// Evaluation reads per-interval Taylor coefficients (built once from the Cox-de Boor and de Boor recurrences) and
/// runs Horner's scheme, vectorised over the k+1 pieces for cubic splines.
/// </para>
/// </remarks>
public sealed class BSplineBasis
{
    private readonly double[] _padded;   // knots with k more on each side (so recurrences index uniformly): length G + 4k + 1
    private readonly double[] _inverseSpans; // [p-1][j] = 1/(t_{j+p} - t_j) over padded knots, p = 1..k
    private readonly double[] _polynomials; // per piece (left, G grid intervals, right), Taylor coefficients of the k+1 local functions
    private readonly double[] _origins;     // expansion point of each piece
    private readonly bool _uniform;
    private readonly double _uniformInverseStep;

    /// <summary>Taylor coefficients per piece, <c>[(piece*(k+1) + power)*(k+1) + r]</c> (see <see cref="BuildPolynomials"/>).</summary>
    internal ReadOnlySpan<double> PiecePolynomials => _polynomials;

    /// <summary>Expansion point of each of the G + 2 pieces.</summary>
    internal ReadOnlySpan<double> PieceOrigins => _origins;

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
        _uniformInverseStep = 1.0 / h;
        (_polynomials, _origins) = BuildPolynomials();
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
    /// The basis index of the first returned function, in [0, G-1]. For a NaN x every output is zero.
    /// </returns>
    public int Evaluate(double x, int derivatives, Span<double> values, Span<double> d1, Span<double> d2, Span<double> d3)
    {
        int k = Order, k1 = k + 1;
        if (values.Length < k1 || (derivatives >= 1 && d1.Length < k1) || (derivatives >= 2 && d2.Length < k1) || (derivatives >= 3 && d3.Length < k1))
            throw new ArgumentException($"Each requested output span needs at least k+1 = {k1} entries.", nameof(values));
        int piece = FindPiece(x);
        if (piece < 0)
        {
            values[..k1].Clear();
            if (derivatives >= 1) d1[..k1].Clear();
            if (derivatives >= 2) d2[..k1].Clear();
            if (derivatives >= 3) d3[..k1].Clear();
            return 0;
        }
        int first = Math.Clamp(piece - 1, 0, GridSize - 1);
        double u = x - _origins[piece];
        ref double a = ref _polynomials[piece * k1 * k1];
        if (k == 3 && Vector256.IsHardwareAccelerated)
        {
            // the four cubic pieces side by side: one vector per power of u
            var a0 = Vector256.LoadUnsafe(ref a);
            var a1 = Vector256.LoadUnsafe(ref a, 4);
            var a2 = Vector256.LoadUnsafe(ref a, 8);
            var a3 = Vector256.LoadUnsafe(ref a, 12);
            var vu = Vector256.Create(u);
            (((a3 * vu + a2) * vu + a1) * vu + a0).StoreUnsafe(ref MemoryMarshal.GetReference(values));
            if (derivatives >= 1)
            {
                var b3 = a3 * 3.0; var b2 = a2 * 2.0;
                ((b3 * vu + b2) * vu + a1).StoreUnsafe(ref MemoryMarshal.GetReference(d1));
                if (derivatives >= 2) ((b3 * vu + a2) * 2.0).StoreUnsafe(ref MemoryMarshal.GetReference(d2));
                if (derivatives >= 3) (a3 * 6.0).StoreUnsafe(ref MemoryMarshal.GetReference(d3));
            }
            return first;
        }
        for (int q = 0; q <= Math.Min(derivatives, 3); q++)
        {
            Span<double> dst = q switch { 0 => values, 1 => d1, 2 => d2, _ => d3 };
            for (int r = 0; r < k1; r++)
            {
                // d^q/du^q of sum_p a_p u^p, by Horner with falling-factorial weights
                double acc = 0;
                for (int pw = k; pw >= q; pw--)
                    acc = acc * u + Falling(pw, q) * Unsafe.Add(ref a, pw * k1 + r);
                dst[r] = acc;
            }
        }
        return first;
    }

    /// <summary>
    /// Hot-path form of <see cref="Evaluate"/> for the layer kernel: writes values, then each derivative level, as
    /// consecutive blocks of k+1 starting at <paramref name="destination"/> (which must hold (derivatives+1)(k+1)).
    /// Cubic splines are evaluated inline with 256-bit vectors; other orders go through <see cref="Evaluate"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int EvaluateBlock(double x, int derivatives, Span<double> destination)
    {
        if (Order == 3 && Vector256.IsHardwareAccelerated)
        {
            int piece = FindPiece(x);
            if (piece >= 0)
            {
                ref double dst = ref MemoryMarshal.GetReference(destination);
                double u = x - _origins[piece];
                ref double a = ref _polynomials[piece * 16];
                var a0 = Vector256.LoadUnsafe(ref a);
                var a1 = Vector256.LoadUnsafe(ref a, 4);
                var a2 = Vector256.LoadUnsafe(ref a, 8);
                var a3 = Vector256.LoadUnsafe(ref a, 12);
                var vu = Vector256.Create(u);
                (((a3 * vu + a2) * vu + a1) * vu + a0).StoreUnsafe(ref dst);
                if (derivatives >= 1)
                {
                    var b3 = a3 * 3.0;
                    ((b3 * vu + a2 * 2.0) * vu + a1).StoreUnsafe(ref dst, 4);
                    if (derivatives >= 2) ((b3 * vu + a2) * 2.0).StoreUnsafe(ref dst, 8);
                    if (derivatives >= 3) (a3 * 6.0).StoreUnsafe(ref dst, 12);
                }
                return Math.Clamp(piece - 1, 0, GridSize - 1);
            }
        }
        int k1 = Order + 1;
        return Evaluate(x, derivatives, destination[..k1],
            derivatives >= 1 ? destination.Slice(k1, k1) : default,
            derivatives >= 2 ? destination.Slice(2 * k1, k1) : default,
            derivatives >= 3 ? destination.Slice(3 * k1, k1) : default);
    }

    /// <summary>
    /// Taylor coefficients of the k+1 basis functions that may be non-zero at <paramref name="x"/>, to any order:
    /// <c>destination[q*(k+1) + r] = B_{first+r}^{(q)}(x) / q!</c> for q = 0..<paramref name="maxOrder"/> (zero above k,
    /// where the piece's polynomial ends). Used by the higher-order input jets (see <c>KanNetwork.TaylorJet</c>); the
    /// order-0..3 evaluation paths above are separate and unchanged. Returns the first basis index, as
    /// <see cref="Evaluate"/>; for a NaN x every output is zero.
    /// </summary>
    public int TaylorCoefficients(double x, int maxOrder, Span<double> destination)
    {
        int k = Order, k1 = k + 1;
        if (maxOrder < 0) throw new ArgumentOutOfRangeException(nameof(maxOrder), maxOrder, "Must be >= 0.");
        if (destination.Length < (maxOrder + 1) * k1)
            throw new ArgumentException($"The destination needs (maxOrder+1)(k+1) = {(maxOrder + 1) * k1} entries.", nameof(destination));
        destination[..((maxOrder + 1) * k1)].Clear();
        int piece = FindPiece(x);
        if (piece < 0) return 0;
        double u = x - _origins[piece];
        ReadOnlySpan<double> a = _polynomials.AsSpan(piece * k1 * k1, k1 * k1);
        // the piece is sum_p a_p (u + h)^p; the coefficient of h^q is sum_{p>=q} C(p, q) a_p u^(p-q), by Horner in u
        for (int q = 0; q <= Math.Min(maxOrder, k); q++)
        {
            var dst = destination.Slice(q * k1, k1);
            for (int p = k; p >= q; p--)
            {
                double binomial = Binomial(p, q);
                var row = a.Slice(p * k1, k1);
                for (int r = 0; r < k1; r++) dst[r] = dst[r] * u + binomial * row[r];
            }
        }
        return Math.Clamp(piece - 1, 0, GridSize - 1);
    }

    private static double Binomial(int n, int q)
    {
        double b = 1;
        for (int i = 1; i <= q; i++) b = b * (n - q + i) / i;
        return b;
    }

    private static double Falling(int p, int q)
    {
        double f = 1;
        for (int i = 0; i < q; i++) f *= p - i;
        return f;
    }

    /// <summary>
    /// The same as <see cref="Evaluate"/> but by the Cox-de Boor and de Boor derivative recurrences at x itself;
    /// used to build the per-interval polynomial tables and, in tests, as an independent check of them.
    /// </summary>
    internal int EvaluateByRecurrence(double x, int derivatives, Span<double> values, Span<double> d1, Span<double> d2, Span<double> d3)
    {
        int k = Order;
        int piece = FindPiece(x);
        if (piece < 0) throw new ArgumentException("x is NaN.", nameof(x));
        int m = 2 * k + Math.Clamp(piece - 1, 0, GridSize - 1); // padded index of the grid interval used
        Span<double> dp = stackalloc double[k + 1];
        for (int q = 0; q <= Math.Min(derivatives, 3); q++)
        {
            Span<double> dst = q switch { 0 => values, 1 => d1, 2 => d2, _ => d3 };
            if (piece >= 1 && piece <= GridSize) { LocalDerivative(x, m, q, dst); continue; }
            // outside the grid: the degree-(k-1) Taylor polynomial at the grid end, sum_p f^(p)(end) u^(p-q)/(p-q)!
            double end = piece == 0 ? GridMin : GridMax, u = x - end;
            dst[..(k + 1)].Clear();
            double fact = 1;
            for (int p = q; p <= k - 1; p++)
            {
                if (p > q) fact *= p - q;
                LocalDerivative(end, m, p, dp);
                double w = Math.Pow(u, p - q) / fact;
                for (int r = 0; r <= k; r++) dst[r] += w * dp[r];
            }
        }
        return m - 2 * k;
    }

    /// <summary>q-th derivative of the k+1 degree-k functions non-zero on padded interval m, at x.</summary>
    private void LocalDerivative(double x, int m, int q, Span<double> result)
    {
        int k = Order;
        if (q > k) { result[..(k + 1)].Clear(); return; }
        Raise(x, m, 0, k - q, result);
        Differentiate(m, result, k - q, q, result);
    }

    /// <summary>
    /// Taylor coefficients of the k+1 local pieces, <c>[piece][power][r] = B^{(power)}_{first+r}(origin) / power!</c>:
    /// piece 0 continues left of the grid (origin GridMin, powers up to k-1), pieces 1..G are the grid intervals
    /// (origin their left knot), piece G+1 continues right of the grid (origin GridMax, powers up to k-1).
    /// Evaluation is then Horner in u = x - origin.
    /// </summary>
    private (double[] Table, double[] Origins) BuildPolynomials()
    {
        int k = Order, k1 = k + 1, g = GridSize;
        var table = new double[(g + 2) * k1 * k1];
        var origins = new double[g + 2];
        Span<double> d = stackalloc double[k1];
        for (int piece = 0; piece <= g + 1; piece++)
        {
            int m = 2 * k + Math.Clamp(piece - 1, 0, g - 1);
            double origin = piece == 0 ? GridMin : piece == g + 1 ? GridMax : _padded[m];
            origins[piece] = origin;
            int top = piece == 0 || piece == g + 1 ? k - 1 : k;
            double fact = 1;
            for (int q = 0; q <= top; q++)
            {
                if (q > 0) fact *= q;
                LocalDerivative(origin, m, q, d);
                for (int r = 0; r < k1; r++) table[(piece * k1 + q) * k1 + r] = d[r] / fact;
            }
        }
        return (table, origins);
    }

    /// <summary>Evaluates the spline sum_c coefficients[c] B_c(x).</summary>
    public double EvaluateSpline(ReadOnlySpan<double> coefficients, double x)
    {
        if (coefficients.Length != Count)
            throw new ArgumentException($"Expected {Count} coefficients, got {coefficients.Length}.", nameof(coefficients));
        int k = Order;
        Span<double> b = stackalloc double[k + 1];
        int first = Evaluate(x, 0, b, default, default, default);
        double s = 0;
        for (int r = 0; r <= k; r++) s += coefficients[first + r] * b[r];
        return s;
    }

    /// <summary>Piece of x: 0 left of the grid, 1..G the grid intervals (the last one closed), G+1 right of it; -1 for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int FindPiece(double x)
    {
        int k = Order, g = GridSize;
        double lo = _padded[2 * k], hi = _padded[2 * k + g];
        if (x < lo) return 0;
        if (x > hi) return g + 1;
        if (!(x <= hi)) return -1; // NaN
        int a; // grid point index with grid[a] <= x < grid[a + 1]
        if (_uniform)
        {
            a = Math.Min((int)((x - lo) * _uniformInverseStep), g - 1);
            // correct for rounding at interval ends
            while (a > 0 && x < _padded[2 * k + a]) a--;
            while (a < g - 1 && x >= _padded[2 * k + a + 1]) a++;
            return a + 1;
        }
        // the last grid point at or below x, by halving a window that always holds it; the select compiles to a
        // conditional move, so the search costs no mispredicted branches
        ref double grid = ref _padded[2 * k];
        a = 0;
        for (int len = g; len > 1;)
        {
            int half = len >> 1;
            a = x >= Unsafe.Add(ref grid, a + half) ? a + half : a;
            len -= half;
        }
        return a + 1;
    }

    /// <summary>
    /// Cox-de Boor recurrence in place: <paramref name="n"/> holds B_{m-p+r, p}(x), r = 0..p, for degree
    /// <paramref name="from"/> (ignored when from = 0) and is raised to degree <paramref name="to"/>.
    /// Both terms of consecutive functions share the factor 1/(t_{j+p} - t_j), so each level costs p products.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Raise(double x, int m, int from, int to, Span<double> n)
    {
        ref double t = ref MemoryMarshal.GetArrayDataReference(_padded);
        ref double inv0 = ref MemoryMarshal.GetArrayDataReference(_inverseSpans);
        ref double nr = ref MemoryMarshal.GetReference(n);
        int len = _padded.Length;
        if (from == 0) nr = 1.0;
        for (int p = Math.Max(from, 0) + 1; p <= to; p++)
        {
            ref double inv = ref Unsafe.Add(ref inv0, (p - 1) * len + m - p + 1);
            double saved = 0;
            for (int r = 0; r < p; r++)
            {
                double temp = Unsafe.Add(ref nr, r) * Unsafe.Add(ref inv, r);
                Unsafe.Add(ref nr, r) = saved + (Unsafe.Add(ref t, m + r + 1) - x) * temp;
                saved = (x - Unsafe.Add(ref t, m - p + r + 1)) * temp;
            }
            Unsafe.Add(ref nr, p) = saved;
        }
    }

    /// <summary>
    /// q-th derivative of the degree-k functions from the degree-(k-q) values <paramref name="start"/>, by q differencing
    /// steps B'_{j,p} = p (B_{j,p-1}/(t_{j+p}-t_j) - B_{j+1,p-1}/(t_{j+p+1}-t_{j+1})).
    /// </summary>
    private void Differentiate(int m, ReadOnlySpan<double> start, int degree, int q, Span<double> result)
    {
        int k = Order;
        if (q > k) { result[..(k + 1)].Clear(); return; }
        start[..(degree + 1)].CopyTo(result);
        ref double inv0 = ref MemoryMarshal.GetArrayDataReference(_inverseSpans);
        ref double u = ref MemoryMarshal.GetReference(result);
        int len = _padded.Length;
        for (int p = degree + 1; p <= k; p++)
        {
            ref double inv = ref Unsafe.Add(ref inv0, (p - 1) * len + m - p + 1);
            double saved = 0;
            for (int r = 0; r < p; r++)
            {
                double temp = Unsafe.Add(ref u, r) * Unsafe.Add(ref inv, r);
                Unsafe.Add(ref u, r) = p * (saved - temp);
                saved = temp;
            }
            Unsafe.Add(ref u, p) = p * saved;
        }
    }
}
