namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// A forward-mode dual number <c>Value + Derivative eps</c> (eps^2 = 0): running a residual on duals seeded with one
/// jet component gives the residual's exact partial derivative with respect to that component.
/// </summary>
public readonly record struct Dual(double Value, double Derivative) : IPdeNumber<Dual>
{
    public static Dual Constant(double value) => new(value, 0);
    public static Dual operator +(Dual a, Dual b) => new(a.Value + b.Value, a.Derivative + b.Derivative);
    public static Dual operator -(Dual a, Dual b) => new(a.Value - b.Value, a.Derivative - b.Derivative);
    public static Dual operator *(Dual a, Dual b) => new(a.Value * b.Value, a.Derivative * b.Value + a.Value * b.Derivative);
    public static Dual operator /(Dual a, Dual b)
        => new(a.Value / b.Value, (a.Derivative * b.Value - a.Value * b.Derivative) / (b.Value * b.Value));
    public static Dual operator -(Dual a) => new(-a.Value, -a.Derivative);
    public static Dual operator +(Dual a, double b) => new(a.Value + b, a.Derivative);
    public static Dual operator +(double a, Dual b) => new(a + b.Value, b.Derivative);
    public static Dual operator -(Dual a, double b) => new(a.Value - b, a.Derivative);
    public static Dual operator -(double a, Dual b) => new(a - b.Value, -b.Derivative);
    public static Dual operator *(Dual a, double b) => new(a.Value * b, a.Derivative * b);
    public static Dual operator *(double a, Dual b) => new(a * b.Value, a * b.Derivative);
    public static Dual operator /(Dual a, double b) => new(a.Value / b, a.Derivative / b);
    public static Dual operator /(double a, Dual b) => new(a / b.Value, -a * b.Derivative / (b.Value * b.Value));
    public static Dual Sin(Dual x) => new(Math.Sin(x.Value), Math.Cos(x.Value) * x.Derivative);
    public static Dual Cos(Dual x) => new(Math.Cos(x.Value), -Math.Sin(x.Value) * x.Derivative);
    public static Dual Tan(Dual x) { double t = Math.Tan(x.Value); return new(t, (1 + t * t) * x.Derivative); }
    public static Dual Exp(Dual x) { double e = Math.Exp(x.Value); return new(e, e * x.Derivative); }
    public static Dual Log(Dual x) => new(Math.Log(x.Value), x.Derivative / x.Value);
    public static Dual Sqrt(Dual x) { double s = Math.Sqrt(x.Value); return new(s, x.Derivative / (2 * s)); }
    public static Dual Tanh(Dual x) { double t = Math.Tanh(x.Value); return new(t, (1 - t * t) * x.Derivative); }
    public static Dual Abs(Dual x) => new(Math.Abs(x.Value), Math.Sign(x.Value) * x.Derivative);
    public static Dual Pow(Dual x, double p) => new(Math.Pow(x.Value, p), p * Math.Pow(x.Value, p - 1) * x.Derivative);
    public static Dual Pow(Dual x, int n)
    {
        var r = new Dual(1, 0);
        for (int i = 0; i < Math.Abs(n); i++) r *= x;
        return n >= 0 ? r : 1.0 / r;
    }
}
