namespace Kan.Physics.Solvers.Discovery;

/// <summary>
/// Samples of one or more fields over space and time: N points (row-major N x D over <see cref="Coordinates"/>) and
/// each field's value at every point.
/// </summary>
/// <param name="Coordinates">The coordinate names, e.g. x, t or x, y, t.</param>
/// <param name="Time">The time coordinate (one of <paramref name="Coordinates"/>).</param>
/// <param name="Fields">The field names, e.g. u or u, v.</param>
/// <param name="Points">N x D coordinates, row-major.</param>
/// <param name="Values">Per field, its N values.</param>
public sealed record FieldData(IReadOnlyList<string> Coordinates, string Time, IReadOnlyList<string> Fields, double[] Points, IReadOnlyList<double[]> Values)
{
    /// <summary>Number of coordinates D.</summary>
    public int Dimension => Coordinates.Count;
    /// <summary>Number of points N.</summary>
    public int Count => Points.Length / Math.Max(1, Coordinates.Count);
    /// <summary>The spatial coordinates (all but the time).</summary>
    public IEnumerable<string> Space => Coordinates.Where(c => c != Time);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first problem: names, shapes, non-finite values, too few points.</summary>
    public void Validate(int minimumPoints = 50)
    {
        if (Coordinates.Count < 2) throw new ArgumentException($"Discovery needs time and at least one space coordinate; got {Coordinates.Count} coordinate(s).");
        if (!Coordinates.Contains(Time)) throw new ArgumentException($"The time coordinate '{Time}' is not among the coordinates ({string.Join(", ", Coordinates)}).");
        foreach (var name in Coordinates.Concat(Fields))
            if (string.IsNullOrEmpty(name) || !(char.IsLetter(name[0])) || !name.All(char.IsLetterOrDigit))
                throw new ArgumentException($"The name '{name}' must be letters and digits, starting with a letter (derivatives are named u_x, u_xx, ...).");
        var all = Coordinates.Concat(Fields).ToList();
        var twice = all.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (twice != null) throw new ArgumentException($"The name '{twice.Key}' is used twice.");
        if (Fields.Count == 0) throw new ArgumentException("At least one field is needed.");
        if (Points.Length % Dimension != 0) throw new ArgumentException($"{Points.Length} coordinate values are not a multiple of {Dimension} coordinates.");
        int n = Count;
        if (n < minimumPoints) throw new ArgumentException($"There are {n} points; discovery needs at least {minimumPoints}.");
        for (int i = 0; i < Points.Length; i++)
            if (!double.IsFinite(Points[i])) throw new ArgumentException($"Coordinate '{Coordinates[i % Dimension]}' is {Points[i]} at point {i / Dimension}.");
        for (int f = 0; f < Fields.Count; f++)
        {
            if (Values[f].Length != n) throw new ArgumentException($"Field '{Fields[f]}' has {Values[f].Length} values for {n} points.");
            int bad = Array.FindIndex(Values[f], v => !double.IsFinite(v));
            if (bad >= 0) throw new ArgumentException($"Field '{Fields[f]}' is {Values[f][bad]} at point {bad}.");
        }
    }
}

/// <summary>Settings of <see cref="PdeDiscovery.Run"/>.</summary>
public sealed record DiscoveryOptions
{
    /// <summary>Highest spatial derivative order in the library (pure derivatives; mixed ones up to second order).</summary>
    public int Order { get; init; } = 3;
    /// <summary>Highest total power of the fields in the library's monomials.</summary>
    public int MaxPower { get; init; } = 2;
    /// <summary>Extra library terms as expressions over the fields, their derivatives (u_x, u_xx, ...) and the coordinates.</summary>
    public IReadOnlyList<string> UserTerms { get; init; } = [];
    /// <summary>The field surrogate's settings.</summary>
    public SurrogateOptions Surrogate { get; init; } = new();
    /// <summary>The sparse regression's settings.</summary>
    public SparseRegressionOptions Regression { get; init; } = new();
    /// <summary>Share of each coordinate's range left out at each end: the regression uses interior points only.</summary>
    public double Margin { get; init; } = 0.1;
    /// <summary>Most collocation points of the regression (a seeded subset of the interior data points).</summary>
    public int CollocationPoints { get; init; } = 10000;
    /// <summary>Pointwise (strong) or integrated against test functions (weak) regression.</summary>
    public DiscoveryFormulation Formulation { get; init; } = DiscoveryFormulation.Weak;
    /// <summary>The test functions and quadrature of the weak formulation.</summary>
    public WeakFormOptions Weak { get; init; } = new();

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Order is < 1 or > TaylorLimit) throw new ArgumentOutOfRangeException(nameof(Order), Order, $"Must be in [1, {TaylorLimit}].");
        if (MaxPower is < 0 or > 6) throw new ArgumentOutOfRangeException(nameof(MaxPower), MaxPower, "Must be in [0, 6].");
        if (!(Margin >= 0 && Margin < 0.5)) throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "Must be in [0, 0.5).");
        if (CollocationPoints < 20) throw new ArgumentOutOfRangeException(nameof(CollocationPoints), CollocationPoints, "Must be >= 20.");
        Surrogate.Validate();
        Regression.Validate();
        Weak.Validate();
    }

    private const int TaylorLimit = Networks.TaylorJets.MaxOrder;
}

/// <summary>What <see cref="PdeDiscovery.Run"/> found: per field its surrogate and its equation.</summary>
/// <param name="Data">The data discovered from.</param>
/// <param name="Library">The candidate terms.</param>
/// <param name="Surrogates">One fitted network per field.</param>
/// <param name="Equations">Per field, the equation for its time derivative and the runners-up.</param>
/// <param name="Collocation">The N x D collocation points of the regression.</param>
/// <param name="Columns">The columns at the collocation points: fields, derivatives, coordinates.</param>
/// <param name="SurrogateSeconds">Time spent fitting the surrogates.</param>
/// <param name="Seconds">Total time.</param>
public sealed record DiscoveryResult(FieldData Data, TermLibrary Library, IReadOnlyList<FieldSurrogate> Surrogates,
    IReadOnlyList<EquationSearchResult> Equations, double[] Collocation, IReadOnlyDictionary<string, double[]> Columns,
    double SurrogateSeconds, double Seconds)
{
    /// <summary>The formulation the regression used.</summary>
    public DiscoveryFormulation Formulation { get; init; } = DiscoveryFormulation.Strong;
    /// <summary>The weak form's system (null for the strong form).</summary>
    public WeakSystem? Weak { get; init; }
    /// <summary>Per field, the noise's standard deviation estimated from gridded data (<see cref="NoiseEstimate.FromGrid"/>; NaN for scattered data).</summary>
    public IReadOnlyList<double> NoiseEstimates { get; init; } = [];
}

/// <summary>
/// Finds the PDE behind field data: a KAN surrogate per field gives analytic derivatives of any order at interior
/// points (<see cref="FieldSurrogate"/>), a library of candidate terms is evaluated from them (<see cref="TermLibrary"/>),
/// and sparse regression picks each field's time derivative as a few of those terms (<see cref="EquationSearch"/>).
/// </summary>
public static class PdeDiscovery
{
    /// <summary>The derivative names and count vectors a discovery reads for <paramref name="data"/> (time first, per field).</summary>
    public static IReadOnlyList<(string Field, string Name, int[] Counts)> Derivatives(FieldData data, int order)
    {
        ArgumentNullException.ThrowIfNull(data);
        var list = new List<(string, string, int[])>();
        int d = data.Dimension, t = IndexOf(data.Coordinates, data.Time);
        var space = Enumerable.Range(0, d).Where(a => a != t).ToArray();
        foreach (var f in data.Fields)
        {
            var ct = new int[d]; ct[t] = 1;
            list.Add((f, TermLibrary.DerivativeName(f, [data.Time]), ct));
            foreach (int a in space)
                for (int q = 1; q <= order; q++)
                {
                    var c = new int[d]; c[a] = q;
                    list.Add((f, TermLibrary.DerivativeName(f, Enumerable.Repeat(data.Coordinates[a], q)), c));
                }
            if (order >= 2)
                for (int i = 0; i < space.Length; i++)
                    for (int j = i + 1; j < space.Length; j++)
                    {
                        var c = new int[d]; c[space[i]] = 1; c[space[j]] = 1;
                        list.Add((f, TermLibrary.DerivativeName(f, [data.Coordinates[space[i]], data.Coordinates[space[j]]]), c));
                    }
        }
        return list;
    }

    /// <summary>Runs the discovery. <paramref name="log"/> hears what is being done (for a command line's progress).</summary>
    public static DiscoveryResult Run(FieldData data, DiscoveryOptions? options = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new DiscoveryOptions();
        options.Validate();
        data.Validate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int d = data.Dimension, n = data.Count;

        // 1. a surrogate per field
        var surrogates = new List<FieldSurrogate>();
        for (int f = 0; f < data.Fields.Count; f++)
        {
            string name = data.Fields[f];
            var s = FieldSurrogate.Fit(name, data.Points, d, data.Values[f], options.Surrogate with { Seed = options.Surrogate.Seed + f },
                r => log?.Invoke($"surrogate {name}: grid {r.Grid}, train RMSE {r.TrainRmse:G3}, held-out RMSE {r.HeldOutRmse:G3} ({r.Seconds:F1} s)"), cancellationToken);
            log?.Invoke($"surrogate {name}: kept grid {s.Grid} (held-out RMSE {s.HeldOutRmse:G3}, field RMS {s.Scale:G3})");
            surrogates.Add(s);
        }
        double surrogateSeconds = clock.Elapsed.TotalSeconds;

        // 2. interior collocation points: data points away from every coordinate's ends
        var lo = new double[d]; var hi = new double[d];
        for (int a = 0; a < d; a++)
        {
            lo[a] = double.PositiveInfinity; hi[a] = double.NegativeInfinity;
            for (int i = 0; i < n; i++) { lo[a] = Math.Min(lo[a], data.Points[i * d + a]); hi[a] = Math.Max(hi[a], data.Points[i * d + a]); }
        }
        var interior = Enumerable.Range(0, n).Where(i =>
        {
            for (int a = 0; a < d; a++)
            {
                double v = data.Points[i * d + a], m = options.Margin * (hi[a] - lo[a]);
                if (v < lo[a] + m || v > hi[a] - m) return false;
            }
            return true;
        }).ToArray();
        if (interior.Length < 20) throw new ArgumentException($"Only {interior.Length} points lie inside the margins; lower the margin or give more points.");
        var rng = new Random(options.Regression.Seed + 17);
        var chosen = interior.Length <= options.CollocationPoints ? interior
            : interior.OrderBy(_ => rng.Next()).Take(options.CollocationPoints).OrderBy(i => i).ToArray();
        var points = new double[chosen.Length * d];
        for (int r = 0; r < chosen.Length; r++) Array.Copy(data.Points, chosen[r] * d, points, r * d, d);

        // 3. the columns: field values from the surrogates, derivatives from their Taylor jets, coordinates
        var wanted = Derivatives(data, options.Order);
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int f = 0; f < data.Fields.Count; f++)
        {
            var mine = wanted.Where(w => w.Field == data.Fields[f]).ToList();
            var counts = new List<int[]> { new int[d] };
            counts.AddRange(mine.Select(m => m.Counts));
            var values = surrogates[f].Derivatives(points, counts);
            columns[data.Fields[f]] = values[0];
            for (int m = 0; m < mine.Count; m++) columns[mine[m].Name] = values[m + 1];
        }
        for (int a = 0; a < d; a++) columns[data.Coordinates[a]] = Enumerable.Range(0, chosen.Length).Select(r => points[r * d + a]).ToArray();
        log?.Invoke($"derivatives at {chosen.Length} interior points ({clock.Elapsed.TotalSeconds:F1} s)");

        // 4. the library and one regression per field
        var spatial = wanted.Where(w => w.Counts[IndexOf(data.Coordinates, data.Time)] == 0).Select(w => w.Name).ToList();
        var variables = data.Fields.Concat(spatial).Concat(data.Coordinates).ToList();
        var library = TermLibrary.Polynomial(data.Fields, spatial, options.MaxPower, variables, options.UserTerms);
        var equations = new List<EquationSearchResult>();
        WeakSystem? weak = null;
        var noise = data.Fields.Select((f, i) => NoiseEstimate.FromGrid(data, i)).ToArray();
        for (int f = 0; f < noise.Length; f++)
            if (!double.IsNaN(noise[f]))
                log?.Invoke($"noise estimated from the data, {data.Fields[f]}: {noise[f]:G3} ({100 * noise[f] / StandardDeviation(data.Values[f]):F2} % of its standard deviation)");
        if (options.Formulation == DiscoveryFormulation.Weak)
        {
            var widths = options.Weak.HalfWidth > 0 ? [options.Weak.HalfWidth] : options.Weak.AutoWidths;
            foreach (double width in widths)
            {
                weak = WeakForm.Assemble(data, surrogates, library, wanted, options.Margin, options.Weak with { HalfWidth = width }, noise);
                double worst = weak.TargetNoise.Values.DefaultIfEmpty(double.NaN).Max();
                log?.Invoke($"weak form: {weak.Windows} test functions of half-width {width} of the range on a {string.Join(" x ", weak.Nodes)} node grid, noise-to-signal of the time derivative {worst:G3} ({clock.Elapsed.TotalSeconds:F1} s)");
                if (!(worst > options.Weak.NoiseTolerance)) break;
            }
        }
        foreach (var f in data.Fields)
        {
            string target = TermLibrary.DerivativeName(f, [data.Time]);
            var result = weak is null ? EquationSearch.Run(library, columns, target, options.Regression)
                : EquationSearch.Run(library, weak.Columns, weak.Targets[f], target,
                    options.Regression with { ErrorFloor = Math.Max(options.Regression.ErrorFloor, options.Weak.ErrorFloor) });
            log?.Invoke($"{result.Chosen.ToText()}   (held-out error {result.Chosen.HeldOutError:G3})");
            equations.Add(result);
        }
        return new DiscoveryResult(data, library, surrogates, equations, points, columns, surrogateSeconds, clock.Elapsed.TotalSeconds)
        {
            Formulation = options.Formulation, Weak = weak, NoiseEstimates = noise,
        };
    }

    private static double StandardDeviation(double[] v)
    {
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == name) return i;
        throw new ArgumentException($"'{name}' is not among {string.Join(", ", list)}.");
    }
}
