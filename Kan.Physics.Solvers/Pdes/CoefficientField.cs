namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// An unknown coefficient that varies over the domain (a diffusivity k(x), a source q(x, y)), declared by the
/// <see cref="Pde"/> and read in its residual with <see cref="PdePoint{T}.Coefficient(string)"/> like a field: value
/// and derivatives. The PINN solver represents it by a small KAN of its own, separate from the solution's network,
/// with inputs the PDE's coordinates and one output, and trains both jointly by the same L-BFGS:
/// <c>k(x) = Offset + N_k(x)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Why a network of its own rather than an extra output of the solution's network: the coefficient gets its own
/// (usually coarser) grid, which it keeps through the solution's grid extensions, and its own start. A coefficient is
/// recovered from derivatives of the solution (for <c>-(k u')' = f</c>, <c>k = flux / u'</c>), so the fewer degrees of
/// freedom it has, the less of the measurement noise it can absorb; a coarse spline (grid 5 or 10) represents smooth
/// coefficients to 1e-4 or better. Its network starts near zero (small spline coefficients and base weights), so the
/// coefficient starts near <see cref="Offset"/>: give a typical value there (a coefficient near zero makes most
/// problems degenerate).
/// </para>
/// <para>
/// Its first-layer grids span the range of all the problem's points (collocation and condition points), its spline
/// order is 3, and it is not extended or updated during the solve. The identified network comes back in
/// <c>PinnResult.CoefficientFields</c>, ready for the formula pipeline (pruning, auto-symbolic, symbolic regression).
/// </para>
/// </remarks>
public sealed record CoefficientField
{
    /// <param name="name">The name the residual reads it by and results report it under.</param>
    /// <param name="offset">The coefficient's value where its network outputs zero: a typical value (the start).</param>
    /// <param name="gridSize">Grid intervals of the network's splines over the points' range (kept for the whole solve).</param>
    /// <param name="hidden">Hidden layer widths; empty for one spline edge per coordinate, summed ([D, 1]).</param>
    /// <param name="seed">Seed of the network's initial parameters.</param>
    public CoefficientField(string name, double offset = 1.0, int gridSize = 5, int[]? hidden = null, int seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(offset)) throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Coefficient field '{name}': the offset must be finite.");
        if (gridSize < 1) throw new ArgumentOutOfRangeException(nameof(gridSize), gridSize, $"Coefficient field '{name}': the grid size must be >= 1.");
        hidden ??= [];
        if (hidden.Any(w => w < 1)) throw new ArgumentOutOfRangeException(nameof(hidden), string.Join(",", hidden), $"Coefficient field '{name}': hidden widths must be >= 1.");
        Name = name;
        Offset = offset;
        GridSize = gridSize;
        Hidden = hidden.ToArray();
        Seed = seed;
    }

    /// <summary>The name the residual reads it by.</summary>
    public string Name { get; }
    /// <summary>The coefficient's value where its network outputs zero.</summary>
    public double Offset { get; }
    /// <summary>Grid intervals of the network's splines.</summary>
    public int GridSize { get; }
    /// <summary>Hidden layer widths (empty: [D, 1]).</summary>
    public IReadOnlyList<int> Hidden { get; }
    /// <summary>Seed of the network's initial parameters.</summary>
    public int Seed { get; }
}
