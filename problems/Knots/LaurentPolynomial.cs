using System.Globalization;
using System.Numerics;
using System.Text;

namespace Kan.Physics.Problems.Knots;

/// <summary>
/// An immutable Laurent polynomial sum_k c_k t^k with exact <see cref="long"/> coefficients.
/// </summary>
/// <remarks>
/// Knot polynomials are compared as exact objects (a table lookup, a distinctness key), so the arithmetic is
/// integer and <c>checked</c>: an overflow throws instead of producing a wrong polynomial silently.
/// </remarks>
public sealed class LaurentPolynomial : IEquatable<LaurentPolynomial>
{
    // trimmed: empty for zero, otherwise the first and last entries are nonzero
    private readonly long[] _coefficients;

    /// <summary>The zero polynomial.</summary>
    public static LaurentPolynomial Zero { get; } = new(0, []);

    /// <summary>The constant 1.</summary>
    public static LaurentPolynomial One { get; } = new(0, [1]);

    /// <summary>Builds c_0 t^minDegree + c_1 t^(minDegree+1) + ...; zero coefficients at either end are trimmed.</summary>
    public LaurentPolynomial(int minDegree, ReadOnlySpan<long> coefficients)
    {
        int lo = 0, hi = coefficients.Length - 1;
        while (lo <= hi && coefficients[lo] == 0) lo++;
        while (hi >= lo && coefficients[hi] == 0) hi--;
        if (lo > hi)
        {
            _coefficients = [];
            MinDegree = 0;
            return;
        }
        _coefficients = coefficients[lo..(hi + 1)].ToArray();
        MinDegree = checked(minDegree + lo);
    }

    /// <summary>The monomial c t^degree.</summary>
    public static LaurentPolynomial Monomial(long coefficient, int degree) => new(degree, [coefficient]);

    /// <summary>Lowest exponent with a nonzero coefficient (0 for the zero polynomial).</summary>
    public int MinDegree { get; }

    /// <summary>Highest exponent with a nonzero coefficient (-1 below <see cref="MinDegree"/> for the zero polynomial).</summary>
    public int MaxDegree => MinDegree + _coefficients.Length - 1;

    /// <summary>True for the zero polynomial.</summary>
    public bool IsZero => _coefficients.Length == 0;

    /// <summary>The coefficients of t^MinDegree .. t^MaxDegree.</summary>
    public IReadOnlyList<long> Coefficients => _coefficients;

    /// <summary>The coefficient of t^degree (0 outside the stored range).</summary>
    public long this[int degree] => degree < MinDegree || degree > MaxDegree ? 0 : _coefficients[degree - MinDegree];

    /// <summary>Sum.</summary>
    public static LaurentPolynomial operator +(LaurentPolynomial p, LaurentPolynomial q) => Combine(p, q, 1);

    /// <summary>Difference.</summary>
    public static LaurentPolynomial operator -(LaurentPolynomial p, LaurentPolynomial q) => Combine(p, q, -1);

    /// <summary>Negation.</summary>
    public static LaurentPolynomial operator -(LaurentPolynomial p) => p * -1;

    /// <summary>Scalar multiple.</summary>
    public static LaurentPolynomial operator *(LaurentPolynomial p, long c)
    {
        var r = new long[p._coefficients.Length];
        for (int i = 0; i < r.Length; i++) r[i] = checked(p._coefficients[i] * c);
        return new LaurentPolynomial(p.MinDegree, r);
    }

    /// <summary>Product.</summary>
    public static LaurentPolynomial operator *(LaurentPolynomial p, LaurentPolynomial q)
    {
        if (p.IsZero || q.IsZero) return Zero;
        var r = new long[p._coefficients.Length + q._coefficients.Length - 1];
        for (int i = 0; i < p._coefficients.Length; i++)
        {
            long a = p._coefficients[i];
            if (a == 0) continue;
            for (int j = 0; j < q._coefficients.Length; j++) r[i + j] = checked(r[i + j] + a * q._coefficients[j]);
        }
        return new LaurentPolynomial(checked(p.MinDegree + q.MinDegree), r);
    }

    private static LaurentPolynomial Combine(LaurentPolynomial p, LaurentPolynomial q, long sign)
    {
        if (q.IsZero) return p;
        if (p.IsZero) return sign == 1 ? q : q * sign;
        int lo = Math.Min(p.MinDegree, q.MinDegree), hi = Math.Max(p.MaxDegree, q.MaxDegree);
        var r = new long[hi - lo + 1];
        for (int i = 0; i < p._coefficients.Length; i++) r[p.MinDegree - lo + i] = p._coefficients[i];
        for (int i = 0; i < q._coefficients.Length; i++)
            r[q.MinDegree - lo + i] = checked(r[q.MinDegree - lo + i] + sign * q._coefficients[i]);
        return new LaurentPolynomial(lo, r);
    }

    /// <summary>This polynomial times t^k.</summary>
    public LaurentPolynomial Shift(int k) => IsZero ? this : new LaurentPolynomial(checked(MinDegree + k), _coefficients);

    /// <summary>The substitution t -> 1/t (how the Jones polynomial of a knot changes under mirroring).</summary>
    public LaurentPolynomial InvertVariable()
    {
        var r = (long[])_coefficients.Clone();
        Array.Reverse(r);
        return new LaurentPolynomial(-MaxDegree, r);
    }

    /// <summary>The value at a complex point t (t = 0 only when no negative powers are present).</summary>
    public Complex Evaluate(Complex t)
    {
        if (IsZero) return Complex.Zero;
        if (t == Complex.Zero && MinDegree < 0)
            throw new ArgumentException($"a polynomial with negative powers (t^{MinDegree}) cannot be evaluated at t = 0", nameof(t));
        // Horner on the coefficient list, then the power t^MinDegree
        Complex s = Complex.Zero;
        for (int i = _coefficients.Length - 1; i >= 0; i--) s = s * t + _coefficients[i];
        return s * Complex.Pow(t, MinDegree);
    }

    /// <summary>The exact value at an integer t; negative powers are allowed only at t = 1 or t = -1, where the value stays an integer.</summary>
    public BigInteger Evaluate(BigInteger t)
    {
        if (MinDegree < 0 && BigInteger.Abs(t) != BigInteger.One)
            throw new ArgumentException($"a polynomial with negative powers (t^{MinDegree}) has no integer value at t = {t}", nameof(t));
        BigInteger s = BigInteger.Zero;
        for (int i = _coefficients.Length - 1; i >= 0; i--) s = s * t + _coefficients[i];
        // t = +-1 here whenever MinDegree < 0, so t^MinDegree = t^|MinDegree|
        return s * BigInteger.Pow(t, Math.Abs(MinDegree));
    }

    /// <summary>Compact form, e.g. <c>2-3*t+2*t^2</c> or <c>t^(-2)-t^(-1)+1</c> (KnotInfo's Alexander style).</summary>
    public override string ToString() => Format("t", spaceAfterPlus: false);

    /// <summary>KnotInfo's Jones style, e.g. <c>t^(-2)-t^(-1)+ 1-t+ t^2</c> (a space after each plus sign).</summary>
    public string ToKnotInfoJonesString() => Format("t", spaceAfterPlus: true);

    /// <summary>Formats with the given variable name; negative exponents are written in parentheses as KnotInfo does.</summary>
    public string Format(string variable, bool spaceAfterPlus)
    {
        if (IsZero) return "0";
        var sb = new StringBuilder();
        for (int i = 0; i < _coefficients.Length; i++)
        {
            long c = _coefficients[i];
            if (c == 0) continue;
            int e = MinDegree + i;
            if (c < 0) sb.Append('-');
            else if (sb.Length > 0) sb.Append(spaceAfterPlus ? "+ " : "+");
            ulong magnitude = c < 0 ? (ulong)(-(c + 1)) + 1 : (ulong)c;
            string power = e switch
            {
                0 => "",
                1 => variable,
                > 1 => $"{variable}^{e.ToString(CultureInfo.InvariantCulture)}",
                _ => $"{variable}^({e.ToString(CultureInfo.InvariantCulture)})",
            };
            if (power.Length == 0) sb.Append(magnitude.ToString(CultureInfo.InvariantCulture));
            else if (magnitude == 1) sb.Append(power);
            else sb.Append(magnitude.ToString(CultureInfo.InvariantCulture)).Append('*').Append(power);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Parses the forms written by <see cref="Format"/> and the usual variants: whitespace anywhere, <c>2*t</c> or <c>2t</c>,
    /// <c>t^-2</c>, <c>t^(-2)</c> or <c>t^{-2}</c>; like terms are added.
    /// </summary>
    public static LaurentPolynomial Parse(string text, string variable = "t")
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new Dictionary<int, long>();
        int pos = 0;
        void SkipSpace() { while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++; }
        FormatException Error(string why) => new($"polynomial '{text}': {why} at position {pos}");
        bool At(string s) => string.CompareOrdinal(text, pos, s, 0, s.Length) == 0;
        long ReadNumber()
        {
            int start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
            if (!long.TryParse(text.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out long v))
                throw Error(pos == start ? "expected a number" : "number too large");
            return v;
        }

        SkipSpace();
        if (pos == text.Length) throw Error("empty polynomial");
        bool first = true;
        while (true)
        {
            SkipSpace();
            if (pos == text.Length) break;
            long sign = 1;
            if (text[pos] is '+' or '-')
            {
                sign = text[pos] == '-' ? -1 : 1;
                pos++;
                SkipSpace();
            }
            else if (!first) throw Error($"expected '+' or '-' but found '{text[pos]}'");
            first = false;
            long coefficient = 1;
            bool hasNumber = pos < text.Length && char.IsAsciiDigit(text[pos]);
            if (hasNumber)
            {
                coefficient = ReadNumber();
                SkipSpace();
                if (pos < text.Length && text[pos] == '*')
                {
                    pos++;
                    SkipSpace();
                    if (!At(variable)) throw Error($"expected '{variable}' after '*'");
                }
            }
            int exponent = 0;
            if (At(variable))
            {
                pos += variable.Length;
                exponent = 1;
                SkipSpace();
                if (pos < text.Length && text[pos] == '^')
                {
                    pos++;
                    SkipSpace();
                    char close = '\0';
                    if (pos < text.Length && text[pos] is '(' or '{')
                    {
                        close = text[pos] == '(' ? ')' : '}';
                        pos++;
                        SkipSpace();
                    }
                    int expSign = 1;
                    if (pos < text.Length && text[pos] is '-' or '+')
                    {
                        expSign = text[pos] == '-' ? -1 : 1;
                        pos++;
                    }
                    long e = ReadNumber();
                    if (e > int.MaxValue) throw Error("exponent too large");
                    exponent = expSign * (int)e;
                    SkipSpace();
                    if (close != '\0')
                    {
                        if (pos >= text.Length || text[pos] != close) throw Error($"expected '{close}'");
                        pos++;
                    }
                }
            }
            else if (!hasNumber) throw Error(pos < text.Length ? $"unexpected '{text[pos]}'" : "expected a term");
            terms[exponent] = checked(terms.GetValueOrDefault(exponent) + sign * coefficient);
        }
        if (terms.Count == 0) return Zero;
        int lo = terms.Keys.Min(), hi = terms.Keys.Max();
        var c = new long[hi - lo + 1];
        foreach (var (e, v) in terms) c[e - lo] = v;
        return new LaurentPolynomial(lo, c);
    }

    /// <summary>Exact equality of all coefficients.</summary>
    public bool Equals(LaurentPolynomial? other) =>
        other is not null && MinDegree == other.MinDegree && _coefficients.AsSpan().SequenceEqual(other._coefficients);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LaurentPolynomial);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(MinDegree);
        foreach (long c in _coefficients) h.Add(c);
        return h.ToHashCode();
    }

    /// <summary>Exact equality.</summary>
    public static bool operator ==(LaurentPolynomial? p, LaurentPolynomial? q) => p is null ? q is null : p.Equals(q);

    /// <summary>Exact inequality.</summary>
    public static bool operator !=(LaurentPolynomial? p, LaurentPolynomial? q) => !(p == q);
}
