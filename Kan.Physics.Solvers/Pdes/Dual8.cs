using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// A forward-mode dual number with up to eight partial derivatives held in one 512-bit vector: the same arithmetic as
/// <see cref="MultiDual"/> (so the same results), but every operation on the partials is one vector operation instead
/// of a loop. The residual loss uses it when the jet has at most eight components (one field in up to two coordinates
/// at order 2, or three coordinates at order 1, ...).
/// </summary>
internal readonly struct Dual8 : IPdeNumber<Dual8>
{
    public const int Capacity = 8;
    private readonly Vector512<double> _d;

    public double Value { get; }

    private Dual8(double value, Vector512<double> d) { Value = value; _d = d; }

    /// <summary>Partial derivative i.</summary>
    public double Partial(int i) => _d.GetElement(i);

    /// <summary>All eight partials.</summary>
    public Vector512<double> Partials => _d;

    private static readonly double[] Units = BuildUnits();

    private static double[] BuildUnits()
    {
        var u = new double[Capacity * Capacity];
        for (int i = 0; i < Capacity; i++) u[i * Capacity + i] = 1.0;
        return u;
    }

    /// <summary>The i-th independent variable, with value <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual8 Variable(double value, int i) => new(value, Vector512.Create(Units.AsSpan(i * Capacity, Capacity)));

    public static Dual8 Constant(double value) => new(value, Vector512<double>.Zero);

    public static Dual8 operator +(Dual8 a, Dual8 b) => new(a.Value + b.Value, a._d + b._d);
    public static Dual8 operator -(Dual8 a, Dual8 b) => new(a.Value - b.Value, a._d - b._d);
    public static Dual8 operator *(Dual8 a, Dual8 b) => new(a.Value * b.Value, b.Value * a._d + a.Value * b._d);
    public static Dual8 operator /(Dual8 a, Dual8 b)
        => new(a.Value / b.Value, (1 / b.Value) * a._d + (-a.Value / (b.Value * b.Value)) * b._d);
    public static Dual8 operator -(Dual8 a) => new(-a.Value, -1.0 * a._d);
    public static Dual8 operator +(Dual8 a, double b) => new(a.Value + b, a._d);
    public static Dual8 operator +(double a, Dual8 b) => new(b.Value + a, b._d);
    public static Dual8 operator -(Dual8 a, double b) => new(a.Value - b, a._d);
    public static Dual8 operator -(double a, Dual8 b) => new(a - b.Value, -1.0 * b._d);
    public static Dual8 operator *(Dual8 a, double b) => new(a.Value * b, b * a._d);
    public static Dual8 operator *(double a, Dual8 b) => new(a * b.Value, a * b._d);
    public static Dual8 operator /(Dual8 a, double b) => new(a.Value / b, (1 / b) * a._d);
    public static Dual8 operator /(double a, Dual8 b) => new(a / b.Value, (-a / (b.Value * b.Value)) * b._d);

    private static Dual8 Scale(Dual8 x, double c, double value) => new(value, c * x._d);
    public static Dual8 Sin(Dual8 x) => Scale(x, Math.Cos(x.Value), Math.Sin(x.Value));
    public static Dual8 Cos(Dual8 x) => Scale(x, -Math.Sin(x.Value), Math.Cos(x.Value));
    public static Dual8 Tan(Dual8 x) { double t = Math.Tan(x.Value); return Scale(x, 1 + t * t, t); }
    public static Dual8 Exp(Dual8 x) { double e = Math.Exp(x.Value); return Scale(x, e, e); }
    public static Dual8 Log(Dual8 x) => Scale(x, 1 / x.Value, Math.Log(x.Value));
    public static Dual8 Sqrt(Dual8 x) { double s = Math.Sqrt(x.Value); return Scale(x, 1 / (2 * s), s); }
    public static Dual8 Tanh(Dual8 x) { double t = Math.Tanh(x.Value); return Scale(x, 1 - t * t, t); }
    public static Dual8 Abs(Dual8 x) => Scale(x, Math.Sign(x.Value), Math.Abs(x.Value));
    public static Dual8 Pow(Dual8 x, double p) => Scale(x, p * Math.Pow(x.Value, p - 1), Math.Pow(x.Value, p));
    public static Dual8 Pow(Dual8 x, int n)
    {
        var r = Constant(1);
        for (int i = 0; i < Math.Abs(n); i++) r *= x;
        return n >= 0 ? r : 1.0 / r;
    }
}
