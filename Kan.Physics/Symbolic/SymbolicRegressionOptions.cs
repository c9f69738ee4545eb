using Kan.Physics.Networks;

namespace Kan.Physics.Symbolic;

/// <summary>
/// Settings of <see cref="SymbolicRegression.Run"/>; the defaults follow the KAN paper's toy example
/// (sparsity 1e-3, pykan's pruning thresholds, the full library with weight_simple 0.8).
/// </summary>
public sealed record SymbolicRegressionOptions
{
    /// <summary>Widths (node counts) of the network trained first, e.g. [2,5,1].</summary>
    public required int[] Widths { get; init; }

    /// <summary>
    /// How many nodes of each width of <see cref="Widths"/> are multiplication nodes (same length, the first entry 0);
    /// null, the default: none. Widths [2,5,1] with [0,2,0] is the network <c>2,[3,2],1</c> (see <see cref="NodeWidth"/>).
    /// </summary>
    public int[]? Multiplication { get; init; }

    /// <summary>Outputs each multiplication node multiplies (pykan's <c>mult_arity</c>); default 2.</summary>
    public int MultiplicationArity { get; init; } = 2;

    /// <summary>The widths with their multiplication nodes, as <see cref="KanNetwork.Create(IReadOnlyList{NodeWidth}, KanOptions?)"/> takes them.</summary>
    public NodeWidth[] NodeWidths => Widths.Select((w, l) => new NodeWidth(w - (Multiplication?[l] ?? 0), Multiplication?[l] ?? 0)).ToArray();

    /// <summary>Names of the input variables in formulas (<c>x1, x2, ...</c> when null).</summary>
    public IReadOnlyList<string>? InputNames { get; init; }

    /// <summary>Grid sizes: the first trains the sparse network, the others extend the pruned one in turn.</summary>
    public int[] Grids { get; init; } = [5, 10, 20];

    /// <summary>Spline order k.</summary>
    public int Order { get; init; } = 3;

    /// <summary>Outer L-BFGS steps of the sparse training.</summary>
    public int SparseSteps { get; init; } = 50;

    /// <summary>Outer L-BFGS steps on each grid after pruning.</summary>
    public int StepsPerGrid { get; init; } = 50;

    /// <summary>Outer L-BFGS steps of the final retraining of the formula constants.</summary>
    public int RetrainSteps { get; init; } = 50;

    /// <summary>Sparsity regularisation of the first training (lambda 1e-3, pykan's L1 1 and entropy 2).</summary>
    public SparsityRegularization Sparsity { get; init; } = new(1e-3);

    /// <summary>
    /// Sparsity strengths the starts cycle through (start i uses entry i mod count, with <see cref="Sparsity"/>'s L1 and
    /// entropy weights); null, the default: every start uses <see cref="Sparsity"/>. The KAN paper's Feynman sweep
    /// trained with both 1e-2 and 1e-3: a stronger penalty prunes to fewer nodes, a weaker one keeps the fit.
    /// </summary>
    public double[]? SparsityLambdas { get; init; }

    /// <summary>
    /// Multiply every sparsity strength by the standard deviation of the training targets (false, the default: use the
    /// strengths as given, as pykan does). The L1 part of the penalty grows with the size of the edge functions, the
    /// squared error with its square, so a fixed strength prunes a target of small spread much harder than one of
    /// spread one: the Feynman equation I.9.18 (targets with standard deviation 0.14) pruned to a single hidden node and
    /// stayed at test RMSE 3.9e-2 with strengths 1e-3 and 1e-2, and reached 5.4e-3 with the strengths scaled (the feynman
    /// module, seed 0).
    /// </summary>
    public bool SparsityRelativeToSpread { get; init; }

    /// <summary>Node threshold of <see cref="Interpretation.Pruning.Prune"/>.</summary>
    public double NodeThreshold { get; init; } = 1e-2;

    /// <summary>Edge threshold of <see cref="Interpretation.Pruning.Prune"/>.</summary>
    public double EdgeThreshold { get; init; } = 3e-2;

    /// <summary>Whether to prune at all (off: the sparse network is kept whole).</summary>
    public bool Prune { get; init; } = true;

    /// <summary>How edges are snapped to formulas.</summary>
    public AutoSymbolicOptions Symbolic { get; init; } = new();

    /// <summary>
    /// Independent starts of the sparse training (seeds <see cref="Seed"/>, Seed+1, ...). Without held-out rows
    /// (<see cref="ValidationFraction"/> 0) the pruned network with the fewest active edges is kept (ties: lowest
    /// training error), because sparse training sometimes settles on a representation spread over more nodes than the
    /// formula needs, and which start does so depends on the seed. With held-out rows every start is screened instead:
    /// its pruned network is trained along the grids up to <see cref="ScreeningGrid"/>, and the one with the lowest
    /// held-out RMSE there goes on along the rest of the schedule.
    /// </summary>
    public int Restarts { get; init; } = 1;

    /// <summary>
    /// Largest grid of the screening of several starts (see <see cref="Restarts"/>): every start is trained on the grids
    /// of <see cref="Grids"/> up to this size (at least the first). Coarse grids are cheap and already tell a start that
    /// found a representation which extends well from one that did not.
    /// </summary>
    public int ScreeningGrid { get; init; } = 10;

    /// <summary>Outer L-BFGS steps per grid while screening starts (null: <see cref="StepsPerGrid"/>).</summary>
    public int? ScreeningSteps { get; init; }

    /// <summary>
    /// How many of the screened starts (the lowest held-out RMSEs) go on along the rest of the grid schedule; the one
    /// whose held-out RMSE is lowest on any grid is kept. 1, the default, trusts the screening alone.
    /// </summary>
    public int Survivors { get; init; } = 1;

    /// <summary>
    /// Fraction of the training rows held out, by a seeded shuffle, while the pruned network is refined along
    /// <see cref="Grids"/> (0, the default: none). After each grid the held-out RMSE is measured; the network of the grid
    /// where it is lowest is kept and then trained on all training rows for <see cref="StepsPerGrid"/> steps. This stops
    /// grid extension where it starts to overfit (a grid of 50 on three or more inputs has about as many coefficients as
    /// a thousand rows) without ever looking at the test data.
    /// </summary>
    public double ValidationFraction { get; init; }

    /// <summary>
    /// With held-out rows (<see cref="ValidationFraction"/> &gt; 0): stop refining a start along <see cref="Grids"/> once
    /// this many grids in a row have not lowered its held-out RMSE (null, the default: go through every grid). Past the
    /// grid where a network starts to overfit, the finer grids almost never come back below it, so a fine schedule
    /// (20, 30, 40, 50, 70, 100) costs little more than a coarse one where it stops early.
    /// </summary>
    public int? GridPatience { get; init; }

    /// <summary>
    /// Roughness penalty of the pruned network's training along <see cref="Grids"/> (<see cref="Training.TrainingOptions.Smoothness"/>;
    /// 0, the default: none).
    /// </summary>
    public double Smoothness { get; init; }

    /// <summary>
    /// How the pruned network's grids are placed while it is refined along <see cref="Grids"/>
    /// (<see cref="Training.StageOptions.GridEps"/>: 0 at the samples' quantiles, 1 uniform over their range; pykan's 0.02).
    /// </summary>
    public double GridEps { get; init; } = 0.02;

    /// <summary>
    /// The range each input can take, when known (null, the default: the training inputs' range). Every training stage
    /// then stretches the first layer's grids over it (<see cref="Training.TrainingOptions.InputDomain"/>), so test
    /// points inside the domain but past the training samples are not extrapolated.
    /// </summary>
    public IReadOnlyList<(double Lo, double Hi)>? InputDomain { get; init; }

    /// <summary>Seed of the network's initialisation and of the training.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        if (Widths is null || Widths.Length < 2) throw new ArgumentException("Widths need at least an input and an output width.", nameof(Widths));
        if (Grids is null || Grids.Length == 0) throw new ArgumentException("At least one grid size is needed.", nameof(Grids));
        foreach (int g in Grids) if (g < 1) throw new ArgumentOutOfRangeException(nameof(Grids), g, "Grid sizes must be at least 1.");
        if (Multiplication is { } mult)
        {
            if (mult.Length != Widths.Length)
                throw new ArgumentException($"Multiplication has {mult.Length} entries for {Widths.Length} widths.", nameof(Multiplication));
            for (int l = 0; l < mult.Length; l++)
                if (mult[l] < 0 || mult[l] > Widths[l] || (l == 0 && mult[l] != 0))
                    throw new ArgumentException($"Multiplication[{l}] is {mult[l]}; it must lie in [0, {(l == 0 ? 0 : Widths[l])}] (inputs cannot be multiplication nodes).", nameof(Multiplication));
        }
        if (MultiplicationArity < 2) throw new ArgumentOutOfRangeException(nameof(MultiplicationArity), MultiplicationArity, "A multiplication node multiplies at least 2 outputs.");
        if (InputNames != null && InputNames.Count != Widths[0]) throw new ArgumentException($"{InputNames.Count} input names for {Widths[0]} inputs.", nameof(InputNames));
        if (Restarts < 1) throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, "At least one start is needed.");
        if (SparseSteps < 0) throw new ArgumentOutOfRangeException(nameof(SparseSteps), SparseSteps, "Must be non-negative.");
        if (StepsPerGrid < 0) throw new ArgumentOutOfRangeException(nameof(StepsPerGrid), StepsPerGrid, "Must be non-negative.");
        if (Survivors < 1) throw new ArgumentOutOfRangeException(nameof(Survivors), Survivors, "At least one start must go on.");
        if (ScreeningSteps is < 0) throw new ArgumentOutOfRangeException(nameof(ScreeningSteps), ScreeningSteps, "Must be non-negative.");
        if (GridPatience is < 1) throw new ArgumentOutOfRangeException(nameof(GridPatience), GridPatience, "Must be at least 1 (or null: every grid).");
        if (RetrainSteps < 0) throw new ArgumentOutOfRangeException(nameof(RetrainSteps), RetrainSteps, "Must be non-negative.");
        if (!double.IsFinite(Smoothness) || Smoothness < 0) throw new ArgumentOutOfRangeException(nameof(Smoothness), Smoothness, "Must be finite and >= 0.");
        if (!(GridEps >= 0 && GridEps <= 1)) throw new ArgumentOutOfRangeException(nameof(GridEps), GridEps, "Must be in [0, 1].");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "Must be in [0, 1).");
        ArgumentNullException.ThrowIfNull(Sparsity, nameof(Sparsity));
        if (SparsityLambdas is { } lambdas)
        {
            if (lambdas.Length == 0) throw new ArgumentException("Give at least one sparsity strength, or null.", nameof(SparsityLambdas));
            foreach (double l in lambdas)
                if (!(l >= 0 && double.IsFinite(l))) throw new ArgumentOutOfRangeException(nameof(SparsityLambdas), l, "Sparsity strengths must be finite and >= 0.");
        }
        ArgumentNullException.ThrowIfNull(Symbolic, nameof(Symbolic));
        Networks.GridAdaptation.CheckDomain(InputDomain, Widths[0], nameof(InputDomain));
    }
}
