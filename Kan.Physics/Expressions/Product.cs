namespace Kan.Physics.Expressions;

/// <summary>An n-ary product; division is a factor raised to a negative power (printing shows it as <c>x/y</c>).</summary>
public sealed class Product : Expr
{
    private readonly Expr[] _factors;
    private readonly int _hash;

    /// <summary>The factors in order; after <see cref="Expr.Simplify"/> a numeric coefficient, if any, comes first.</summary>
    public IReadOnlyList<Expr> Factors => _factors;

    /// <summary>Creates a product of at least two factors (use <see cref="Expr.Multiply(Expr[])"/> for any number of factors).</summary>
    public Product(IEnumerable<Expr> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        _factors = [.. factors];
        if (_factors.Length < 2) throw new ArgumentException($"A product needs at least two factors, got {_factors.Length}.", nameof(factors));
        _hash = HashChildren(4, _factors);
    }

    /// <summary>Creates a product of at least two factors.</summary>
    public Product(params Expr[] factors) : this((IEnumerable<Expr>)factors) { }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Children => _factors;

    /// <inheritdoc/>
    public override bool Equals(Expr? other)
        => other is Product p && p._hash == _hash && p._factors.AsSpan().SequenceEqual(_factors);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;
}
