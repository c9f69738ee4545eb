namespace Kan.Physics.Expressions;

/// <summary>A named input such as <c>x</c>, <c>theta</c>, <c>x1</c> or <c>m_0</c>.</summary>
public sealed class Variable : Expr
{
    /// <summary>The name: a letter or underscore, then letters, digits and underscores (so that printed formulas parse back).</summary>
    public string Name { get; }

    /// <summary>Creates a variable; the name must be an identifier so that <see cref="Expr.Parse"/> can read it back.</summary>
    public Variable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsIdentifier(name))
            throw new ArgumentException($"Variable name '{name}' is not an identifier (a letter or '_', then letters, digits or '_').", nameof(name));
        Name = name;
    }

    internal static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_')) return false;
        foreach (char ch in name)
            if (!(char.IsLetterOrDigit(ch) || ch == '_')) return false;
        return true;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Children => [];

    /// <inheritdoc/>
    public override bool Equals(Expr? other) => other is Variable v && string.Equals(v.Name, Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(2, StringComparer.Ordinal.GetHashCode(Name));
}
