namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// The arithmetic a PDE residual is written in. A residual is one generic method over <typeparamref name="T"/>; the
/// solver runs it on <see cref="Real"/> (plain values) and on <see cref="Dual"/> (values with one forward-mode
/// derivative) to get the residual's partial derivatives with respect to the solution's jet, so nobody writes
/// derivatives by hand. Mixed arithmetic with <see cref="double"/> constants and coordinates is built in.
/// </summary>
public interface IPdeNumber<T> where T : unmanaged, IPdeNumber<T>
{
    /// <summary>The plain value.</summary>
    double Value { get; }

    static abstract T Constant(double value);
    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator *(T a, T b);
    static abstract T operator /(T a, T b);
    static abstract T operator -(T a);
    static abstract T operator +(T a, double b);
    static abstract T operator +(double a, T b);
    static abstract T operator -(T a, double b);
    static abstract T operator -(double a, T b);
    static abstract T operator *(T a, double b);
    static abstract T operator *(double a, T b);
    static abstract T operator /(T a, double b);
    static abstract T operator /(double a, T b);

    static abstract T Sin(T x);
    static abstract T Cos(T x);
    static abstract T Tan(T x);
    static abstract T Exp(T x);
    static abstract T Log(T x);
    static abstract T Sqrt(T x);
    static abstract T Tanh(T x);
    static abstract T Abs(T x);
    /// <summary>x^p for a constant real exponent.</summary>
    static abstract T Pow(T x, double p);
    /// <summary>x^n for an integer exponent, by repeated multiplication (exact for negative x).</summary>
    static abstract T Pow(T x, int n);
}
