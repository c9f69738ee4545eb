namespace Kan.Physics.Networks;

/// <summary>How a new <see cref="KanNetwork"/> is built and initialised (defaults follow pykan's MultKAN).</summary>
public sealed record KanOptions
{
    /// <summary>Grid intervals G per edge.</summary>
    public int GridSize { get; init; } = 5;
    /// <summary>Spline order k (3 = cubic).</summary>
    public int Order { get; init; } = 3;
    /// <summary>Initial grid range of every input.</summary>
    public double GridMin { get; init; } = -1;
    public double GridMax { get; init; } = 1;
    /// <summary>Initial spline coefficients are uniform in +-NoiseScale/(2G): small noisy splines.</summary>
    public double NoiseScale { get; init; } = 0.3;
    /// <summary>w_b = (ScaleBaseMu + ScaleBaseSigma * U(-1,1)) / sqrt(n_in).</summary>
    public double ScaleBaseMu { get; init; } = 0.0;
    public double ScaleBaseSigma { get; init; } = 1.0;
    /// <summary>w_s = ScaleSpline / sqrt(n_in).</summary>
    public double ScaleSpline { get; init; } = 1.0;
    /// <summary>How many outputs of its layer each multiplication node multiplies (pykan's <c>mult_arity</c>), at least 2.</summary>
    public int MultiplicationArity { get; init; } = 2;
    /// <summary>Seed of the initialisation; the same seed gives the same network.</summary>
    public int Seed { get; init; } = 0;

    internal void Validate()
    {
        if (GridSize < 1) throw new ArgumentOutOfRangeException(nameof(GridSize), GridSize, "The grid size G must be at least 1.");
        if (MultiplicationArity < 2) throw new ArgumentOutOfRangeException(nameof(MultiplicationArity), MultiplicationArity, "A multiplication node multiplies at least 2 outputs.");
        if (Order < 1) throw new ArgumentOutOfRangeException(nameof(Order), Order, "The spline order k must be at least 1.");
        if (!double.IsFinite(GridMin) || !double.IsFinite(GridMax) || !(GridMax > GridMin))
            throw new ArgumentException($"The grid range must be finite with GridMax > GridMin; got [{GridMin}, {GridMax}].", nameof(GridMax));
        if (!double.IsFinite(NoiseScale) || NoiseScale < 0) throw new ArgumentOutOfRangeException(nameof(NoiseScale), NoiseScale, "NoiseScale must be finite and >= 0.");
        if (!double.IsFinite(ScaleBaseMu)) throw new ArgumentOutOfRangeException(nameof(ScaleBaseMu), ScaleBaseMu, "ScaleBaseMu must be finite.");
        if (!double.IsFinite(ScaleBaseSigma)) throw new ArgumentOutOfRangeException(nameof(ScaleBaseSigma), ScaleBaseSigma, "ScaleBaseSigma must be finite.");
        if (!double.IsFinite(ScaleSpline)) throw new ArgumentOutOfRangeException(nameof(ScaleSpline), ScaleSpline, "ScaleSpline must be finite.");
    }
}
