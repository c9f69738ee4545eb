using Kan.Physics.Runs.Results;
using Kan.Physics.Training;

namespace Kan.Physics.Problems.Modules;

/// <summary>Result columns that several modules write alike.</summary>
internal static class ResultRecords
{
    /// <summary>A classifier's training history (anderson, knots): one row per L-BFGS step.</summary>
    public static RecordSchema<TrainingRecord> TrainingHistory { get; } = new RecordSchema<TrainingRecord>()
        .Integer("step", r => r.Step)
        .Number("train_loss", r => r.TrainLoss)
        .Number("test_loss", r => r.TestLoss)
        .Number("seconds", r => r.Seconds);
}
