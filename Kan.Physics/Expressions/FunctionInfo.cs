using System.Reflection;

namespace Kan.Physics.Expressions;

/// <summary>Everything the expression code needs to know about one named function.</summary>
internal sealed class FunctionInfo
{
    public required string Name { get; init; }
    public required MethodInfo Method { get; init; }
    public required Func<double, double> Evaluate { get; init; }
    /// <summary>+1 odd (f(-x) = -f(x)), -1 even (f(-x) = f(x)), 0 neither.</summary>
    public required int Parity { get; init; }
    /// <summary>LaTeX command such as <c>\sin</c>; null means <c>\operatorname{name}</c>.</summary>
    public string? LatexCommand { get; init; }
    /// <summary>f'(u) as an expression in u.</summary>
    public required Func<Expr, Expr> Derivative { get; init; }
}
