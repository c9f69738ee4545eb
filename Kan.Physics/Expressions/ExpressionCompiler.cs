using System.Linq.Expressions;
using System.Reflection;
using LinqExpression = System.Linq.Expressions.Expression;

namespace Kan.Physics.Expressions;

/// <summary>Compiles an <see cref="Expr"/> to a delegate with System.Linq.Expressions.</summary>
/// <remarks>
/// The generated code performs the same floating-point operations in the same order as <see cref="Evaluator"/>
/// (left folds, <see cref="MathFunctions.Pow"/>, the same function methods), so compiled and interpreted values are
/// identical; only integer exponents 1, 2 and -1 are inlined, and those match <see cref="MathFunctions.Pow"/>'s own shortcuts.
/// </remarks>
internal static class ExpressionCompiler
{
    private static readonly MethodInfo PowMethod = typeof(MathFunctions).GetMethod(nameof(MathFunctions.Pow))!;

    public static Func<double[], double> Compile(Expr e, IReadOnlyList<string> variableOrder)
    {
        ArgumentNullException.ThrowIfNull(variableOrder);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < variableOrder.Count; i++)
        {
            string? name = variableOrder[i];
            if (name is null) throw new ArgumentException($"Variable name {i} is null.", nameof(variableOrder));
            if (!index.TryAdd(name, i)) throw new ArgumentException($"Variable '{name}' appears twice in the variable order.", nameof(variableOrder));
        }
        foreach (var v in e.Variables)
            if (!index.ContainsKey(v))
                throw new ArgumentException($"Variable '{v}' of the expression is not in the variable order [{string.Join(", ", variableOrder)}].", nameof(variableOrder));

        var p = LinqExpression.Parameter(typeof(double[]), "x");
        var body = Build(e, p, index);
        return LinqExpression.Lambda<Func<double[], double>>(body, p).Compile();
    }

    private static LinqExpression Build(Expr e, ParameterExpression p, Dictionary<string, int> index)
    {
        switch (e)
        {
            case Constant c:
                return LinqExpression.Constant(c.Value);
            case Variable v:
                return LinqExpression.ArrayIndex(p, LinqExpression.Constant(index[v.Name]));
            case Sum s:
            {
                var acc = Build(s.Terms[0], p, index);
                for (int i = 1; i < s.Terms.Count; i++) acc = LinqExpression.Add(acc, Build(s.Terms[i], p, index));
                return acc;
            }
            case Product pr:
            {
                var acc = Build(pr.Factors[0], p, index);
                for (int i = 1; i < pr.Factors.Count; i++) acc = LinqExpression.Multiply(acc, Build(pr.Factors[i], p, index));
                return acc;
            }
            case Power pw:
            {
                var b = Build(pw.Base, p, index);
                if (pw.Exponent is Constant k)
                {
                    if (k.Value == 1) return b;
                    if (k.Value == 2 || k.Value == -1)
                    {
                        var t = LinqExpression.Variable(typeof(double), "t");
                        LinqExpression value = k.Value == 2
                            ? LinqExpression.Multiply(t, t)
                            : LinqExpression.Divide(LinqExpression.Constant(1.0), t);
                        return LinqExpression.Block([t], LinqExpression.Assign(t, b), value);
                    }
                }
                return LinqExpression.Call(PowMethod, b, Build(pw.Exponent, p, index));
            }
            case FunctionCall f:
                return LinqExpression.Call(f.Info.Method, Build(f.Argument, p, index));
            default:
                throw new InvalidOperationException($"Unknown expression node {e.GetType().Name}.");
        }
    }
}
