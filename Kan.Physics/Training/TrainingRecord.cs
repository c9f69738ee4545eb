namespace Kan.Physics.Training;

/// <summary>
/// The state after one outer step. Losses are RMSE for mean-squared-error training (as pykan reports them) and the
/// mean cross-entropy otherwise; <see cref="TestLoss"/> is NaN without a test set.
/// </summary>
public readonly record struct TrainingRecord(int Step, double TrainLoss, double TestLoss, double Regularization, int Evaluations, double Seconds);
