using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// How <see cref="PinnSolver"/> trains; the defaults are those that did best on the worst case of the PDE zoo (see the constructor). The optimiser, grid-update and seed
/// settings are the shared ones of <see cref="StageOptions"/>: grid updates place the grids on the collocation and
/// condition points every <see cref="StageOptions.GridUpdateEvery"/> steps of each grid, and
/// <see cref="StageOptions.Seed"/> seeds the resampling.
/// </summary>
public sealed record PinnOptions : StageOptions
{
    /// <summary>
    /// The defaults, chosen on the PDE zoo (<c>problems/jobs/pde-zoo.json</c>, README "PDE zoo"): no grid updates
    /// (<see cref="StageOptions.UpdateGrid"/> off; they restart L-BFGS and moved the knots away from where deeper networks
    /// and systems needed them; when turned on they are checked against the loss, <see cref="StageOptions.GridUpdateRollback"/>),
    /// stall detection on (<see cref="StageOptions.StallWindow"/> = 10), first-layer grids stretched onto the inputs'
    /// ranges, the PDE term normalised by the source, and grids G, 2G, 4G.
    /// </summary>
    public PinnOptions()
    {
        UpdateGrid = false;
        GridUpdateRollback = true;
        StallWindow = 10;
    }

    /// <summary>
    /// Grid sizes to train on in turn (grid extension between them); empty: the network's grid G, then
    /// <see cref="GridDoublings"/> times twice the grid before (G, 2G, 4G by default).
    /// </summary>
    public int[] GridSchedule { get; init; } = [];
    /// <summary>
    /// With an empty <see cref="GridSchedule"/>, how many times the grid is doubled after the network's own grid: 2 gives
    /// G, 2G, 4G (5, 10, 20 for the default network), 0 keeps the network's grid only (the default before the PDE zoo).
    /// </summary>
    public int GridDoublings { get; init; } = 2;
    /// <summary>Outer steps on each grid (L-BFGS: 20 iterations each).</summary>
    public int StepsPerGrid { get; init; } = 50;
    /// <summary>Adam steps (at <see cref="StageOptions.LearningRate"/>) before the main optimiser on the first grid (Adam-then-L-BFGS); 0 for none.</summary>
    public int AdamWarmupSteps { get; init; } = 0;
    /// <summary>Residual-based adaptive resampling (RAD) every this many steps; 0 disables it (then <see cref="CandidateSampler"/> is unused).</summary>
    public int ResampleEvery { get; init; } = 0;
    /// <summary>RAD: new points drawn from candidates with probability proportional to r^k / mean(r^k) + c.</summary>
    public double ResampleExponent { get; init; } = 1.0;
    public double ResampleConstant { get; init; } = 1.0;
    /// <summary>Candidate points for RAD: (count, seed) -> count x D points in the domain.</summary>
    public Func<int, int, double[]>? CandidateSampler { get; init; }
    /// <summary>RAD: candidate points per draw (0: four times the collocation points; never fewer than them).</summary>
    public int ResampleCandidates { get; init; } = 0;
    /// <summary>
    /// Causal training for time-dependent PDEs (Wang, Sankaran and Perdikaris 2022): the collocation points are split
    /// into <see cref="CausalSlices"/> time slices and, before every step, slice k's residuals are weighted by
    /// exp(-epsilon * sum of the earlier slices' weighted mean squared residuals), so later times are learned only once
    /// earlier ones fit. 0 disables it.
    /// </summary>
    public double CausalEpsilon { get; init; } = 0;
    public int CausalSlices { get; init; } = 32;
    /// <summary>
    /// Time marching for time-dependent PDEs: the first grid's steps (see <see cref="TimeWindowGrids"/>) are split into this many equal windows and in
    /// window k (0-based) only collocation points with t &lt;= t0 + (k + 1) / K (t1 - t0) count (the others get weight 0),
    /// so the solution is learned forward in time from the initial condition; later grids see all times. 0 or 1: off.
    /// </summary>
    public int TimeWindows { get; init; } = 0;
    /// <summary>Time marching: how many grids of the schedule the <see cref="TimeWindows"/> are spread over (their steps counted together).</summary>
    public int TimeWindowGrids { get; init; } = 1;
    /// <summary>
    /// Residual-based attention (RBA, Anagnostopoulos et al. 2024): every collocation point carries a multiplier
    /// lambda_i (starting at 1) that is updated every <see cref="RbaEvery"/> steps as
    /// lambda_i = <see cref="RbaGamma"/> * lambda_i + eta * |r_i| / max_j |r_j|, and the PDE term becomes the mean of
    /// (lambda_i r_i)^2, so points that keep a large residual gain weight. This is eta; 0 disables it.
    /// </summary>
    public double RbaEta { get; init; } = 0;
    /// <summary>RBA: how much of the old multiplier is kept at each update (0 &lt;= gamma &lt; 1).</summary>
    public double RbaGamma { get; init; } = 0.9;
    /// <summary>RBA: steps between multiplier updates (each update restarts L-BFGS, as the loss changes).</summary>
    public int RbaEvery { get; init; } = 1;
    /// <summary>
    /// Divides the PDE term by the mean square of the residual that u = 0 (with all its derivatives) leaves at the
    /// collocation points, i.e. by the mean square of the source term, measured once at the start; a PDE whose residual
    /// vanishes at u = 0 is left as it is. Makes the weight of the PDE term independent of the source's scale.
    /// </summary>
    public bool NormalizePde { get; init; } = true;

    /// <summary>
    /// Before training (not when resuming), stretches the network's first-layer grids onto the range each network input
    /// takes over the problem's points (collocation and condition points; the embedded values when the problem has an
    /// input embedding), by <see cref="GridAdaptation.StretchInputGrids"/>: a coordinate in [0, 2] or [0, 1] then uses the
    /// whole grid rather than the part of it inside the network's default range [-1, 1] (or only half of it), with no
    /// input embedding and no change to how the result is evaluated.
    /// </summary>
    public bool FitGridToInputs { get; init; } = true;

    /// <summary>
    /// The grids a solve of <paramref name="network"/> goes along: <see cref="GridSchedule"/>, or, when it is empty, the
    /// network's first layer's grid G followed by 2G, 4G, ... (<see cref="GridDoublings"/> of them).
    /// </summary>
    public int[] GridsFor(KanNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (GridSchedule.Length > 0) return GridSchedule;
        int g = network.Layers[0].GridSize;
        return [.. Enumerable.Range(0, GridDoublings + 1).Select(k => g << k)];
    }

    /// <summary>The outer steps of an uninterrupted solve of <paramref name="network"/>: the Adam warm-up and <see cref="StepsPerGrid"/> on every grid.</summary>
    public int TotalSteps(KanNetwork network) => GridsFor(network).Length * StepsPerGrid + AdamWarmupSteps;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        foreach (int g in GridSchedule) if (g < 1) throw new ArgumentOutOfRangeException(nameof(GridSchedule), g, "Grid sizes must be >= 1.");
        if (GridDoublings is < 0 or > 10) throw new ArgumentOutOfRangeException(nameof(GridDoublings), GridDoublings, "Must be in [0, 10].");
        if (StepsPerGrid < 0) throw new ArgumentOutOfRangeException(nameof(StepsPerGrid), StepsPerGrid, "Must be >= 0.");
        if (AdamWarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(AdamWarmupSteps), AdamWarmupSteps, "Must be >= 0.");
        if (ResampleEvery < 0) throw new ArgumentOutOfRangeException(nameof(ResampleEvery), ResampleEvery, "Must be >= 0.");
        if (!double.IsFinite(CausalEpsilon) || CausalEpsilon < 0) throw new ArgumentOutOfRangeException(nameof(CausalEpsilon), CausalEpsilon, "Must be finite and >= 0.");
        if (!double.IsFinite(RbaEta) || RbaEta < 0) throw new ArgumentOutOfRangeException(nameof(RbaEta), RbaEta, "Must be finite and >= 0.");
        if (!(RbaGamma >= 0 && RbaGamma < 1)) throw new ArgumentOutOfRangeException(nameof(RbaGamma), RbaGamma, "Must be in [0, 1).");
        if (RbaEvery < 1) throw new ArgumentOutOfRangeException(nameof(RbaEvery), RbaEvery, "Must be >= 1.");
        if (TimeWindowGrids < 1) throw new ArgumentOutOfRangeException(nameof(TimeWindowGrids), TimeWindowGrids, "Must be >= 1.");
        if (TimeWindows < 0) throw new ArgumentOutOfRangeException(nameof(TimeWindows), TimeWindows, "Must be >= 0.");
        if (CausalSlices < 1) throw new ArgumentOutOfRangeException(nameof(CausalSlices), CausalSlices, "Must be >= 1.");
        if (ResampleEvery > 0 && CandidateSampler is null) throw new ArgumentException("Adaptive resampling needs a CandidateSampler.", nameof(CandidateSampler));
    }
}
