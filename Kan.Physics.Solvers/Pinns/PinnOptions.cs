using Kan.Physics.Training;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>How <see cref="PinnSolver"/> trains; the defaults follow pykan's PDE example.</summary>
public sealed record PinnOptions
{
    /// <summary>Grid sizes to train on in turn (grid extension between them); empty keeps the network's grid.</summary>
    public int[] GridSchedule { get; init; } = [];
    /// <summary>Outer steps on each grid (L-BFGS: 20 iterations each).</summary>
    public int StepsPerGrid { get; init; } = 50;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Lbfgs;
    /// <summary>Adam steps before L-BFGS on the first grid (Adam-then-L-BFGS); 0 for none.</summary>
    public int AdamWarmupSteps { get; init; } = 0;
    public double AdamLearningRate { get; init; } = 1e-3;
    public int LbfgsIterationsPerStep { get; init; } = 20;
    public int LbfgsEvaluationsPerStep { get; init; } = 25;
    public int LbfgsHistory { get; init; } = 10;
    /// <summary>Grid updates on the collocation and condition points every <see cref="GridUpdateEvery"/> steps of each grid, before <see cref="StopGridUpdateStep"/>.</summary>
    public bool UpdateGrid { get; init; } = true;
    public int GridUpdateEvery { get; init; } = 5;
    public int StopGridUpdateStep { get; init; } = 50;
    public double GridEps { get; init; } = 0.02;
    /// <summary>Residual-based adaptive resampling (RAD) every this many steps; 0 disables it (then <see cref="CandidateSampler"/> is unused).</summary>
    public int ResampleEvery { get; init; } = 0;
    /// <summary>RAD: new points drawn from candidates with probability proportional to r^k / mean(r^k) + c.</summary>
    public double ResampleExponent { get; init; } = 1.0;
    public double ResampleConstant { get; init; } = 1.0;
    /// <summary>Candidate points for RAD: (count, seed) -> count x D points in the domain.</summary>
    public Func<int, int, double[]>? CandidateSampler { get; init; }
    public int ResampleCandidates { get; init; } = 0;
    public int Seed { get; init; } = 0;
    /// <summary>
    /// Causal training for time-dependent PDEs (Wang, Sankaran and Perdikaris 2022): the collocation points are split
    /// into <see cref="CausalSlices"/> time slices and, before every step, slice k's residuals are weighted by
    /// exp(-epsilon * sum of the earlier slices' weighted mean squared residuals), so later times are learned only once
    /// earlier ones fit. 0 disables it.
    /// </summary>
    public double CausalEpsilon { get; init; } = 0;
    public int CausalSlices { get; init; } = 32;

    internal void Validate()
    {
        foreach (int g in GridSchedule) if (g < 1) throw new ArgumentOutOfRangeException(nameof(GridSchedule), g, "Grid sizes must be >= 1.");
        if (StepsPerGrid < 0) throw new ArgumentOutOfRangeException(nameof(StepsPerGrid), StepsPerGrid, "Must be >= 0.");
        if (AdamWarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(AdamWarmupSteps), AdamWarmupSteps, "Must be >= 0.");
        if (GridUpdateEvery < 1) throw new ArgumentOutOfRangeException(nameof(GridUpdateEvery), GridUpdateEvery, "Must be >= 1.");
        if (ResampleEvery < 0) throw new ArgumentOutOfRangeException(nameof(ResampleEvery), ResampleEvery, "Must be >= 0.");
        if (!double.IsFinite(CausalEpsilon) || CausalEpsilon < 0) throw new ArgumentOutOfRangeException(nameof(CausalEpsilon), CausalEpsilon, "Must be finite and >= 0.");
        if (CausalSlices < 1) throw new ArgumentOutOfRangeException(nameof(CausalSlices), CausalSlices, "Must be >= 1.");
        if (ResampleEvery > 0 && CandidateSampler is null) throw new ArgumentException("Adaptive resampling needs a CandidateSampler.", nameof(CandidateSampler));
    }
}
