namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// An unknown scalar coefficient of a PDE (a viscosity, a diffusivity, a reaction rate), declared by the
/// <see cref="Pde"/> and read in its residual with <see cref="PdePoint{T}.Parameter(int)"/> or
/// <see cref="PdePoint{T}.Parameter(string)"/>. The PINN solver identifies it jointly with the network: the optimiser
/// moves an unconstrained coordinate theta, and the value the residual sees is a smooth map of theta that keeps it
/// inside its bounds:
/// <list type="bullet">
/// <item>no bounds: value = theta (for a coefficient of order one whose sign is unknown);</item>
/// <item>a lower bound only: value = lower + exp(theta) (positivity with <see cref="Positive"/>; steps in theta are
/// relative steps in the value, so a coefficient of size 1e-3 is as easy to move as one of size 1);</item>
/// <item>an upper bound only: value = upper - exp(theta);</item>
/// <item>both: value = lower + (upper - lower) / (1 + exp(-theta)).</item>
/// </list>
/// </summary>
public sealed record PdeParameter
{
    /// <param name="name">The name the residual reads it by and results report it under.</param>
    /// <param name="initial">The starting value (strictly inside the bounds).</param>
    /// <param name="lower">Lower bound, or negative infinity for none.</param>
    /// <param name="upper">Upper bound, or positive infinity for none.</param>
    public PdeParameter(string name, double initial, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (double.IsNaN(lower) || double.IsPositiveInfinity(lower)) throw new ArgumentOutOfRangeException(nameof(lower), lower, $"Parameter '{name}': the lower bound must be a number or negative infinity.");
        if (double.IsNaN(upper) || double.IsNegativeInfinity(upper)) throw new ArgumentOutOfRangeException(nameof(upper), upper, $"Parameter '{name}': the upper bound must be a number or positive infinity.");
        if (!(lower < upper)) throw new ArgumentException($"Parameter '{name}': the lower bound {lower} must be below the upper bound {upper}.", nameof(lower));
        if (!double.IsFinite(initial) || !(initial > lower && initial < upper))
            throw new ArgumentOutOfRangeException(nameof(initial), initial, $"Parameter '{name}': the initial value must be finite and strictly between {lower} and {upper}.");
        Name = name;
        Initial = initial;
        Lower = lower;
        Upper = upper;
    }

    /// <summary>A coefficient known to be positive: value = exp(theta).</summary>
    public static PdeParameter Positive(string name, double initial) => new(name, initial, lower: 0);

    /// <summary>The name the residual reads it by.</summary>
    public string Name { get; }
    /// <summary>The starting value.</summary>
    public double Initial { get; }
    /// <summary>The lower bound (negative infinity: none).</summary>
    public double Lower { get; }
    /// <summary>The upper bound (positive infinity: none).</summary>
    public double Upper { get; }

    private bool HasLower => double.IsFinite(Lower);
    private bool HasUpper => double.IsFinite(Upper);

    /// <summary>The value for the optimiser's coordinate <paramref name="theta"/>.</summary>
    public double Value(double theta) => (HasLower, HasUpper) switch
    {
        (false, false) => theta,
        (true, false) => Lower + Math.Exp(theta),
        (false, true) => Upper - Math.Exp(theta),
        _ => Lower + (Upper - Lower) / (1 + Math.Exp(-theta)),
    };

    /// <summary>d value / d theta at <paramref name="theta"/>.</summary>
    public double Slope(double theta) => (HasLower, HasUpper) switch
    {
        (false, false) => 1,
        (true, false) => Math.Exp(theta),
        (false, true) => -Math.Exp(theta),
        _ => (Upper - Lower) * Logistic(theta) * (1 - Logistic(theta)),
    };

    /// <summary>The optimiser's coordinate of <paramref name="value"/> (the inverse of <see cref="Value"/>).</summary>
    public double Theta(double value)
    {
        if (!(value > Lower && value < Upper)) throw new ArgumentOutOfRangeException(nameof(value), value, $"Parameter '{Name}': the value must be strictly between {Lower} and {Upper}.");
        return (HasLower, HasUpper) switch
        {
            (false, false) => value,
            (true, false) => Math.Log(value - Lower),
            (false, true) => Math.Log(Upper - value),
            _ => Math.Log((value - Lower) / (Upper - value)),
        };
    }

    private static double Logistic(double theta) => 1 / (1 + Math.Exp(-theta));
}
