using System.Globalization;

namespace Kan.Physics.Expressions;

/// <summary>A number, or one of the named constants <c>pi</c> and <c>e</c>.</summary>
/// <remarks>
/// Named constants are kept apart from plain numbers so that simplification does not fold <c>2*pi</c> into
/// <c>6.283185307179586</c>: the printed formula should say <c>2*pi</c>, which is the whole point of recognising it.
/// </remarks>
public sealed class Constant : Expr
{
    /// <summary>The constant pi, printed <c>pi</c>.</summary>
    public static new Constant Pi { get; } = new(Math.PI, "pi");

    /// <summary>Euler's number, printed <c>e</c>.</summary>
    public static new Constant E { get; } = new(Math.E, "e");

    /// <summary>The value (for <see cref="Pi"/> and <see cref="E"/> the nearest double).</summary>
    public double Value { get; }

    /// <summary><c>"pi"</c> or <c>"e"</c> for the named constants, null for plain numbers.</summary>
    public string? Symbol { get; }

    /// <summary>True for a plain number (not <c>pi</c> or <c>e</c>); only these take part in constant folding.</summary>
    public bool IsNumber => Symbol is null;

    private readonly int _hash;

    /// <summary>A plain number.</summary>
    public Constant(double value) : this(value, null) { }

    private Constant(double value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
        // 0.0 and -0.0 are Equal, so they must hash alike.
        _hash = HashCode.Combine(1, value == 0 ? 0.0 : value, symbol);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Expr> Children => [];

    /// <inheritdoc/>
    public override bool Equals(Expr? other)
        => other is Constant c && c.Symbol == Symbol && c.Value.Equals(Value);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    internal string DebugText => Symbol ?? Value.ToString("R", CultureInfo.InvariantCulture);
}
