namespace Kan.Physics.Training;

/// <summary>Which optimiser a <see cref="Trainer"/> uses.</summary>
public enum OptimizerKind
{
    Lbfgs,
    Adam,
}
