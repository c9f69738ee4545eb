namespace Kan.Physics.Expressions;

/// <summary>Symbolic differentiation (unsimplified; <see cref="Expr.Differentiate"/> simplifies the result).</summary>
internal static class Differentiator
{
    public static Expr Differentiate(Expr e, string x)
    {
        switch (e)
        {
            case Constant:
                return new Constant(0);
            case Variable v:
                return new Constant(v.Name == x ? 1 : 0);
            case Sum s:
                return Expr.Add(s.Terms.Select(t => Differentiate(t, x)));
            case Product p:
            {
                var terms = new List<Expr>();
                for (int i = 0; i < p.Factors.Count; i++)
                {
                    if (!Depends(p.Factors[i], x)) continue;
                    var factors = p.Factors.ToList();
                    factors[i] = Differentiate(p.Factors[i], x);
                    terms.Add(Expr.Multiply(factors));
                }
                return Expr.Add(terms);
            }
            case Power pw:
            {
                var db = Differentiate(pw.Base, x);
                if (!Depends(pw.Exponent, x))
                    return Expr.Multiply(pw.Exponent, new Power(pw.Base, Expr.Subtract(pw.Exponent, new Constant(1))), db);
                // d(b^g) = b^g * (g' log b + g b'/b)
                var dg = Differentiate(pw.Exponent, x);
                return Expr.Multiply(pw, Expr.Add(
                    Expr.Multiply(dg, new FunctionCall("log", pw.Base)),
                    Expr.Multiply(pw.Exponent, db, new Power(pw.Base, new Constant(-1)))));
            }
            case FunctionCall f:
                return Expr.Multiply(f.Info.Derivative(f.Argument), Differentiate(f.Argument, x));
            default:
                throw new InvalidOperationException($"Unknown expression node {e.GetType().Name}.");
        }
    }

    private static bool Depends(Expr e, string x) => e.Nodes().Any(n => n is Variable v && v.Name == x);
}
