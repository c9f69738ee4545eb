namespace Kan.Physics.Symbolic;

/// <summary>One stage of <see cref="SymbolicRegression.Run"/>: its name, the network's widths and errors after it, and the time taken.</summary>
public sealed record SymbolicRegressionStage(string Name, int[] Widths, double TrainRmse, double TestRmse, double Seconds);
