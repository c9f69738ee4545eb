using Kan.Physics.EdgeFunctions;
using Kan.Physics.Expressions;

namespace Kan.Physics.EdgeFunctions;

/// <summary>
/// Expression trees of library functions and snapped edges: <c>Expr.FromLibrary(function, argument)</c> and
/// <c>Expr.FromEdge(function, a, b, c, d, input)</c>. They live here, not on <see cref="Expr"/>, so that the expression
/// algebra knows nothing of KAN edges (Expressions comes before EdgeFunctions in the core's dependency order).
/// </summary>
public static class EdgeExpressions
{
    extension(Expr)
    {
        /// <summary>
        /// The tree for library function <paramref name="function"/> applied to <paramref name="argument"/>, e.g.
        /// <c>x^2</c> gives <c>argument^2</c> and <c>1/sqrt</c> gives <c>argument^-0.5</c>.
        /// </summary>
        /// <remarks>
        /// Functions outside the default library are translated by parsing their print template with a placeholder
        /// argument, so a user function whose template uses known functions (e.g. <c>"sinh({0})"</c>) works too.
        /// </remarks>
        public static Expr FromLibrary(SymbolicFunction function, Expr argument)
        {
            ArgumentNullException.ThrowIfNull(function);
            ArgumentNullException.ThrowIfNull(argument);
            if (Expr.TryFromLibraryName(function.Name, argument, out var e)) return e;
            const string Placeholder = "__arg";
            Expr template;
            try
            {
                template = Expr.Parse(function.Format(Placeholder), [Placeholder]);
            }
            catch (ExpressionParseException ex)
            {
                throw new ArgumentException($"Library function '{function.Name}' has no expression form: its template '{function.Template}' does not parse ({ex.Problem}).", nameof(function), ex);
            }
            return template.Substitute(Placeholder, argument);
        }

        /// <summary>
        /// One snapped KAN edge, <c>c*f(a*x + b) + d</c>, unsimplified (call <see cref="Expr.Simplify"/> on the composed formula).
        /// </summary>
        public static Expr FromEdge(SymbolicFunction function, double a, double b, double c, double d, Expr input)
        {
            ArgumentNullException.ThrowIfNull(input);
            var inner = Expr.Add(Expr.Multiply(new Constant(a), input), new Constant(b));
            return Expr.Add(Expr.Multiply(new Constant(c), Expr.FromLibrary(function, inner)), new Constant(d));
        }
    }
}
