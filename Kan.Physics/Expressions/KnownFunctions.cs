using System.Reflection;

namespace Kan.Physics.Expressions;

/// <summary>The table of supported functions and their aliases.</summary>
internal static class KnownFunctions
{
    private static readonly Dictionary<string, FunctionInfo> ByName = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["ln"] = "log", ["asin"] = "arcsin", ["acos"] = "arccos", ["atan"] = "arctan", ["atanh"] = "arctanh",
        ["asinh"] = "arcsinh", ["acosh"] = "arccosh", ["arsinh"] = "arcsinh", ["arcosh"] = "arccosh", ["artanh"] = "arctanh",
        ["sign"] = "sgn",
    };

    public static IReadOnlyList<string> Names { get; }

    static KnownFunctions()
    {
        static Expr One() => new Constant(1);
        static Expr Sq(Expr u) => new Power(u, new Constant(2));
        Add("sin", typeof(Math), "Sin", +1, @"\sin", u => new FunctionCall("cos", u));
        Add("cos", typeof(Math), "Cos", -1, @"\cos", u => Expr.Negate(new FunctionCall("sin", u)));
        Add("tan", typeof(Math), "Tan", +1, @"\tan", u => Expr.Add(One(), Sq(new FunctionCall("tan", u))));
        Add("exp", typeof(Math), "Exp", 0, null, u => new FunctionCall("exp", u));
        Add("log", typeof(Math), "Log", 0, @"\log", u => new Power(u, new Constant(-1)));
        Add("sqrt", typeof(Math), "Sqrt", 0, null, u => Expr.Multiply(new Constant(0.5), new Power(u, new Constant(-0.5))));
        Add("abs", typeof(Math), "Abs", -1, null, u => new FunctionCall("sgn", u));
        Add("sgn", typeof(MathFunctions), nameof(MathFunctions.Sgn), +1, @"\operatorname{sgn}", _ => new Constant(0));
        Add("tanh", typeof(Math), "Tanh", +1, @"\tanh", u => Expr.Subtract(One(), Sq(new FunctionCall("tanh", u))));
        Add("sinh", typeof(Math), "Sinh", +1, @"\sinh", u => new FunctionCall("cosh", u));
        Add("cosh", typeof(Math), "Cosh", -1, @"\cosh", u => new FunctionCall("sinh", u));
        Add("arcsin", typeof(Math), "Asin", +1, @"\arcsin", u => new Power(Expr.Subtract(One(), Sq(u)), new Constant(-0.5)));
        Add("arccos", typeof(Math), "Acos", 0, @"\arccos", u => Expr.Negate(new Power(Expr.Subtract(One(), Sq(u)), new Constant(-0.5))));
        Add("arctan", typeof(Math), "Atan", +1, @"\arctan", u => new Power(Expr.Add(One(), Sq(u)), new Constant(-1)));
        Add("arctanh", typeof(Math), "Atanh", +1, null, u => new Power(Expr.Subtract(One(), Sq(u)), new Constant(-1)));
        Add("arcsinh", typeof(Math), "Asinh", +1, null, u => new Power(Expr.Add(Sq(u), One()), new Constant(-0.5)));
        Add("arccosh", typeof(Math), "Acosh", 0, null, u => new Power(Expr.Subtract(Sq(u), One()), new Constant(-0.5)));
        Add("sigmoid", typeof(MathFunctions), nameof(MathFunctions.Sigmoid), 0, null,
            u => Expr.Multiply(new FunctionCall("sigmoid", u), Expr.Subtract(One(), new FunctionCall("sigmoid", u))));
        Add("gaussian", typeof(MathFunctions), nameof(MathFunctions.Gaussian), -1, null,
            u => Expr.Multiply(new Constant(-2), u, new FunctionCall("gaussian", u)));
        Names = [.. ByName.Keys];
    }

    private static void Add(string name, Type type, string method, int parity, string? latex, Func<Expr, Expr> derivative)
    {
        var m = type.GetMethod(method, BindingFlags.Public | BindingFlags.Static, [typeof(double)])
            ?? throw new InvalidOperationException($"Method {type.Name}.{method}(double) not found.");
        ByName.Add(name, new FunctionInfo
        {
            Name = name, Method = m, Evaluate = m.CreateDelegate<Func<double, double>>(), Parity = parity,
            LatexCommand = latex, Derivative = derivative,
        });
    }

    public static bool TryGet(string nameOrAlias, out FunctionInfo info)
    {
        if (Aliases.TryGetValue(nameOrAlias, out var canonical)) nameOrAlias = canonical;
        return ByName.TryGetValue(nameOrAlias, out info!);
    }

    public static bool IsKnown(string nameOrAlias) => Aliases.ContainsKey(nameOrAlias) || ByName.ContainsKey(nameOrAlias);
}
