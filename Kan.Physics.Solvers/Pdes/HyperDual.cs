namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// A hyper-dual number <c>v + e1 d1 + e2 d2 + e1e2 d12</c> (e1^2 = e2^2 = 0): seeding x_a with e1 and x_b with e2 gives
/// a function's value, both first partials and the mixed second partial d2f/dx_a dx_b exactly in one run. Used for the
/// jets of hard-constraint output transforms, which are written once as generic code.
/// </summary>
public readonly record struct HyperDual(double Value, double D1, double D2, double D12) : IPdeNumber<HyperDual>
{
    /// <summary>f(x) for the chain rule: derivatives f, f', f'' at x.Value.</summary>
    private static HyperDual Chain(HyperDual x, double f, double df, double ddf)
        => new(f, df * x.D1, df * x.D2, df * x.D12 + ddf * x.D1 * x.D2);

    public static HyperDual Constant(double value) => new(value, 0, 0, 0);
    public static HyperDual operator +(HyperDual a, HyperDual b) => new(a.Value + b.Value, a.D1 + b.D1, a.D2 + b.D2, a.D12 + b.D12);
    public static HyperDual operator -(HyperDual a, HyperDual b) => new(a.Value - b.Value, a.D1 - b.D1, a.D2 - b.D2, a.D12 - b.D12);
    public static HyperDual operator *(HyperDual a, HyperDual b)
        => new(a.Value * b.Value, a.D1 * b.Value + a.Value * b.D1, a.D2 * b.Value + a.Value * b.D2,
               a.D12 * b.Value + a.D1 * b.D2 + a.D2 * b.D1 + a.Value * b.D12);
    public static HyperDual operator /(HyperDual a, HyperDual b) => a * Reciprocal(b);
    public static HyperDual operator -(HyperDual a) => new(-a.Value, -a.D1, -a.D2, -a.D12);
    public static HyperDual operator +(HyperDual a, double b) => a with { Value = a.Value + b };
    public static HyperDual operator +(double a, HyperDual b) => b with { Value = a + b.Value };
    public static HyperDual operator -(HyperDual a, double b) => a with { Value = a.Value - b };
    public static HyperDual operator -(double a, HyperDual b) => -b + a;
    public static HyperDual operator *(HyperDual a, double b) => new(a.Value * b, a.D1 * b, a.D2 * b, a.D12 * b);
    public static HyperDual operator *(double a, HyperDual b) => b * a;
    public static HyperDual operator /(HyperDual a, double b) => a * (1 / b);
    public static HyperDual operator /(double a, HyperDual b) => a * Reciprocal(b);

    private static HyperDual Reciprocal(HyperDual x) { double v = x.Value; return Chain(x, 1 / v, -1 / (v * v), 2 / (v * v * v)); }
    public static HyperDual Sin(HyperDual x) => Chain(x, Math.Sin(x.Value), Math.Cos(x.Value), -Math.Sin(x.Value));
    public static HyperDual Cos(HyperDual x) => Chain(x, Math.Cos(x.Value), -Math.Sin(x.Value), -Math.Cos(x.Value));
    public static HyperDual Tan(HyperDual x) { double t = Math.Tan(x.Value), s = 1 + t * t; return Chain(x, t, s, 2 * t * s); }
    public static HyperDual Exp(HyperDual x) { double e = Math.Exp(x.Value); return Chain(x, e, e, e); }
    public static HyperDual Log(HyperDual x) => Chain(x, Math.Log(x.Value), 1 / x.Value, -1 / (x.Value * x.Value));
    public static HyperDual Sqrt(HyperDual x) { double s = Math.Sqrt(x.Value); return Chain(x, s, 0.5 / s, -0.25 / (s * x.Value)); }
    public static HyperDual Tanh(HyperDual x) { double t = Math.Tanh(x.Value), s = 1 - t * t; return Chain(x, t, s, -2 * t * s); }
    public static HyperDual Abs(HyperDual x) => Chain(x, Math.Abs(x.Value), Math.Sign(x.Value), 0);
    public static HyperDual Pow(HyperDual x, double p)
        => Chain(x, Math.Pow(x.Value, p), p * Math.Pow(x.Value, p - 1), p * (p - 1) * Math.Pow(x.Value, p - 2));
    public static HyperDual Pow(HyperDual x, int n)
    {
        var r = Constant(1);
        for (int i = 0; i < Math.Abs(n); i++) r *= x;
        return n >= 0 ? r : 1.0 / r;
    }
}
