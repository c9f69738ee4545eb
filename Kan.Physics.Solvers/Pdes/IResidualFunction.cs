namespace Kan.Physics.Solvers.Pdes;

/// <summary>A pointwise residual (a PDE or a condition) that the PINN solver's residual loss (<c>Pinns.ResidualLoss</c>) squares and averages.</summary>
public interface IResidualFunction
{
    /// <summary>Number of residual components at a point.</summary>
    int Equations { get; }

    /// <summary>Highest derivative order of the solution the residual reads (0, 1 or 2).</summary>
    int Order { get; }

    /// <summary>Writes the residual components at one point.</summary>
    void Evaluate<T>(PdePoint<T> point, Span<T> residuals) where T : unmanaged, IPdeNumber<T>;
}
