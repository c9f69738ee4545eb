using Kan.Physics.Problems.LinearAlgebra;

namespace Kan.Physics.Problems.Anderson;

/// <summary>Settings of <see cref="AndersonDataset.Generate"/>.</summary>
public sealed record AndersonDatasetOptions
{
    /// <summary>Chain length, a Fibonacci number (233, 377, 610, 987, ...).</summary>
    public int Size { get; init; } = 233;

    /// <summary>Number of random (lambda, q, phi) draws; each is one diagonalisation.</summary>
    public int Draws { get; init; } = 200;

    /// <summary>Eigenstates kept per draw, chosen at random without replacement; 0 keeps all N.</summary>
    public int StatesPerDraw { get; init; }

    /// <summary>Seed of the parameter draws and the state subsample.</summary>
    public int Seed { get; init; }

    /// <summary>D threshold of the localised label.</summary>
    public double Threshold { get; init; } = Localization.DefaultThreshold;

    /// <summary>Draws diagonalised at once (one eigen-solve per thread); -1 for no limit.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Eigen-solver backend.</summary>
    public EigenBackend Backend { get; init; } = EigenBackend.Auto;
}
