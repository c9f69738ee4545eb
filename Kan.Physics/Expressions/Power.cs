namespace Kan.Physics.Expressions;

/// <summary><c>Base^Exponent</c>, evaluated with <see cref="Math.Pow"/> semantics (so a negative base with a non-integer exponent is NaN).</summary>
public sealed class Power : Expr
{
    private readonly int _hash;

    /// <summary>The base.</summary>
    public Expr Base { get; }

    /// <summary>The exponent.</summary>
    public Expr Exponent { get; }

    /// <summary>Creates <c>base^exponent</c>.</summary>
    public Power(Expr @base, Expr exponent)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(exponent);
        Base = @base;
        Exponent = exponent;
        _hash = HashCode.Combine(5, @base.GetHashCode(), exponent.GetHashCode());
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Children => [Base, Exponent];

    /// <inheritdoc/>
    public override bool Equals(Expr? other)
        => other is Power p && p._hash == _hash && p.Base.Equals(Base) && p.Exponent.Equals(Exponent);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;
}
