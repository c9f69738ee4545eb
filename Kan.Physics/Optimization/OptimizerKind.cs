namespace Kan.Physics.Optimization;

/// <summary>Which optimiser a <c>Trainer</c> uses.</summary>
public enum OptimizerKind
{
    Lbfgs,
    Adam,
}
