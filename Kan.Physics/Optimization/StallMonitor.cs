namespace Kan.Physics.Optimization;

/// <summary>
/// Watches the loss after each outer step of a run and says when it has stalled: the best loss seen since the last
/// <see cref="Reset"/> fell by less than <see cref="Tolerance"/> (relative) over the last <see cref="Window"/> observed
/// steps. Only steps on which the optimiser moved are observed; a loss at its floating-point floor stops L-BFGS by
/// itself (<see cref="StopReason.Converged"/> or <see cref="StopReason.LineSearchFailed"/> without an iteration), so a
/// stall is a loss that still moves, but too slowly to matter.
/// </summary>
/// <remarks>
/// The best loss rather than the last one is compared, so a loss that jumps up after a change of the problem (a grid
/// update) and falls back counts as no progress until it beats its earlier best. The caller resets the monitor where
/// the loss changes meaning (new points, new weights), since losses before and after cannot be compared.
/// </remarks>
public sealed class StallMonitor
{
    private readonly List<(int Step, double Best)> _seen = [];

    /// <param name="window">Observed steps over which the best loss must fall (at least 1).</param>
    /// <param name="tolerance">The relative decrease in [0, 1) below which the run has stalled.</param>
    public StallMonitor(int window, double tolerance)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "Must be >= 1.");
        if (!double.IsFinite(tolerance) || tolerance is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Must be in [0, 1).");
        Window = window;
        Tolerance = tolerance;
    }

    /// <summary>Observed steps over which the best loss must fall.</summary>
    public int Window { get; }

    /// <summary>The relative decrease of the best loss over <see cref="Window"/> steps below which the run has stalled.</summary>
    public double Tolerance { get; }

    /// <summary>Whether the last observation found a stall.</summary>
    public bool Stalled { get; private set; }

    /// <summary>The best loss since the last reset (NaN before any observation).</summary>
    public double BestLoss => _seen.Count > 0 ? _seen[^1].Best : double.NaN;

    /// <summary>When <see cref="Stalled"/>: the step at the start of the window over which the loss did not improve enough.</summary>
    public int StalledFrom { get; private set; }

    /// <summary>Forgets the losses seen (the problem changed so that they cannot be compared with later ones).</summary>
    public void Reset()
    {
        _seen.Clear();
        Stalled = false;
    }

    /// <summary>Records the loss after <paramref name="step"/> and returns whether the run has now stalled.</summary>
    /// <remarks>A non-finite loss is not observed (the optimisers report it as <see cref="StopReason.NonFiniteLoss"/>).</remarks>
    public bool Observe(int step, double loss)
    {
        if (!double.IsFinite(loss)) return Stalled;
        double best = _seen.Count > 0 ? Math.Min(_seen[^1].Best, loss) : loss;
        _seen.Add((step, best));
        if (_seen.Count > Window + 1) _seen.RemoveAt(0); // only the window's start is compared
        if (_seen.Count <= Window) return Stalled = false;
        var (from, before) = _seen[^(Window + 1)];
        Stalled = before - best <= Tolerance * Math.Abs(before);
        if (Stalled) StalledFrom = from;
        return Stalled;
    }

    /// <summary>The observations the window still needs (at most <see cref="Window"/> + 1 since the last reset), (step, best loss so far), for a checkpoint; <see cref="Restore"/> takes them back.</summary>
    public IReadOnlyList<(int Step, double Best)> Observations => _seen.ToArray();

    /// <summary>Continues from <paramref name="observations"/> taken from <see cref="Observations"/> (a resumed run).</summary>
    public void Restore(IEnumerable<(int Step, double Best)> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        Reset();
        _seen.AddRange(observations);
    }
}
