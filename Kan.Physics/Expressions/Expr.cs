using Kan.Physics.EdgeFunctions;
namespace Kan.Physics.Expressions;

/// <summary>
/// An immutable symbolic expression: the closed form a trained KAN (or a formula table) is turned into, so it can be
/// simplified, printed, compiled, scored and compared.
/// </summary>
/// <remarks>
/// <para>
/// There are six node kinds: <see cref="Constant"/>, <see cref="Variable"/>, n-ary <see cref="Sum"/> and
/// <see cref="Product"/>, <see cref="Power"/> and <see cref="FunctionCall"/>. Subtraction and division have no nodes
/// of their own (<c>a - b</c> is <c>a + (-1)*b</c>, <c>a/b</c> is <c>a*b^-1</c>) so that simplification only has to
/// collect terms and factors; the printers turn them back into <c>a - b</c> and <c>a/b</c>.
/// </para>
/// <para>
/// Equality (<see cref="Equals(Expr)"/>, <c>==</c>) is structural and order-sensitive: <c>x + y</c> and <c>y + x</c>
/// differ until <see cref="Simplify"/> has put both into canonical order.
/// </para>
/// </remarks>
public abstract class Expr : IEquatable<Expr>
{
    // Closed hierarchy: the printers, simplifier and compiler switch over the six kinds.
    private protected Expr() { }

    /// <summary>Sub-expressions in order (empty for constants and variables).</summary>
    public abstract IReadOnlyList<Expr> Children { get; }

    /// <summary>Structural equality.</summary>
    public abstract bool Equals(Expr? other);

    /// <inheritdoc/>
    public sealed override bool Equals(object? obj) => obj is Expr e && Equals(e);

    /// <inheritdoc/>
    public abstract override int GetHashCode();

    /// <summary>Structural equality (not numerical equality; see <see cref="NumericallyEqual"/>).</summary>
    public static bool operator ==(Expr? a, Expr? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(Expr? a, Expr? b) => !(a == b);

    /// <summary>A number as a constant, so that <c>2 * x</c> reads naturally.</summary>
    public static implicit operator Expr(double value) => new Constant(value);

    /// <summary><c>a + b</c> (no simplification).</summary>
    public static Expr operator +(Expr a, Expr b) => Add(a, b);

    /// <summary><c>a - b</c> as <c>a + (-1)*b</c>.</summary>
    public static Expr operator -(Expr a, Expr b) => Subtract(a, b);

    /// <summary><c>a * b</c>.</summary>
    public static Expr operator *(Expr a, Expr b) => Multiply(a, b);

    /// <summary><c>a / b</c> as <c>a * b^-1</c>.</summary>
    public static Expr operator /(Expr a, Expr b) => Divide(a, b);

    /// <summary><c>-a</c>.</summary>
    public static Expr operator -(Expr a) => Negate(a);

    // ---------------------------------------------------------------- construction

    /// <summary>The constant pi.</summary>
    public static Expr Pi => Constant.Pi;

    /// <summary>Euler's number e.</summary>
    public static Expr E => Constant.E;

    /// <summary>A numeric constant.</summary>
    public static Expr Const(double value) => new Constant(value);

    /// <summary>A variable.</summary>
    public static Expr Var(string name) => new Variable(name);

    /// <summary>The sum of the terms: 0 for none, the term itself for one, a <see cref="Sum"/> otherwise; nested sums are spliced in.</summary>
    public static Expr Add(params Expr[] terms) => Add((IEnumerable<Expr>)terms);

    /// <summary>The sum of the terms: 0 for none, the term itself for one, a <see cref="Sum"/> otherwise; nested sums are spliced in.</summary>
    public static Expr Add(IEnumerable<Expr> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var list = new List<Expr>();
        foreach (var t in terms)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(terms));
            if (t is Sum s) list.AddRange(s.Terms); else list.Add(t);
        }
        return list.Count switch { 0 => new Constant(0), 1 => list[0], _ => new Sum(list) };
    }

    /// <summary>The product of the factors: 1 for none, the factor itself for one, a <see cref="Product"/> otherwise; nested products are spliced in.</summary>
    public static Expr Multiply(params Expr[] factors) => Multiply((IEnumerable<Expr>)factors);

    /// <summary>The product of the factors: 1 for none, the factor itself for one, a <see cref="Product"/> otherwise; nested products are spliced in.</summary>
    public static Expr Multiply(IEnumerable<Expr> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        var list = new List<Expr>();
        foreach (var f in factors)
        {
            ArgumentNullException.ThrowIfNull(f, nameof(factors));
            if (f is Product p) list.AddRange(p.Factors); else list.Add(f);
        }
        return list.Count switch { 0 => new Constant(1), 1 => list[0], _ => new Product(list) };
    }

    /// <summary><c>base^exponent</c>.</summary>
    public static Expr Pow(Expr @base, Expr exponent) => new Power(@base, exponent);

    /// <summary>A function call by name or alias (e.g. <c>"ln"</c>).</summary>
    public static Expr Call(string function, Expr argument) => new FunctionCall(function, argument);

    /// <summary><c>-a</c>: a negated number for a number, the coefficient negated for a product with one, else <c>(-1)*a</c>.</summary>
    public static Expr Negate(Expr a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a is Constant { IsNumber: true } c) return new Constant(-c.Value);
        if (a is Product p)
        {
            if (p.Factors[0] is Constant { IsNumber: true } k)
                return k.Value == -1 ? Multiply(p.Factors.Skip(1)) : Multiply([new Constant(-k.Value), .. p.Factors.Skip(1)]);
            return new Product([new Constant(-1), .. p.Factors]);
        }
        return new Product(new Constant(-1), a);
    }

    /// <summary><c>a - b</c> as <c>a + (-b)</c>.</summary>
    public static Expr Subtract(Expr a, Expr b) => Add(a, Negate(b));

    /// <summary><c>a / b</c> as <c>a * b^-1</c>.</summary>
    public static Expr Divide(Expr a, Expr b) => Multiply(a, new Power(b, new Constant(-1)));

    /// <summary>The tree for the default-library function named <paramref name="name"/> (e.g. <c>"x^2"</c>, <c>"1/sqrt"</c>, <c>"sin"</c>) of <paramref name="argument"/>.</summary>
    public static Expr FromLibrary(string name, Expr argument)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(argument);
        if (TryFromLibraryName(name, argument, out var e)) return e;
        throw new ArgumentException($"'{name}' is not a default library function.", nameof(name));
    }

    internal static bool TryFromLibraryName(string name, Expr u, out Expr result)
    {
        static Expr P(Expr u, double k) => new Power(u, new Constant(k));
        result = name switch
        {
            "x" => u,
            "x^2" => P(u, 2), "x^3" => P(u, 3), "x^4" => P(u, 4), "x^5" => P(u, 5),
            "1/x" => P(u, -1), "1/x^2" => P(u, -2), "1/x^3" => P(u, -3), "1/x^4" => P(u, -4), "1/x^5" => P(u, -5),
            "x^1.5" => P(u, 1.5), "1/sqrt" => P(u, -0.5),
            "0" => new Constant(0),
            _ => KnownFunctions.TryGet(name, out var info) && info.Name == name ? new FunctionCall(name, u) : null!,
        };
        return result is not null;
    }

    // ---------------------------------------------------------------- parsing

    /// <summary>
    /// Parses a formula such as <c>exp(-(theta/sigma)**2/2)/(sqrt(2*pi)*sigma)</c>.
    /// </summary>
    /// <param name="text">Numbers (<c>2</c>, <c>.5</c>, <c>1e-3</c>), identifiers, <c>pi</c> and <c>e</c>,
    /// <c>+ - * /</c>, <c>^</c> or <c>**</c> (right-associative, binding tighter than unary minus), parentheses and
    /// calls of known functions or their aliases.</param>
    /// <param name="variables">If given, the only identifiers accepted as variables (a listed <c>e</c> or <c>pi</c> is a
    /// variable, not the constant); if null, every identifier that is not a function or constant is a variable.</param>
    /// <exception cref="ExpressionParseException">With the zero-based position and the problem.</exception>
    public static Expr Parse(string text, IReadOnlyCollection<string>? variables = null)
        => ExpressionParser.Parse(text, variables);

    // ---------------------------------------------------------------- evaluation

    /// <summary>The value at the given variable values (tree walk; use <see cref="Compile"/> for many points).</summary>
    public double Evaluate(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Evaluator.Evaluate(this, values);
    }

    /// <summary>
    /// Compiles to a delegate taking the variable values in <paramref name="variableOrder"/> order; it computes exactly
    /// what <see cref="Evaluate"/> does (same operations in the same order).
    /// </summary>
    public Func<double[], double> Compile(IReadOnlyList<string> variableOrder) => ExpressionCompiler.Compile(this, variableOrder);

    // ---------------------------------------------------------------- transformation

    /// <summary>Simplifies; see <see cref="SimplifyOptions"/> for what may change the value and by how much.</summary>
    public Expr Simplify(SimplifyOptions? options = null) => new Simplifier(options ?? SimplifyOptions.Default).Run(this);

    /// <summary>The derivative with respect to <paramref name="variable"/>, simplified with <see cref="SimplifyOptions.Exact"/>.</summary>
    public Expr Differentiate(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return Differentiator.Differentiate(this, variable).Simplify(SimplifyOptions.Exact);
    }

    /// <summary>Replaces every occurrence of the variable <paramref name="name"/> by <paramref name="replacement"/>.</summary>
    public Expr Substitute(string name, Expr replacement)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(replacement);
        return Substitute(new Dictionary<string, Expr>(StringComparer.Ordinal) { [name] = replacement });
    }

    /// <summary>Replaces variables by expressions, all at once (a replacement is not substituted into again).</summary>
    public Expr Substitute(IReadOnlyDictionary<string, Expr> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        return Map(this, e => e is Variable v && replacements.TryGetValue(v.Name, out var r) ? r : null);
    }

    /// <summary>Rebuilds the tree bottom-up, replacing a node where <paramref name="replace"/> returns non-null (its children are not visited then).</summary>
    internal static Expr Map(Expr e, Func<Expr, Expr?> replace)
    {
        var r = replace(e);
        if (r is not null) return r;
        switch (e)
        {
            case Sum s:
            {
                var terms = s.Terms.Select(t => Map(t, replace)).ToArray();
                return terms.AsSpan().SequenceEqual(s.Terms.ToArray()) ? e : new Sum(terms);
            }
            case Product p:
            {
                var factors = p.Factors.Select(f => Map(f, replace)).ToArray();
                return factors.AsSpan().SequenceEqual(p.Factors.ToArray()) ? e : new Product(factors);
            }
            case Power pw:
            {
                var b = Map(pw.Base, replace); var x = Map(pw.Exponent, replace);
                return ReferenceEquals(b, pw.Base) && ReferenceEquals(x, pw.Exponent) ? e : new Power(b, x);
            }
            case FunctionCall f:
            {
                var a = Map(f.Argument, replace);
                return ReferenceEquals(a, f.Argument) ? e : new FunctionCall(f.Name, a);
            }
            default:
                return e;
        }
    }

    // ---------------------------------------------------------------- inspection

    /// <summary>The distinct variable names, sorted ordinally.</summary>
    public IReadOnlyList<string> Variables
    {
        get
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var n in Nodes()) if (n is Variable v) set.Add(v.Name);
            return [.. set];
        }
    }

    /// <summary>
    /// The values of the plain-number constants (not <c>pi</c>, <c>e</c>) in pre-order (a node before its children,
    /// children left to right), exponents included: <c>1.5*x^2</c> gives [1.5, 2]. The order matches
    /// <see cref="WithNumericConstants"/>, so constants can be read, refitted and written back.
    /// </summary>
    public IReadOnlyList<double> NumericConstants
        => [.. Nodes().OfType<Constant>().Where(c => c.IsNumber).Select(c => c.Value)];

    /// <summary>The same tree with its plain-number constants replaced, in the order of <see cref="NumericConstants"/>.</summary>
    public Expr WithNumericConstants(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int count = NumericConstants.Count;
        if (values.Count != count)
            throw new ArgumentException($"The expression has {count} numeric constants, got {values.Count} values.", nameof(values));
        int next = 0;
        return MapPreOrder(this);

        // Children are rebuilt left to right, so constants are consumed in the pre-order of Nodes().
        Expr MapPreOrder(Expr e) => e switch
        {
            Constant { IsNumber: true } => new Constant(values[next++]),
            Sum s => new Sum(s.Terms.Select(MapPreOrder).ToArray()),
            Product p => new Product(p.Factors.Select(MapPreOrder).ToArray()),
            Power pw => new Power(MapPreOrder(pw.Base), MapPreOrder(pw.Exponent)),
            FunctionCall f => new FunctionCall(f.Name, MapPreOrder(f.Argument)),
            _ => e,
        };
    }

    /// <summary>Number of nodes, a simple complexity measure for ranking candidate formulas.</summary>
    public int NodeCount => Nodes().Count();

    /// <summary>All nodes in pre-order.</summary>
    public IEnumerable<Expr> Nodes()
    {
        var stack = new Stack<Expr>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            var ch = e.Children;
            for (int i = ch.Count - 1; i >= 0; i--) stack.Push(ch[i]);
        }
    }

    // ---------------------------------------------------------------- printing

    /// <summary>Plain text that <see cref="Parse"/> reads back, with minimal parentheses: <c>x*y + sin(pi*x)</c>, <c>1/(x + 1)</c>, <c>x - y</c>.</summary>
    public sealed override string ToString() => PlainPrinter.Instance.Print(this);

    /// <summary>LaTeX: <c>\sin\left(\pi x\right)</c>, <c>\frac{1}{x + 1}</c>, <c>x^{2}</c>, <c>\sqrt{x}</c>, <c>e^{x}</c>, <c>\theta</c>, <c>x_{1}</c>.</summary>
    public string ToLatex() => LatexPrinter.Instance.Print(this);

    // ---------------------------------------------------------------- numerical comparison

    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> agree on random points; see
    /// <see cref="CompareNumerically"/> for the exact rule.
    /// </summary>
    public static bool NumericallyEqual(Expr a, Expr b, IReadOnlyDictionary<string, (double Min, double Max)> ranges,
        int points = 100, double relativeTolerance = 1e-9, int seed = 0)
        => CompareNumerically(a, b, ranges, points, relativeTolerance, seed).Equal;

    /// <summary>
    /// Compares two expressions on <paramref name="points"/> points drawn uniformly from the box
    /// <paramref name="ranges"/> with a generator seeded by <paramref name="seed"/>.
    /// </summary>
    /// <remarks>
    /// A point where both values are non-finite (NaN or infinite, e.g. outside a shared domain) is skipped; a point
    /// where exactly one is non-finite is a mismatch. Elsewhere the error is <c>|a - b| / max(|a|, |b|, 1e-6*s)</c>,
    /// where <c>s</c> is the root mean square of all finite values of both: relative where the values are of their
    /// usual size, but not blown up by round-off where a formula crosses zero. The expressions are equal when every
    /// error is at most <paramref name="relativeTolerance"/> and at least one point was compared.
    /// </remarks>
    public static NumericComparison CompareNumerically(Expr a, Expr b, IReadOnlyDictionary<string, (double Min, double Max)> ranges,
        int points = 100, double relativeTolerance = 1e-9, int seed = 0)
        => NumericComparer.Compare(a, b, ranges, points, relativeTolerance, seed);

    private protected static int HashChildren(int kind, Expr[] children)
    {
        var h = new HashCode();
        h.Add(kind);
        foreach (var c in children) h.Add(c.GetHashCode());
        return h.ToHashCode();
    }
}
