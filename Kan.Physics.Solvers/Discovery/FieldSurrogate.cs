using Kan.Physics.Networks;
using Kan.Physics.Optimization;
using Kan.Physics.Training;

namespace Kan.Physics.Solvers.Discovery;

/// <summary>Settings of <see cref="FieldSurrogate.Fit"/>.</summary>
public sealed record SurrogateOptions
{
    /// <summary>Hidden widths: the network is [coordinates, hidden..., 1].</summary>
    public int[] Hidden { get; init; } = [12];
    /// <summary>The grid schedule; the grid with the lowest held-out error is kept.</summary>
    public int[] Grids { get; init; } = [6, 12, 24];
    /// <summary>Spline order: 5 (quintic) keeps the network C^4, so u_xxxx is continuous; 3 is enough up to u_xx.</summary>
    public int SplineOrder { get; init; } = 5;
    /// <summary>L-BFGS outer steps per grid.</summary>
    public int StepsPerGrid { get; init; } = 40;
    /// <summary>Share of the points held out to choose the grid and report the fit.</summary>
    public double HeldOutShare { get; init; } = 0.2;
    /// <summary>At most this many of the remaining points are trained on (a seeded random subset).</summary>
    public int MaxTrainPoints { get; init; } = 8000;
    /// <summary>Roughness penalty of the splines (see <see cref="TrainingOptions.Smoothness"/>): raise it for noisy data.</summary>
    public double Smoothness { get; init; }
    /// <summary>Seed of the network and of the split.</summary>
    public int Seed { get; init; }

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Hidden is null || Hidden.Length == 0 || Hidden.Any(h => h < 1)) throw new ArgumentException("Hidden widths must be one or more integers >= 1.", nameof(Hidden));
        if (Grids is null || Grids.Length == 0 || Grids.Any(g => g < 1)) throw new ArgumentException("The grid schedule needs one or more sizes >= 1.", nameof(Grids));
        if (SplineOrder < 1) throw new ArgumentOutOfRangeException(nameof(SplineOrder), SplineOrder, "Must be >= 1.");
        if (StepsPerGrid < 1) throw new ArgumentOutOfRangeException(nameof(StepsPerGrid), StepsPerGrid, "Must be >= 1.");
        if (!(HeldOutShare > 0 && HeldOutShare < 1)) throw new ArgumentOutOfRangeException(nameof(HeldOutShare), HeldOutShare, "Must be in (0, 1).");
        if (MaxTrainPoints < 10) throw new ArgumentOutOfRangeException(nameof(MaxTrainPoints), MaxTrainPoints, "Must be >= 10.");
        if (!(Smoothness >= 0) || !double.IsFinite(Smoothness)) throw new ArgumentOutOfRangeException(nameof(Smoothness), Smoothness, "Must be finite and >= 0.");
    }
}

/// <summary>One grid of a surrogate's schedule: its RMS errors on the training and held-out points (data units).</summary>
public readonly record struct SurrogateGridRecord(int Grid, double TrainRmse, double HeldOutRmse, double Seconds);

/// <summary>A field whose derivatives can be read at any point: a fitted surrogate, or an exact solution in tests.</summary>
public interface IFieldDerivatives
{
    /// <summary>
    /// Derivatives at the N x D points: result[p][i] is derivative p (counts per coordinate; all zeros is the value) at
    /// point i, in data units.
    /// </summary>
    double[][] Derivatives(double[] points, IReadOnlyList<int[]> derivatives);
}

/// <summary>
/// A KAN fitted to one field u(x, [y,] t) from scattered or gridded samples, whose input derivatives of any order (by
/// <see cref="TaylorJets"/>) stand in for the field's: the smooth, analytic derivatives PDE discovery needs.
/// </summary>
/// <remarks>
/// The coordinates are mapped affinely onto [-1, 1] and the field standardised (mean 0, RMS 1) before the fit; the
/// derivatives are mapped back by the chain rule. Training is L-BFGS on the mean squared error over a grid schedule
/// (each grid fitted to the previous one, <see cref="KanNetwork.Refine"/>); the grid with the lowest error on the
/// held-out points is kept, so a grid that starts to follow the noise is not chosen.
/// </remarks>
public sealed class FieldSurrogate : IFieldDerivatives
{
    private readonly double[] _lo, _hi;

    private FieldSurrogate(string field, KanNetwork network, double[] lo, double[] hi, double mean, double scale,
        IReadOnlyList<SurrogateGridRecord> history, int grid)
    {
        Field = field; Network = network; _lo = lo; _hi = hi; Mean = mean; Scale = scale; History = history; Grid = grid;
    }

    /// <summary>The field's name.</summary>
    public string Field { get; }
    /// <summary>The fitted network, on coordinates scaled to [-1, 1] and the standardised field.</summary>
    public KanNetwork Network { get; }
    /// <summary>The field's mean (subtracted before the fit).</summary>
    public double Mean { get; }
    /// <summary>The field's RMS about its mean (divided out before the fit).</summary>
    public double Scale { get; }
    /// <summary>Each grid of the schedule with its errors.</summary>
    public IReadOnlyList<SurrogateGridRecord> History { get; }
    /// <summary>The grid kept (lowest held-out error).</summary>
    public int Grid { get; }
    /// <summary>The kept grid's held-out RMS error in data units.</summary>
    public double HeldOutRmse => History.First(h => h.Grid == Grid).HeldOutRmse;
    /// <summary>Lower and upper end of each coordinate in the data.</summary>
    public IReadOnlyList<(double Lo, double Hi)> Ranges => _lo.Select((l, a) => (l, _hi[a])).ToArray();

    /// <summary>
    /// Fits the field <paramref name="values"/> at the N x D row-major <paramref name="points"/>. <paramref name="progress"/>
    /// hears each finished grid.
    /// </summary>
    public static FieldSurrogate Fit(string field, double[] points, int dimension, double[] values, SurrogateOptions? options = null,
        Action<SurrogateGridRecord>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(values);
        options ??= new SurrogateOptions();
        options.Validate();
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Must be >= 1.");
        int n = values.Length;
        if (points.Length != n * dimension) throw new ArgumentException($"{points.Length} coordinates for {n} values of a {dimension}-D field.", nameof(points));
        if (n < 20) throw new ArgumentException($"The field '{field}' has {n} points; at least 20 are needed.", nameof(values));
        var lo = new double[dimension]; var hi = new double[dimension];
        for (int a = 0; a < dimension; a++)
        {
            lo[a] = double.PositiveInfinity; hi[a] = double.NegativeInfinity;
            for (int i = 0; i < n; i++) { lo[a] = Math.Min(lo[a], points[i * dimension + a]); hi[a] = Math.Max(hi[a], points[i * dimension + a]); }
            if (!(hi[a] > lo[a])) throw new ArgumentException($"Coordinate {a} takes the single value {lo[a]}; it must vary.", nameof(points));
        }
        double mean = values.Average();
        double scale = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / n);
        if (!(scale > 0)) scale = 1;

        var rng = new Random(options.Seed);
        var order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        int nHeld = Math.Max(1, (int)Math.Round(options.HeldOutShare * n));
        var held = order.Take(nHeld).ToArray();
        var train = order.Skip(nHeld).Take(options.MaxTrainPoints).ToArray();
        var surrogate = new FieldSurrogate(field, null!, lo, hi, mean, scale, [], 0);
        Dataset Subset(int[] rows)
        {
            var x = new double[rows.Length * dimension];
            var y = new double[rows.Length];
            for (int r = 0; r < rows.Length; r++)
            {
                for (int a = 0; a < dimension; a++) x[r * dimension + a] = surrogate.Scaled(points[rows[r] * dimension + a], a);
                y[r] = (values[rows[r]] - mean) / scale;
            }
            return new Dataset(x, y, dimension);
        }
        var trainSet = Subset(train);
        var heldSet = Subset(held);
        var domain = Enumerable.Repeat((-1.0, 1.0), dimension).ToArray();
        int[] widths = [dimension, .. options.Hidden, 1];
        var network = KanNetwork.Create(widths, new KanOptions { GridSize = options.Grids[0], Order = options.SplineOrder, Seed = options.Seed });
        var training = new TrainingOptions
        {
            Steps = options.StepsPerGrid, Smoothness = options.Smoothness, Seed = options.Seed, InputDomain = domain,
            StopGridUpdateStep = Math.Min(options.StepsPerGrid, 20),
        };
        var history = new List<SurrogateGridRecord>();
        KanNetwork? best = null;
        int bestGrid = 0; double bestHeld = double.PositiveInfinity;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int g = 0; g < options.Grids.Length; g++)
        {
            if (g > 0) network = network.Refine(options.Grids[g]);
            var result = new Trainer(training).Fit(network, trainSet, null, null, cancellationToken);
            if (result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(cancellationToken);
            var record = new SurrogateGridRecord(options.Grids[g], trainSet.Rmse(network) * scale, heldSet.Rmse(network) * scale, clock.Elapsed.TotalSeconds);
            history.Add(record);
            progress?.Invoke(record);
            if (record.HeldOutRmse < bestHeld) { bestHeld = record.HeldOutRmse; best = network.Clone(); bestGrid = options.Grids[g]; }
        }
        return new FieldSurrogate(field, best!, lo, hi, mean, scale, history, bestGrid);
    }

    private double Scaled(double v, int a) => 2 * (v - _lo[a]) / (_hi[a] - _lo[a]) - 1;

    private double[] ScaledPoints(double[] points)
    {
        int d = _lo.Length;
        if (points.Length % d != 0) throw new ArgumentException($"{points.Length} coordinates are not a multiple of the dimension {d}.", nameof(points));
        var z = new double[points.Length];
        for (int i = 0; i < points.Length; i++) z[i] = Scaled(points[i], i % d);
        return z;
    }

    /// <summary>The fitted field at the N x D points (data units).</summary>
    public double[] Values(double[] points) => Network.Forward(ScaledPoints(points)).Select(v => Mean + Scale * v).ToArray();

    /// <summary>
    /// Derivatives of the fitted field at the N x D points: result[p][i] is derivative p (counts per coordinate, as
    /// <see cref="TaylorJets.Partials"/> takes them) at point i, in data units.
    /// </summary>
    public double[][] Derivatives(double[] points, IReadOnlyList<int[]> derivatives)
    {
        ArgumentNullException.ThrowIfNull(derivatives);
        var z = ScaledPoints(points);
        int n = points.Length / _lo.Length, count = derivatives.Count;
        var raw = TaylorJets.Partials(Network, z, derivatives);
        var result = new double[count][];
        for (int p = 0; p < count; p++)
        {
            double factor = Scale;
            for (int a = 0; a < _lo.Length; a++) factor *= Math.Pow(2 / (_hi[a] - _lo[a]), derivatives[p][a]);
            bool value = derivatives[p].All(c => c == 0);
            result[p] = new double[n];
            for (int i = 0; i < n; i++) result[p][i] = raw[(long)i * count + p] * factor + (value ? Mean : 0);
        }
        return result;
    }
}
