namespace Kan.Physics.Solvers.Pdes;

/// <summary>A plain double as an <see cref="IPdeNumber{T}"/>: evaluates a residual without derivatives.</summary>
public readonly record struct Real(double Value) : IPdeNumber<Real>
{
    public static implicit operator Real(double v) => new(v);
    public static implicit operator double(Real r) => r.Value;

    public static Real Constant(double value) => new(value);
    public static Real operator +(Real a, Real b) => new(a.Value + b.Value);
    public static Real operator -(Real a, Real b) => new(a.Value - b.Value);
    public static Real operator *(Real a, Real b) => new(a.Value * b.Value);
    public static Real operator /(Real a, Real b) => new(a.Value / b.Value);
    public static Real operator -(Real a) => new(-a.Value);
    public static Real operator +(Real a, double b) => new(a.Value + b);
    public static Real operator +(double a, Real b) => new(a + b.Value);
    public static Real operator -(Real a, double b) => new(a.Value - b);
    public static Real operator -(double a, Real b) => new(a - b.Value);
    public static Real operator *(Real a, double b) => new(a.Value * b);
    public static Real operator *(double a, Real b) => new(a * b.Value);
    public static Real operator /(Real a, double b) => new(a.Value / b);
    public static Real operator /(double a, Real b) => new(a / b.Value);
    public static Real Sin(Real x) => new(Math.Sin(x.Value));
    public static Real Cos(Real x) => new(Math.Cos(x.Value));
    public static Real Tan(Real x) => new(Math.Tan(x.Value));
    public static Real Exp(Real x) => new(Math.Exp(x.Value));
    public static Real Log(Real x) => new(Math.Log(x.Value));
    public static Real Sqrt(Real x) => new(Math.Sqrt(x.Value));
    public static Real Tanh(Real x) => new(Math.Tanh(x.Value));
    public static Real Abs(Real x) => new(Math.Abs(x.Value));
    public static Real Pow(Real x, double p) => new(Math.Pow(x.Value, p));
    public static Real Pow(Real x, int n)
    {
        double r = 1, b = x.Value;
        for (int i = 0; i < Math.Abs(n); i++) r *= b;
        return new(n >= 0 ? r : 1 / r);
    }

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
