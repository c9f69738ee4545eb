using Kan.Physics.Optimization;
namespace Kan.Physics.Training;

/// <summary>What a training run did: why it stopped, its history, and the final losses.</summary>
public sealed record TrainingResult(StopReason StopReason, int Steps, int Evaluations, IReadOnlyList<TrainingRecord> History, double Seconds)
{
    /// <summary>Final train loss (RMSE or cross-entropy), NaN when no step was recorded.</summary>
    public double TrainLoss => History.Count > 0 ? History[^1].TrainLoss : double.NaN;
    /// <summary>Final test loss, NaN without a test set.</summary>
    public double TestLoss => History.Count > 0 ? History[^1].TestLoss : double.NaN;
}
