using System.Runtime.CompilerServices;

namespace Kan.Physics.Solvers.Pdes;

/// <summary>Inline storage for the partial derivatives of a <see cref="MultiDual"/>.</summary>
[InlineArray(MultiDual.Capacity)]
public struct MultiDualPartials
{
    private double _first;
}

/// <summary>
/// A forward-mode dual number with up to <see cref="Capacity"/> partial derivatives at once: one run of a residual on
/// these gives its value and its partials with respect to every jet component, where <see cref="Dual"/> needs a run
/// per component (and recomputes source terms each time). Partials beyond <see cref="Count"/> are zero.
/// </summary>
public struct MultiDual : IPdeNumber<MultiDual>
{
    public const int Capacity = 16;
    private MultiDualPartials _d;

    public double Value { get; private set; }
    /// <summary>Number of partials in use.</summary>
    public int Count { get; private set; }

    /// <summary>Partial derivative i.</summary>
    public readonly double Partial(int i) => i < Count ? _d[i] : 0.0;

    /// <summary>The i-th of <paramref name="count"/> independent variables, with value <paramref name="value"/>.</summary>
    public static MultiDual Variable(double value, int i, int count)
    {
        if ((uint)count > Capacity) throw new ArgumentOutOfRangeException(nameof(count), count, $"At most {Capacity} partials.");
        var r = new MultiDual { Value = value, Count = count };
        r._d[i] = 1.0;
        return r;
    }

    public static MultiDual Constant(double value) => new() { Value = value };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static MultiDual Combine(in MultiDual a, double ca, in MultiDual b, double cb, double value)
    {
        // value with partials ca * a' + cb * b'
        var r = new MultiDual { Value = value, Count = Math.Max(a.Count, b.Count) };
        for (int i = 0; i < r.Count; i++) r._d[i] = ca * (i < a.Count ? a._d[i] : 0) + cb * (i < b.Count ? b._d[i] : 0);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static MultiDual Scale(in MultiDual a, double c, double value)
    {
        var r = new MultiDual { Value = value, Count = a.Count };
        for (int i = 0; i < a.Count; i++) r._d[i] = c * a._d[i];
        return r;
    }

    public static MultiDual operator +(MultiDual a, MultiDual b) => Combine(a, 1, b, 1, a.Value + b.Value);
    public static MultiDual operator -(MultiDual a, MultiDual b) => Combine(a, 1, b, -1, a.Value - b.Value);
    public static MultiDual operator *(MultiDual a, MultiDual b) => Combine(a, b.Value, b, a.Value, a.Value * b.Value);
    public static MultiDual operator /(MultiDual a, MultiDual b)
        => Combine(a, 1 / b.Value, b, -a.Value / (b.Value * b.Value), a.Value / b.Value);
    public static MultiDual operator -(MultiDual a) => Scale(a, -1, -a.Value);
    public static MultiDual operator +(MultiDual a, double b) { a.Value += b; return a; }
    public static MultiDual operator +(double a, MultiDual b) { b.Value += a; return b; }
    public static MultiDual operator -(MultiDual a, double b) { a.Value -= b; return a; }
    public static MultiDual operator -(double a, MultiDual b) => Scale(b, -1, a - b.Value);
    public static MultiDual operator *(MultiDual a, double b) => Scale(a, b, a.Value * b);
    public static MultiDual operator *(double a, MultiDual b) => Scale(b, a, a * b.Value);
    public static MultiDual operator /(MultiDual a, double b) => Scale(a, 1 / b, a.Value / b);
    public static MultiDual operator /(double a, MultiDual b) => Scale(b, -a / (b.Value * b.Value), a / b.Value);

    public static MultiDual Sin(MultiDual x) => Scale(x, Math.Cos(x.Value), Math.Sin(x.Value));
    public static MultiDual Cos(MultiDual x) => Scale(x, -Math.Sin(x.Value), Math.Cos(x.Value));
    public static MultiDual Tan(MultiDual x) { double t = Math.Tan(x.Value); return Scale(x, 1 + t * t, t); }
    public static MultiDual Exp(MultiDual x) { double e = Math.Exp(x.Value); return Scale(x, e, e); }
    public static MultiDual Log(MultiDual x) => Scale(x, 1 / x.Value, Math.Log(x.Value));
    public static MultiDual Sqrt(MultiDual x) { double s = Math.Sqrt(x.Value); return Scale(x, 1 / (2 * s), s); }
    public static MultiDual Tanh(MultiDual x) { double t = Math.Tanh(x.Value); return Scale(x, 1 - t * t, t); }
    public static MultiDual Abs(MultiDual x) => Scale(x, Math.Sign(x.Value), Math.Abs(x.Value));
    public static MultiDual Pow(MultiDual x, double p) => Scale(x, p * Math.Pow(x.Value, p - 1), Math.Pow(x.Value, p));
    public static MultiDual Pow(MultiDual x, int n)
    {
        var r = Constant(1);
        for (int i = 0; i < Math.Abs(n); i++) r *= x;
        return n >= 0 ? r : 1.0 / r;
    }
}
