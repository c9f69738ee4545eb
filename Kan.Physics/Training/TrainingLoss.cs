namespace Kan.Physics.Training;

/// <summary>The data loss a <see cref="Trainer"/> minimises.</summary>
public enum TrainingLoss
{
    /// <summary>Mean squared error; losses are reported as RMSE.</summary>
    MeanSquaredError,
    /// <summary>Cross-entropy of class labels (targets hold the class index; one output means binary with a sigmoid).</summary>
    CrossEntropy,
}
