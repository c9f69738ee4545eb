using System.Diagnostics;
using Kan.Physics.Jets;
using Kan.Physics.Networks;
using Kan.Physics.Optimization;
using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// How <see cref="WindowMarchingSolver"/> cuts the time range [<see cref="Start"/>, <see cref="End"/>] into
/// <see cref="Windows"/> equal windows and how many time derivatives it carries exactly from one window into the next.
/// </summary>
public sealed record WindowMarchingOptions
{
    /// <param name="windows">Number of equal time windows K (1: one solve, with the same ansatz).</param>
    /// <param name="start">The initial time t0 (where the problem's initial conditions hold).</param>
    /// <param name="end">The final time t1 &gt; t0.</param>
    public WindowMarchingOptions(int windows, double start, double end)
    {
        Windows = windows;
        Start = start;
        End = end;
        Validate();
    }

    /// <summary>Number of equal time windows K.</summary>
    public int Windows { get; init; }
    /// <summary>The initial time t0.</summary>
    public double Start { get; init; }
    /// <summary>The final time t1.</summary>
    public double End { get; init; }

    /// <summary>
    /// How many time derivatives of the solution are carried exactly into each window: 1 (the value; PDEs of first order
    /// in time, e.g. heat or Burgers) or 2 (value and velocity; second order in time, e.g. the wave equation). 0, the
    /// default, detects it: 2 when the residual changes with u_tt, else 1.
    /// </summary>
    public int TimeDerivatives { get; init; }

    /// <summary>Length of one window, (t1 - t0) / K.</summary>
    public double WindowLength => (End - Start) / Windows;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Windows < 1) throw new ArgumentOutOfRangeException(nameof(Windows), Windows, "At least one time window is needed.");
        if (!double.IsFinite(Start) || !double.IsFinite(End) || !(End > Start))
            throw new ArgumentException($"The time range [{Start}, {End}] must be finite and non-empty.", nameof(End));
        if (TimeDerivatives is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(TimeDerivatives), TimeDerivatives, "Must be 0 (detect), 1 or 2.");
    }
}

/// <summary>
/// Time marching with the solution carried across windows exactly: the time range is cut into K equal windows solved
/// one after the other, each by <see cref="PinnSolver"/> with its own network, and each window starts from the previous
/// windows' frozen solution as a hard initial value, so a window cannot drift away from what came before and each
/// solve is a small, well-conditioned problem (one window's worth of oscillations).
/// </summary>
/// <remarks>
/// <para>
/// With the problem's output transform u = A + B N (A = 0, B = 1 without one) the solution is u = A + v, and the
/// marched function v is, in window k (t_k &lt;= t &lt;= t_k+1, tau = (t - t_k) / h, h the window length):
/// <code>
/// v_0(x, t) = B(x, t) N_0(x, t) / S_0
/// v_k(x, t) = 2 v_k-1(x, t_k) - v_k-1(x, 2 t_k - t) + tau^m B(x, t) N_k(x, t) / S_k
/// </code>
/// with S_k the largest |tau^m B| over window k's collocation points, so that each network's output has the size of
/// the correction it makes.
/// The first two terms are the previous window's solution reflected oddly about t_k: at t = t_k they give v and v_t of
/// the previous window exactly, so u and, for m = 2, u_t are continuous across windows whatever N_k is, and the
/// previous network is only ever evaluated inside the window it was trained on. Where B vanishes (a wall) v stays 0,
/// so the values the transform imposes there hold in every window. m is
/// <see cref="WindowMarchingOptions.TimeDerivatives"/>: a PDE of first order in time takes its initial value from the
/// previous window (m = 1), one of second order (waves) its value and velocity (m = 2). Only second derivatives of the
/// frozen networks are needed, so a PDE with u_xx and u_tt stays within the networks' order-2 jets. The residual of
/// the carried part in window k contains the reflected residual of window k-1, so what one window leaves unresolved
/// the next must cancel: splines of order 5 (<c>KanOptions.Order</c>), whose second derivatives are smooth, keep that
/// small where cubic ones let it grow from window to window. Walls are best built into the output transform: as loss
/// terms their errors are carried into the next window too and grew from window to window on the two-mode wave.
/// </para>
/// <para>
/// Window 0 is the problem as given: its initial conditions (as loss terms or built into the output transform) hold
/// there. The problem's collocation points are mapped affinely in time into every window, so each window has as many
/// points as the whole problem; condition points stay where they are and count in the window that holds their time (an
/// initial condition only in window 0). Every window's network sees the coordinates its window maps to on the whole
/// range (t0 + (t - t_k) K), through the problem's input embedding if it has one, so it has the same input range and
/// the same widths as the network given, and starts from a copy of it (the network given is trained for window 0).
/// Periodic conditions are not supported (use a <see cref="PeriodicEmbedding"/>).
/// </para>
/// </remarks>
public sealed class WindowMarchingSolver
{
    /// <param name="options">How each window is trained (grid schedule, steps, ...), as for <see cref="PinnSolver"/>.</param>
    /// <param name="marching">The windows.</param>
    public WindowMarchingSolver(PinnOptions? options, WindowMarchingOptions marching)
    {
        ArgumentNullException.ThrowIfNull(marching);
        Options = options ?? new PinnOptions();
        Options.Validate();
        marching.Validate();
        Marching = marching;
    }

    /// <summary>The per-window solver options.</summary>
    public PinnOptions Options { get; }
    /// <summary>The windows.</summary>
    public WindowMarchingOptions Marching { get; }

    /// <summary>
    /// Solves <paramref name="problem"/> window by window. The result's <see cref="PinnResult.Network"/> is the last
    /// window's network, <see cref="PinnResult.Marched"/> the whole solution (what <see cref="PinnResult.Evaluate"/>
    /// uses), <see cref="PinnResult.Windows"/> each window's own result, the history all windows' steps numbered on
    /// (their errors measured on the reference points inside the window being trained) and the errors those of the
    /// whole solution on the whole reference.
    /// </summary>
    /// <param name="network">The network of window 0 (trained in place); the later windows start from copies of it as given.</param>
    /// <param name="problem">The whole problem on [t0, t1].</param>
    /// <param name="onStep">Called after every outer step of every window.</param>
    /// <param name="cancellationToken">Stops the run; the result then holds the windows solved so far.</param>
    public PinnResult Solve(KanNetwork network, PinnProblem problem, Action<PinnRecord>? onStep = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problem);
        var pde = problem.Pde;
        if (!pde.IsTimeDependent) throw new ArgumentException("Window marching needs a time-dependent PDE (time as the last coordinate).", nameof(problem));
        if (problem.Periodic.Count > 0)
            throw new ArgumentException("Window marching builds the carried solution into an output transform, which periodic conditions cannot be combined with; use a PeriodicEmbedding instead.", nameof(problem));
        if (problem.Unknowns.Count > 0 || problem.Unknowns.Fields.Count > 0)
            throw new ArgumentException($"Window marching solves each time window as a problem of its own, so unknown coefficients ({string.Join(", ", problem.Unknowns.Names.Concat(problem.Unknowns.FieldNames))}) would be identified anew in every window and not as one value; identify them without marching.", nameof(problem));
        if (network.InputDimension != problem.NetworkInputDimension || network.OutputDimension != pde.Fields)
            throw new ArgumentException($"The network maps {network.InputDimension} to {network.OutputDimension}; the problem needs {problem.NetworkInputDimension} inputs and {pde.Fields} outputs.", nameof(network));
        var m = Marching;
        int derivatives = m.TimeDerivatives > 0 ? m.TimeDerivatives : DetectTimeDerivatives(problem);
        var initial = network.Clone();
        var clock = Stopwatch.StartNew();
        var networks = new List<KanNetwork>();
        var inputs = new List<InputTransform>();
        var windows = new List<PinnResult>();
        var history = new List<PinnRecord>();
        int stepOffset = 0, evaluationOffset = 0;
        var stop = StopReason.Converged;
        var scales = new List<double>();
        for (int k = 0; k < m.Windows && stop != StopReason.Cancelled; k++)
        {
            var points = WindowPoints(problem.CollocationPoints, pde.Dimension, k);
            scales.Add(Scale(problem, points, k, derivatives));
            var carried = new MarchedSolution(m, derivatives, pde.Dimension, pde.Fields, networks, inputs, problem.Transform, scales);
            var input = new WindowInput(problem.Input, pde.Dimension, m, k);
            var windowProblem = new PinnProblem(pde, points, WindowConditions(problem, k), problem.InteriorWeight,
                WindowReference(problem.Reference, carried, k), transform: new WindowTransform(carried, k), input: input);
            int steps = stepOffset, evaluations = evaluationOffset;
            double seconds = clock.Elapsed.TotalSeconds;
            var result = new PinnSolver(Options).Solve(k == 0 ? network : initial.Clone(), windowProblem, r =>
            {
                var record = r with { Step = r.Step + steps, Evaluations = r.Evaluations + evaluations, Seconds = r.Seconds + seconds };
                history.Add(record);
                onStep?.Invoke(record);
            }, cancellationToken);
            windows.Add(result);
            networks.Add(result.Network);
            inputs.Add(input);
            stepOffset = history.Count > 0 ? history[^1].Step : stepOffset;
            evaluationOffset += result.Evaluations;
            stop = result.StopReason;
        }
        var solution = new MarchedSolution(m, derivatives, pde.Dimension, pde.Fields, networks, inputs, problem.Transform, scales);
        return new PinnResult(networks[^1], stop, history, problem.Reference is { } reference ? solution.Errors(reference) : null, evaluationOffset, clock.Elapsed.TotalSeconds)
        {
            Marched = solution, Windows = windows,
        };
    }

    /// <summary>
    /// 2 when the PDE's residual at its first collocation point changes with u_tt (second order in time), else 1.
    /// </summary>
    public static int DetectTimeDerivatives(PinnProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var pde = problem.Pde;
        if (!pde.IsTimeDependent || pde.Order < 2) return 1;
        int d = pde.Dimension, f = pde.Fields, t = d - 1;
        var point = problem.CollocationPoints.AsSpan(0, d).ToArray();
        var loss = new ResidualLoss(pde, point, null, d, pde.SpatialDimension, f);
        double Residual(double utt)
        {
            var jet = new JetBlock(1, f, d, 2);
            for (int j = 0; j < f; j++)
            {
                jet.Value(0, j) = 0.3 + 0.1 * j;
                for (int a = 0; a < d; a++) jet.Gradient(0, j, a) = 0.2 - 0.05 * a;
                for (int a = 0; a < d; a++)
                    for (int b = a; b < d; b++) jet.Hessian(0, j, a, b) = 0.1 + 0.03 * (a + b);
                jet.Hessian(0, j, t, t) += utt;
            }
            return loss.PointwiseSquaredResiduals(jet)[0];
        }
        double r0 = Residual(0);
        return Residual(1) != r0 || Residual(2.5) != r0 ? 2 : 1;
    }

    /// <summary>Window k's scale S_k: the largest |tau^m B| over its collocation points (B the problem's distance factor, 1 without one; tau^m = 1 in window 0), or 1 when that is 0.</summary>
    private double Scale(PinnProblem problem, double[] points, int k, int derivatives)
    {
        int d = problem.Pde.Dimension, f = problem.Pde.Fields, n = points.Length / d, m = 1 + d + d * (d + 1) / 2;
        var b = problem.Transform?.Jets(points, d, f).B;
        double tk = Marching.Start + k * Marching.WindowLength, largest = 0;
        for (int s = 0; s < n; s++)
        {
            double tau = (points[s * d + d - 1] - tk) / Marching.WindowLength, g = k == 0 ? 1 : Math.Pow(tau, derivatives);
            for (int j = 0; j < f; j++) largest = Math.Max(largest, Math.Abs(g * (b is null ? 1 : b[(s * f + j) * m])));
        }
        return largest > 0 && double.IsFinite(largest) ? largest : 1;
    }

    /// <summary>The collocation points with their times mapped affinely from [t0, t1] into window k.</summary>
    private double[] WindowPoints(double[] points, int d, int k)
    {
        var m = Marching;
        var mapped = (double[])points.Clone();
        double tk = m.Start + k * m.WindowLength;
        for (int s = d - 1; s < mapped.Length; s += d) mapped[s] = tk + (mapped[s] - m.Start) / m.Windows;
        return mapped;
    }

    /// <summary>Window k's share of each condition: the points whose time lies in the window (none: the condition is left out).</summary>
    private List<Condition> WindowConditions(PinnProblem problem, int k)
    {
        int d = problem.Pde.Dimension, spatial = problem.Pde.SpatialDimension;
        var list = new List<Condition>();
        foreach (var c in problem.Conditions)
        {
            var keep = Enumerable.Range(0, c.Points.Length / d).Where(s => InWindow(c.Points[s * d + d - 1], k)).ToArray();
            if (keep.Length == 0) continue;
            if (keep.Length == c.Points.Length / d) { list.Add(c); continue; }
            if (c is IntegralObservation)
                throw new ArgumentException($"Integral observation '{c.Name}' has points in more than one time window; window marching solves each window on its own and cannot split a functional. Measure it within one window or solve without marching.", nameof(problem));
            var points = keep.SelectMany(s => c.Points.AsSpan(s * d, d).ToArray()).ToArray();
            var normals = c.Normals is { } n ? keep.SelectMany(s => n.AsSpan(s * spatial, spatial).ToArray()).ToArray() : null;
            list.Add(new WindowCondition(c, points, normals));
        }
        return list;
    }

    /// <summary>Whether time <paramref name="t"/> belongs to window k: [t_k, t_k+1), the last window closed, times outside the range in the first or last.</summary>
    private bool InWindow(double t, int k) => MarchedSolution.WindowOf(t, Marching.Start, Marching.WindowLength, Marching.Windows) == k;

    private ReferenceSolution? WindowReference(ReferenceSolution? reference, MarchedSolution carried, int k)
    {
        if (reference is null) return null;
        int d = reference.Dimension, f = reference.Fields;
        var keep = Enumerable.Range(0, reference.Count).Where(s => InWindow(reference.Points[s * d + d - 1], k)).ToArray();
        if (keep.Length == 0) return null;
        return new ReferenceSolution(
            keep.SelectMany(s => reference.Points.AsSpan(s * d, d).ToArray()).ToArray(), d,
            keep.SelectMany(s => reference.Values.AsSpan(s * f, f).ToArray()).ToArray(), f,
            reference.Gradients is { } g ? keep.SelectMany(s => g.AsSpan(s * f * d, f * d).ToArray()).ToArray() : null)
        {
            FieldNames = reference.FieldNames, UpToConstant = reference.UpToConstant,
        };
    }
}

/// <summary>
/// The solution of <see cref="WindowMarchingSolver"/>: one network per time window, composed as described there into a
/// function that is continuous in time (with its time derivative, for <see cref="TimeDerivatives"/> = 2) and evaluates
/// anywhere, with its jets (order 0, 1 or 2) in the coordinates. A time before t0 or after the last window is
/// evaluated with the first or last window's formula.
/// </summary>
public sealed class MarchedSolution
{
    private readonly KanNetwork[] _networks;
    private readonly InputTransform[] _inputs;
    private readonly double[] _scales;
    private readonly int _dimension, _fields;

    internal MarchedSolution(WindowMarchingOptions marching, int timeDerivatives, int dimension, int fields, IReadOnlyList<KanNetwork> networks,
        IReadOnlyList<InputTransform> inputs, OutputTransform? transform, IReadOnlyList<double>? scales = null)
    {
        _scales = scales?.ToArray() ?? [];
        Start = marching.Start;
        WindowLength = marching.WindowLength;
        TimeDerivatives = timeDerivatives;
        _dimension = dimension;
        _fields = fields;
        _networks = [.. networks];
        _inputs = [.. inputs];
        Transform = transform;
    }

    /// <summary>The initial time t0.</summary>
    public double Start { get; }
    /// <summary>The length h of each window.</summary>
    public double WindowLength { get; }
    /// <summary>How many time derivatives are continuous by construction at the windows' ends (1: the value, 2: value and velocity).</summary>
    public int TimeDerivatives { get; }
    /// <summary>Number of windows solved (their networks).</summary>
    public int Windows => _networks.Length;
    /// <summary>Each window's network, first window first.</summary>
    public IReadOnlyList<KanNetwork> Networks => _networks;
    /// <summary>The problem's output transform u = A + B w around the marched function w, or null (u = w).</summary>
    public OutputTransform? Transform { get; }

    /// <summary>The window whose formula evaluates time <paramref name="t"/>.</summary>
    public int WindowOf(double t) => WindowOf(t, Start, WindowLength, Math.Max(1, Windows));

    internal static int WindowOf(double t, double start, double length, int windows)
    {
        double k = Math.Floor((t - start) / length);
        return k < 0 ? 0 : k >= windows ? windows - 1 : (int)k;
    }

    /// <summary>The solution's jet (order 0, 1 or 2) at N x D points.</summary>
    public JetBlock Evaluate(double[] points, int order = 0)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (Windows == 0) throw new InvalidOperationException("No window has been solved.");
        int d = _dimension;
        if (points.Length % d != 0) throw new ArgumentException($"{points.Length} coordinates do not form {d}-D points.", nameof(points));
        int n = points.Length / d;
        var u = new JetBlock(n, _fields, d, order);
        var window = new int[n];
        for (int s = 0; s < n; s++) window[s] = WindowOf(points[s * d + d - 1]);
        for (int k = 0; k < Windows; k++)
        {
            var index = Enumerable.Range(0, n).Where(s => window[s] == k).ToArray();
            if (index.Length == 0) continue;
            var group = index.SelectMany(s => points.AsSpan(s * d, d).ToArray()).ToArray();
            var part = Inner(group, order, k, own: true);
            if (Transform is { } t) Jet.AddFlat(part, t.Jets(group, d, _fields).A);
            for (int i = 0; i < index.Length; i++) Jet.Copy(part, i, u, index[i]);
        }
        return u;
    }

    /// <summary>The errors of this solution on <paramref name="reference"/> (with gradients when the reference has them).</summary>
    public ErrorMetrics Errors(ReferenceSolution reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Dimension != _dimension || reference.Fields != _fields)
            throw new ArgumentException($"The reference has {reference.Dimension} coordinates and {reference.Fields} fields; the solution {_dimension} and {_fields}.", nameof(reference));
        bool h1 = reference.Gradients != null;
        var jet = Evaluate(reference.Points, h1 ? 1 : 0);
        int n = reference.Count, f = _fields, d = _dimension;
        var values = new double[n * f];
        var gradients = h1 ? new double[n * f * d] : null;
        for (int s = 0; s < n; s++)
            for (int j = 0; j < f; j++)
            {
                values[s * f + j] = jet.Value(s, j);
                if (h1) for (int a = 0; a < d; a++) gradients![(s * f + j) * d + a] = jet.Gradient(s, j, a);
            }
        return ErrorMetrics.Compute(values, gradients, reference);
    }

    /// <summary>
    /// The marched function v = u - A of window <paramref name="window"/> at the points (any times), or without the
    /// window's own network term (<paramref name="own"/> false: the carried part that window k's network corrects).
    /// </summary>
    internal JetBlock Inner(double[] points, int order, int window, bool own)
    {
        int d = _dimension, n = points.Length / d, t = d - 1;
        var w = new JetBlock(n, _fields, d, order);
        var slices = window > 0 ? Slices(points, order, window) : [];
        var s = (double[])points.Clone();
        double sign = 1;
        for (int j = window; j >= 0; j--)
        {
            if (j < window || own) Jet.Add(w, Own(j, s, order), sign, sign, t, spatialOnly: false);
            if (j >= 1) Jet.Add(w, slices[j], 2 * sign, 1, t, spatialOnly: true);
            double tj = Start + j * WindowLength;
            for (int p = t; p < s.Length; p += d) s[p] = 2 * tj - s[p];
            sign = -sign;
        }
        return w;
    }

    /// <summary>tau^m B N_j / S_j (B N_0 / S_0 for the first window) at the points, tau = (t - t_j) / h.</summary>
    private JetBlock Own(int j, double[] points, int order)
    {
        var jet = InputTransform.Solution(_networks[j], points, order, _inputs[j], null);
        Jet.TimesTime(jet, _dimension - 1, Gain(j, points));
        if (Transform is { } t) Jet.TimesFlat(jet, t.Jets(points, _dimension, _fields).B);
        return jet;
    }

    /// <summary>
    /// g = tau^m / S_j with tau = (t - t_j) / h (1 / S_0 in the first window), and its first two time derivatives, at each
    /// point; S_j is the window's scale (the largest |tau^m B| at its collocation points), so its network's output is of
    /// the size of the correction it makes rather than that divided by a small distance factor.
    /// </summary>
    internal Func<int, (double G, double G1, double G2)> Gain(int j, double[] points)
    {
        double tj = Start + j * WindowLength, h = WindowLength, c = 1 / (j < _scales.Length ? _scales[j] : 1.0);
        int m = TimeDerivatives, d = _dimension;
        if (j == 0) return _ => (c, 0, 0);
        return s =>
        {
            double tau = (points[s * d + d - 1] - tj) / h;
            return m == 1 ? (c * tau, c / h, 0) : (c * tau * tau, c * 2 * tau / h, c * 2 / (h * h));
        };
    }

    /// <summary>
    /// U_j(x) = v(x, t_j) for j = 0..window at the points' spatial coordinates (only their spatial derivatives are used):
    /// U_0 = o_0(x, t_0), U_1 = o_0(x, t_1), U_j+1 = 2 U_j - U_j-1 + o_j(x, t_j+1), o_j the own term of window j.
    /// </summary>
    private JetBlock[] Slices(double[] points, int order, int window)
    {
        int d = _dimension, n = points.Length / d, t = d - 1;
        double[] At(int j)
        {
            var p = (double[])points.Clone();
            for (int i = t; i < p.Length; i += d) p[i] = Start + j * WindowLength;
            return p;
        }
        var slices = new JetBlock[window + 1];
        slices[0] = Own(0, At(0), order);
        if (window >= 1) slices[1] = Own(0, At(1), order);
        for (int j = 1; j < window; j++)
        {
            var next = new JetBlock(n, _fields, d, order);
            Jet.Add(next, slices[j], 2, 1, t, spatialOnly: true);
            Jet.Add(next, slices[j - 1], -1, 1, t, spatialOnly: true);
            Jet.Add(next, Own(j, At(j + 1), order), 1, 1, t, spatialOnly: true);
            slices[j + 1] = next;
        }
        return slices;
    }

    /// <summary>Jets in the flat layout of <see cref="OutputTransform"/> ([point][field][1 + D + pairs]) from a jet block of order 2.</summary>
    internal static double[] Flat(JetBlock jet)
    {
        int d = jet.Dimension, w = jet.Width, m = 1 + d + d * (d + 1) / 2;
        var flat = new double[jet.Count * w * m];
        for (int s = 0; s < jet.Count; s++)
            for (int f = 0; f < w; f++)
            {
                int o = (s * w + f) * m;
                flat[o] = jet.Value(s, f);
                for (int i = 0; i < d; i++) flat[o + 1 + i] = jet.Gradient(s, f, i);
                for (int i = 0, p = 0; i < d; i++)
                    for (int j = i; j < d; j++, p++) flat[o + 1 + d + p] = jet.Hessian(s, f, i, j);
            }
        return flat;
    }
}

/// <summary>Small operations on jets of the same shape, time being coordinate <c>t</c>.</summary>
internal static class Jet
{
    /// <summary>
    /// dst += scale * src, each derivative taken once in time further multiplied by <paramref name="timeSign"/>
    /// (src evaluated at reflected times); with <paramref name="spatialOnly"/> the time derivatives of src are left out
    /// (src as a function of space only).
    /// </summary>
    public static void Add(JetBlock dst, JetBlock src, double scale, double timeSign, int t, bool spatialOnly)
    {
        int d = dst.Dimension, w = dst.Width, order = dst.Order;
        for (int s = 0; s < dst.Count; s++)
            for (int f = 0; f < w; f++)
            {
                dst.Value(s, f) += scale * src.Value(s, f);
                if (order < 1) continue;
                for (int i = 0; i < d; i++)
                {
                    if (i == t && spatialOnly) continue;
                    dst.Gradient(s, f, i) += (i == t ? scale * timeSign : scale) * src.Gradient(s, f, i);
                }
                if (order < 2) continue;
                for (int i = 0; i < d; i++)
                    for (int j = i; j < d; j++)
                    {
                        int times = (i == t ? 1 : 0) + (j == t ? 1 : 0);
                        if (times > 0 && spatialOnly) continue;
                        double factor = times == 0 ? scale : times == 1 ? scale * timeSign : scale * timeSign * timeSign;
                        dst.Hessian(s, f, i, j) += factor * src.Hessian(s, f, i, j);
                    }
            }
    }

    /// <summary>jet := g(t) jet by the product rule, with g, g' and g'' at each sample from <paramref name="g"/>.</summary>
    public static void TimesTime(JetBlock jet, int t, Func<int, (double G, double G1, double G2)> g)
    {
        int d = jet.Dimension, w = jet.Width, order = jet.Order;
        for (int s = 0; s < jet.Count; s++)
        {
            var (g0, g1, g2) = g(s);
            for (int f = 0; f < w; f++)
            {
                double v = jet.Value(s, f);
                if (order >= 2)
                    for (int i = 0; i < d; i++)
                        for (int j = i; j < d; j++)
                        {
                            double h = g0 * jet.Hessian(s, f, i, j);
                            if (i == t) h += g1 * jet.Gradient(s, f, j);
                            if (j == t) h += g1 * jet.Gradient(s, f, i);
                            if (i == t && j == t) h += g2 * v;
                            jet.Hessian(s, f, i, j) = h;
                        }
                if (order >= 1)
                    for (int i = 0; i < d; i++)
                        jet.Gradient(s, f, i) = g0 * jet.Gradient(s, f, i) + (i == t ? g1 * v : 0);
                jet.Value(s, f) = g0 * v;
            }
        }
    }

    /// <summary>jet := b jet by the product rule, b given in the flat layout of <see cref="OutputTransform"/> (order 2, same fields).</summary>
    public static void TimesFlat(JetBlock jet, double[] b)
    {
        int d = jet.Dimension, w = jet.Width, order = jet.Order, m = 1 + d + d * (d + 1) / 2;
        for (int s = 0; s < jet.Count; s++)
            for (int f = 0; f < w; f++)
            {
                int o = (s * w + f) * m;
                double v = jet.Value(s, f), bv = b[o];
                if (order >= 2)
                    for (int i = 0, p = 0; i < d; i++)
                        for (int j = i; j < d; j++, p++)
                            jet.Hessian(s, f, i, j) = bv * jet.Hessian(s, f, i, j) + b[o + 1 + i] * jet.Gradient(s, f, j)
                                                      + b[o + 1 + j] * jet.Gradient(s, f, i) + b[o + 1 + d + p] * v;
                if (order >= 1)
                    for (int i = 0; i < d; i++) jet.Gradient(s, f, i) = bv * jet.Gradient(s, f, i) + b[o + 1 + i] * v;
                jet.Value(s, f) = bv * v;
            }
    }

    /// <summary>jet += a, a given in the flat layout of <see cref="OutputTransform"/> (order 2, same fields).</summary>
    public static void AddFlat(JetBlock jet, double[] a)
    {
        int d = jet.Dimension, w = jet.Width, order = jet.Order, m = 1 + d + d * (d + 1) / 2;
        for (int s = 0; s < jet.Count; s++)
            for (int f = 0; f < w; f++)
            {
                int o = (s * w + f) * m;
                jet.Value(s, f) += a[o];
                if (order >= 1) for (int i = 0; i < d; i++) jet.Gradient(s, f, i) += a[o + 1 + i];
                if (order >= 2)
                    for (int i = 0, p = 0; i < d; i++)
                        for (int j = i; j < d; j++, p++) jet.Hessian(s, f, i, j) += a[o + 1 + d + p];
            }
    }

    /// <summary>Copies sample <paramref name="from"/> of <paramref name="src"/> to sample <paramref name="to"/> of <paramref name="dst"/>.</summary>
    public static void Copy(JetBlock src, int from, JetBlock dst, int to)
    {
        int d = dst.Dimension, w = dst.Width, order = dst.Order;
        for (int f = 0; f < w; f++)
        {
            dst.Value(to, f) = src.Value(from, f);
            if (order >= 1) for (int i = 0; i < d; i++) dst.Gradient(to, f, i) = src.Gradient(from, f, i);
            if (order >= 2)
                for (int i = 0; i < d; i++)
                    for (int j = i; j < d; j++) dst.Hessian(to, f, i, j) = src.Hessian(from, f, i, j);
        }
    }
}

/// <summary>
/// Window k's hard initial value as an output transform: u = (A + P_k) + (B g_k) N with the problem's transform (A, B)
/// (or 0, 1), the carried part P_k of <see cref="MarchedSolution.Inner"/> and g_k = tau^m (1 in window 0).
/// </summary>
internal sealed class WindowTransform(MarchedSolution carried, int window) : OutputTransform
{
    public override T Particular<T>(ReadOnlySpan<T> x, int field)
        => throw new NotSupportedException("The carried solution is evaluated from networks; its jets come from Jets().");

    public override T Distance<T>(ReadOnlySpan<T> x, int field)
        => throw new NotSupportedException("The carried solution is evaluated from networks; its jets come from Jets().");

    internal override (double[] A, double[] B) Jets(double[] points, int dimension, int fields)
    {
        int n = points.Length / dimension;
        var particular = carried.Inner(points, 2, window, own: false);
        var distance = new JetBlock(n, fields, dimension, 2);
        for (int s = 0; s < n; s++) for (int f = 0; f < fields; f++) distance.Value(s, f) = 1;
        Jet.TimesTime(distance, dimension - 1, carried.Gain(window, points));
        if (carried.Transform is { } outer)
        {
            var (a, b) = outer.Jets(points, dimension, fields);
            Jet.AddFlat(particular, a);
            Jet.TimesFlat(distance, b);
        }
        return (MarchedSolution.Flat(particular), MarchedSolution.Flat(distance));
    }
}

/// <summary>
/// Window k's input map: the time of the window stretched onto the whole range, t0 + (t - t_k) K, then the problem's
/// embedding (or the coordinates themselves without one).
/// </summary>
internal sealed class WindowInput(InputTransform? inner, int dimension, WindowMarchingOptions marching, int window) : InputTransform
{
    private readonly double _tk = marching.Start + window * marching.WindowLength;

    public override int Dimension => dimension;
    public override int EmbeddedDimension => inner?.EmbeddedDimension ?? dimension;

    public override void Map<T>(ReadOnlySpan<T> x, Span<T> z)
    {
        Span<T> y = stackalloc T[dimension];
        x.CopyTo(y);
        y[dimension - 1] = (x[dimension - 1] - _tk) * (double)marching.Windows + marching.Start;
        if (inner is null) y.CopyTo(z);
        else inner.Map<T>(y, z);
    }
}

/// <summary>A condition restricted to some of its points (one window's share); it evaluates exactly as the condition it wraps.</summary>
internal sealed class WindowCondition(Condition inner, double[] points, double[]? normals) : Condition(inner.Name, points, normals, inner.Weight)
{
    public override int Equations => inner.Equations;
    public override int Order => inner.Order;
    public override void Evaluate<T>(PdePoint<T> point, Span<T> residuals) => inner.Evaluate(point, residuals);
}
