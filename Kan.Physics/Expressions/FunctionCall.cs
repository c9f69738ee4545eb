namespace Kan.Physics.Expressions;

/// <summary>
/// A named function of one argument: sin cos tan exp log sqrt abs sgn tanh sinh cosh arcsin arccos arctan arctanh
/// arcsinh arccosh sigmoid gaussian (= exp(-x^2)).
/// </summary>
/// <remarks>Aliases (ln, asin, acos, atan, atanh, asinh, acosh, sign) are mapped to the canonical name on construction, so equal functions compare equal.</remarks>
public sealed class FunctionCall : Expr
{
    private readonly int _hash;

    /// <summary>Canonical function name, e.g. <c>"log"</c> for <c>ln</c>.</summary>
    public string Name { get; }

    /// <summary>The argument.</summary>
    public Expr Argument { get; }

    internal FunctionInfo Info { get; }

    /// <summary>The canonical names of all supported functions.</summary>
    public static IReadOnlyList<string> KnownNames => KnownFunctions.Names;

    /// <summary>Creates <c>name(argument)</c>; <paramref name="name"/> may be a canonical name or an alias.</summary>
    public FunctionCall(string name, Expr argument)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(argument);
        if (!KnownFunctions.TryGet(name, out var info))
            throw new ArgumentException($"Unknown function '{name}'. Known functions: {string.Join(", ", KnownFunctions.Names)}.", nameof(name));
        Info = info;
        Name = info.Name;
        Argument = argument;
        _hash = HashCode.Combine(6, StringComparer.Ordinal.GetHashCode(Name), argument.GetHashCode());
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Children => [Argument];

    /// <inheritdoc/>
    public override bool Equals(Expr? other)
        => other is FunctionCall f && f._hash == _hash && f.Name == Name && f.Argument.Equals(Argument);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;
}
