namespace Kan.Physics.Expressions;

/// <summary>Tree-walking evaluation; sums and products fold left to right, exactly as the compiled delegates do.</summary>
internal static class Evaluator
{
    public static double Evaluate(Expr e, IReadOnlyDictionary<string, double> values)
    {
        switch (e)
        {
            case Constant c:
                return c.Value;
            case Variable v:
                if (!values.TryGetValue(v.Name, out double x))
                    throw new ArgumentException($"No value given for variable '{v.Name}'.", nameof(values));
                return x;
            case Sum s:
            {
                double acc = Evaluate(s.Terms[0], values);
                for (int i = 1; i < s.Terms.Count; i++) acc += Evaluate(s.Terms[i], values);
                return acc;
            }
            case Product p:
            {
                double acc = Evaluate(p.Factors[0], values);
                for (int i = 1; i < p.Factors.Count; i++) acc *= Evaluate(p.Factors[i], values);
                return acc;
            }
            case Power pw:
                return MathFunctions.Pow(Evaluate(pw.Base, values), Evaluate(pw.Exponent, values));
            case FunctionCall f:
                return f.Info.Evaluate(Evaluate(f.Argument, values));
            default:
                throw new InvalidOperationException($"Unknown expression node {e.GetType().Name}.");
        }
    }
}
