namespace Kan.Physics.Expressions;

/// <summary>An n-ary sum; subtraction is a term multiplied by -1 (printing shows it as <c>a - b</c>).</summary>
public sealed class Sum : Expr
{
    private readonly Expr[] _terms;
    private readonly int _hash;

    /// <summary>The terms in order (order matters for structural equality; <see cref="Expr.Simplify"/> sorts them).</summary>
    public IReadOnlyList<Expr> Terms => _terms;

    /// <summary>Creates a sum of at least two terms (use <see cref="Expr.Add(Expr[])"/> for any number of terms).</summary>
    public Sum(IEnumerable<Expr> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _terms = [.. terms];
        if (_terms.Length < 2) throw new ArgumentException($"A sum needs at least two terms, got {_terms.Length}.", nameof(terms));
        _hash = HashChildren(3, _terms);
    }

    /// <summary>Creates a sum of at least two terms.</summary>
    public Sum(params Expr[] terms) : this((IEnumerable<Expr>)terms) { }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Children => _terms;

    /// <inheritdoc/>
    public override bool Equals(Expr? other)
        => other is Sum s && s._hash == _hash && s._terms.AsSpan().SequenceEqual(_terms);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;
}
