namespace Kan.Physics.Interpretation;

/// <summary>Which importance decides what <see cref="Pruning.Prune"/> removes.</summary>
public enum PruningScore
{
    /// <summary>pykan 0.2's backward attribution (<see cref="Attribution.Backward"/>): variation that reaches the outputs.</summary>
    Backward,
    /// <summary>The KAN paper's L1 norms (<see cref="Attribution.L1"/>): mean |phi|, constant offsets included.</summary>
    L1,
}
