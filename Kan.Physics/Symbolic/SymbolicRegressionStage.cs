namespace Kan.Physics.Symbolic;

/// <summary>One stage of <see cref="SymbolicRegression.Run"/>: its name, the network's widths and errors after it, and the time taken.</summary>
public sealed record SymbolicRegressionStage(string Name, int[] Widths, double TrainRmse, double TestRmse, double Seconds)
{
    /// <summary>
    /// The held-out RMSE after a stage of the grid schedule, the figure that chooses the grid kept (NaN for other stages
    /// and without held-out rows). Set on <see cref="SymbolicRegressionResult.Stages"/> once measured, after the stage was
    /// reported to the progress callback.
    /// </summary>
    public double ValidationRmse { get; init; } = double.NaN;
}
