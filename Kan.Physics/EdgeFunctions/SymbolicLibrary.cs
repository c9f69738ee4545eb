namespace Kan.Physics.EdgeFunctions;

/// <summary>
/// An ordered, name-keyed set of <see cref="SymbolicFunction"/> candidates for symbolic regression of KAN edges.
/// </summary>
/// <remarks>
/// Order matters: when two candidates score equally the earlier one wins, so the built-ins (listed simplest-first
/// within each family) are preferred over user additions. Instances are mutable through <see cref="Add"/>, which is why
/// <see cref="CreateDefault"/> returns a fresh library rather than a shared singleton.
/// </remarks>
public sealed class SymbolicLibrary
{
    private readonly List<SymbolicFunction> _functions = [];
    private readonly Dictionary<string, SymbolicFunction> _byName = new(StringComparer.Ordinal);

    /// <summary>The functions in insertion order.</summary>
    public IReadOnlyList<SymbolicFunction> Functions => _functions;

    /// <summary>Number of functions.</summary>
    public int Count => _functions.Count;

    /// <summary>Creates an empty library (use <see cref="CreateDefault"/> for the standard one).</summary>
    public SymbolicLibrary() { }

    /// <summary>Adds a user function; names must be unique so that lookups and printed formulas are unambiguous.</summary>
    public void Add(SymbolicFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (!_byName.TryAdd(function.Name, function))
            throw new ArgumentException($"The library already has a function named '{function.Name}'.", nameof(function));
        _functions.Add(function);
    }

    /// <summary>True if a function with this name exists.</summary>
    public bool Contains(string name) => name is not null && _byName.ContainsKey(name);

    /// <summary>Looks a function up by name without throwing.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SymbolicFunction? function)
    {
        function = null;
        return name is not null && _byName.TryGetValue(name, out function);
    }

    /// <summary>Looks a function up by name; an unknown name throws with the list of valid names, since typos are the usual cause.</summary>
    public SymbolicFunction this[string name] => Get(name);

    /// <summary>Looks a function up by name; an unknown name throws with the list of valid names, since typos are the usual cause.</summary>
    public SymbolicFunction Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out var f)) return f;
        throw new ArgumentException(
            $"Unknown symbolic function '{name}'. Valid names: {string.Join(", ", _functions.Select(g => g.Name))}.", nameof(name));
    }

    /// <summary>
    /// A new library with the standard pykan-like functions and complexities: x, x^2..x^5, 1/x..1/x^5, sqrt, x^1.5,
    /// 1/sqrt, exp, log, sin, cos, tan, tanh, arcsin, arccos, arctan, arctanh, abs, sgn, gaussian, cosh, sigmoid, 0.
    /// </summary>
    public static SymbolicLibrary CreateDefault()
    {
        static bool All(double _) => true;
        const string Reals = "all real x";
        var lib = new SymbolicLibrary();
        void Add(string name, int complexity, Func<double, double> f, Func<double, double> df, Func<double, bool> dom, string domText, string template)
            => lib.Add(new SymbolicFunction(name, complexity, f, df, dom, domText, template));

        Add("x", 1, x => x, _ => 1, All, Reals, "{0}");
        Add("x^2", 2, x => x * x, x => 2 * x, All, Reals, "({0})^2");
        Add("x^3", 3, x => x * x * x, x => 3 * x * x, All, Reals, "({0})^3");
        Add("x^4", 3, x => x * x * x * x, x => 4 * x * x * x, All, Reals, "({0})^4");
        Add("x^5", 3, x => x * x * x * x * x, x => 5 * x * x * x * x, All, Reals, "({0})^5");
        static bool NonZero(double x) => x != 0;
        Add("1/x", 2, x => 1 / x, x => -1 / (x * x), NonZero, "x != 0", "1/({0})");
        Add("1/x^2", 2, x => 1 / (x * x), x => -2 / (x * x * x), NonZero, "x != 0", "1/({0})^2");
        Add("1/x^3", 2, x => 1 / (x * x * x), x => -3 / (x * x * x * x), NonZero, "x != 0", "1/({0})^3");
        Add("1/x^4", 2, x => 1 / (x * x * x * x), x => -4 / (x * x * x * x * x), NonZero, "x != 0", "1/({0})^4");
        Add("1/x^5", 2, x => 1 / (x * x * x * x * x), x => -5 / (x * x * x * x * x * x), NonZero, "x != 0", "1/({0})^5");
        Add("sqrt", 2, Math.Sqrt, x => 0.5 / Math.Sqrt(x), x => x >= 0, "x >= 0", "sqrt({0})");
        Add("x^1.5", 4, x => x * Math.Sqrt(x), x => 1.5 * Math.Sqrt(x), x => x >= 0, "x >= 0", "({0})^1.5");
        Add("1/sqrt", 2, x => 1 / Math.Sqrt(x), x => -0.5 / (x * Math.Sqrt(x)), x => x > 0, "x > 0", "1/sqrt({0})");
        Add("exp", 2, Math.Exp, Math.Exp, All, Reals, "exp({0})");
        Add("log", 2, Math.Log, x => 1 / x, x => x > 0, "x > 0", "log({0})");
        Add("sin", 2, Math.Sin, Math.Cos, All, Reals, "sin({0})");
        Add("cos", 2, Math.Cos, x => -Math.Sin(x), All, Reals, "cos({0})");
        Add("tan", 3, Math.Tan, x => 1 / (Math.Cos(x) * Math.Cos(x)), x => Math.Cos(x) != 0, "cos(x) != 0", "tan({0})");
        Add("tanh", 3, Math.Tanh, x => 1 - Math.Tanh(x) * Math.Tanh(x), All, Reals, "tanh({0})");
        static bool Unit(double x) => x >= -1 && x <= 1;
        Add("arcsin", 4, Math.Asin, x => 1 / Math.Sqrt(1 - x * x), Unit, "|x| <= 1", "arcsin({0})");
        Add("arccos", 4, Math.Acos, x => -1 / Math.Sqrt(1 - x * x), Unit, "|x| <= 1", "arccos({0})");
        Add("arctan", 4, Math.Atan, x => 1 / (1 + x * x), All, Reals, "arctan({0})");
        Add("arctanh", 4, Math.Atanh, x => 1 / (1 - x * x), x => x > -1 && x < 1, "|x| < 1", "arctanh({0})");
        Add("abs", 3, Math.Abs, x => Math.Sign(x), All, Reals, "abs({0})");
        Add("sgn", 3, x => Math.Sign(x), _ => 0, All, Reals, "sgn({0})");
        Add("gaussian", 3, x => Math.Exp(-x * x), x => -2 * x * Math.Exp(-x * x), All, Reals, "exp(-({0})^2)");
        Add("cosh", 5, Math.Cosh, Math.Sinh, All, Reals, "cosh({0})");
        Add("sigmoid", 4, Sigmoid, x => { double s = Sigmoid(x); return s * (1 - s); }, All, Reals, "sigmoid({0})");
        Add("0", 0, _ => 0, _ => 0, All, Reals, "0");
        return lib;

        static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
    }
}
