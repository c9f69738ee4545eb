using Kan.Physics.Expressions;

namespace Kan.Physics.Solvers.Discovery;

/// <summary>A term of a discovered equation with its coefficient and the coefficient's standard error.</summary>
public sealed record DiscoveredTerm(CandidateTerm Term, double Coefficient, double StandardError);

/// <summary>
/// A discovered equation <c>Target = sum_i c_i term_i</c> (e.g. <c>u_t = -1.00*u*u_x + 0.100*u_xx</c>), with the
/// relative held-out error of the regression that chose it.
/// </summary>
public sealed record DiscoveredEquation(string Target, IReadOnlyList<DiscoveredTerm> Terms, double HeldOutError)
{
    /// <summary>The right-hand side as an expression, coefficients rounded to <paramref name="digits"/> significant digits.</summary>
    public Expr RightHandSide(int digits = 4)
        => Terms.Count == 0 ? Expr.Const(0) : Expr.Add(Terms.Select(t => Expr.Const(Round(t.Coefficient, digits)) * t.Term.Expression));

    /// <summary>The equation as text, e.g. <c>u_t = -u*u_x + 0.1*u_xx</c>.</summary>
    public string ToText(int digits = 4) => $"{Target} = {RightHandSide(digits).Simplify()}";

    /// <summary>The equation in LaTeX.</summary>
    public string ToLatex(int digits = 4) => $"{Expr.Var(Target).ToLatex()} = {RightHandSide(digits).Simplify().ToLatex()}";

    /// <summary>The names of the terms, in library order.</summary>
    public IEnumerable<string> TermNames => Terms.Select(t => t.Term.Name);

    /// <inheritdoc/>
    public override string ToString() => ToText();

    private static double Round(double v, int digits)
    {
        if (v == 0 || !double.IsFinite(v)) return v;
        // through text, so the printed constant is the short decimal (0.09949, not 0.09949000000000001)
        return double.Parse(v.ToString("G" + Math.Clamp(digits, 1, 17), System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The discovered equation for one target and the runner-up models, best first.</summary>
public sealed record EquationSearchResult(DiscoveredEquation Chosen, IReadOnlyList<DiscoveredEquation> Candidates, SparseRegressionResult Regression);

/// <summary>Sparse regression of a time derivative on a <see cref="TermLibrary"/>: the library's side of PDE discovery.</summary>
public static class EquationSearch
{
    /// <summary>
    /// Finds <paramref name="target"/> (a column of <paramref name="columns"/>, e.g. <c>u_t</c>) as a sparse combination
    /// of the library's terms evaluated on the same columns.
    /// </summary>
    public static EquationSearchResult Run(TermLibrary library, IReadOnlyDictionary<string, double[]> columns, string target, SparseRegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(columns);
        if (!columns.TryGetValue(target, out var y)) throw new ArgumentException($"No values were given for the target '{target}'.", nameof(target));
        var x = library.Evaluate(columns);
        for (int c = 0; c < x.Length; c++)
        {
            int bad = Array.FindIndex(x[c], v => !double.IsFinite(v));
            if (bad >= 0) throw new ArgumentException($"The term '{library.Terms[c].Name}' is {x[c][bad]} at point {bad}.", nameof(columns));
        }
        return Run(library, x, y, target, options);
    }

    /// <summary>
    /// Finds <paramref name="target"/> as a sparse combination of the library's terms given as columns
    /// <paramref name="x"/> (one per term, each as long as <paramref name="y"/>), e.g. their weak-form integrals.
    /// </summary>
    public static EquationSearchResult Run(TermLibrary library, double[][] x, double[] y, string target, SparseRegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != library.Terms.Count) throw new ArgumentException($"{x.Length} columns for {library.Terms.Count} library terms.", nameof(x));
        var result = SparseRegression.Fit(x, y, options);
        DiscoveredEquation Equation(SparseModel m) => new(target,
            m.Terms.Select((c, j) => new DiscoveredTerm(library.Terms[c], m.Coefficients[j], m.StandardErrors[j])).ToList(), m.HeldOutError);
        return new EquationSearchResult(Equation(result.Chosen), result.Ranked.Select(Equation).ToList(), result);
    }
}
