using Kan.Physics.Expressions;

namespace Kan.Physics.Solvers.Discovery;

/// <summary>A candidate term of a PDE's right-hand side: its name (as printed in the PDE) and its expression.</summary>
/// <param name="Name">The term as text, e.g. <c>u*u_x</c>.</param>
/// <param name="Expression">The term as an expression over the field, derivative and coordinate names.</param>
public sealed record CandidateTerm(string Name, Expr Expression);

/// <summary>
/// The candidate terms of a sparse regression: products of a monomial of the fields (degree 0 to
/// <c>maxPower</c>) with at most one spatial derivative of a field, plus terms the user writes as expressions.
/// </summary>
/// <remarks>
/// Derivative names join the field and the coordinates: <c>u_x</c>, <c>u_xx</c>, <c>u_xy</c>, <c>v_yyyy</c>
/// (<see cref="DerivativeName"/>). This is PDE-FIND's library (Rudy et al. 2017): polynomial terms times derivative terms.
/// </remarks>
public sealed class TermLibrary
{
    /// <summary>The terms in column order.</summary>
    public IReadOnlyList<CandidateTerm> Terms { get; }

    /// <summary>The names each term may read: fields, derivatives and coordinates.</summary>
    public IReadOnlyList<string> Variables { get; }

    private readonly Func<double[], double>[] _compiled;

    /// <summary>A library of the given terms over the given variables (every variable a term reads must be listed).</summary>
    public TermLibrary(IReadOnlyList<CandidateTerm> terms, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(variables);
        if (terms.Count == 0) throw new ArgumentException("The library needs at least one term.", nameof(terms));
        var names = new HashSet<string>();
        foreach (var t in terms)
            if (!names.Add(t.Name)) throw new ArgumentException($"The term '{t.Name}' appears twice in the library.", nameof(terms));
        Terms = terms.ToArray();
        Variables = variables.ToArray();
        _compiled = new Func<double[], double>[Terms.Count];
        for (int c = 0; c < Terms.Count; c++)
        {
            var unknown = Terms[c].Expression.Nodes().OfType<Variable>().Select(v => v.Name).Where(n => !Variables.Contains(n)).ToArray();
            if (unknown.Length > 0)
                throw new ArgumentException($"The term '{Terms[c].Name}' reads {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which is not among the available names ({string.Join(", ", Variables)}).", nameof(terms));
            _compiled[c] = Terms[c].Expression.Compile(Variables);
        }
    }

    /// <summary>The name of a derivative: the field, an underscore and one coordinate name per differentiation.</summary>
    public static string DerivativeName(string field, IEnumerable<string> coordinates) => field + "_" + string.Concat(coordinates);

    /// <summary>
    /// PDE-FIND's standard library: every monomial of <paramref name="fields"/> of degree 0 to <paramref name="maxPower"/>,
    /// each alone and times each of <paramref name="derivatives"/>, then the <paramref name="userTerms"/> (expression
    /// text over <paramref name="variables"/>). The constant term is named <c>1</c>.
    /// </summary>
    public static TermLibrary Polynomial(IReadOnlyList<string> fields, IReadOnlyList<string> derivatives, int maxPower,
        IReadOnlyList<string> variables, IReadOnlyList<string>? userTerms = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(derivatives);
        if (maxPower < 0) throw new ArgumentOutOfRangeException(nameof(maxPower), maxPower, "The highest power must be >= 0.");
        var monomials = Monomials(fields, maxPower);
        var terms = new List<CandidateTerm>();
        foreach (var (name, expr) in monomials) terms.Add(new CandidateTerm(name, expr));
        foreach (var dname in derivatives)
            foreach (var (name, expr) in monomials)
                terms.Add(name == "1" ? new CandidateTerm(dname, Expr.Var(dname)) : new CandidateTerm(name + "*" + dname, expr * Expr.Var(dname)));
        foreach (var text in userTerms ?? [])
        {
            Expr e;
            try { e = Expr.Parse(text, variables.ToArray()); }
            catch (Exception ex) when (ex is ExpressionParseException or ArgumentException)
            {
                throw new ArgumentException($"The library term '{text}' is not a valid expression over {string.Join(", ", variables)}: {ex.Message}", nameof(userTerms), ex);
            }
            string name = text.Replace(" ", "", StringComparison.Ordinal);
            if (terms.Any(t => t.Name == name)) continue;
            terms.Add(new CandidateTerm(name, e));
        }
        return new TermLibrary(terms, variables);
    }

    /// <summary>Monomials of the fields of total degree 0..maxPower, lowest degree first, e.g. 1, u, v, u^2, u*v, v^2.</summary>
    private static List<(string Name, Expr Expr)> Monomials(IReadOnlyList<string> fields, int maxPower)
    {
        var result = new List<(string, Expr)> { ("1", Expr.Const(1)) };
        var previous = new List<(int[] Powers, int Last)> { (new int[fields.Count], 0) };
        for (int degree = 1; degree <= maxPower; degree++)
        {
            var next = new List<(int[] Powers, int Last)>();
            foreach (var (powers, last) in previous)
                for (int f = last; f < fields.Count; f++)
                {
                    var p = (int[])powers.Clone();
                    p[f]++;
                    next.Add((p, f));
                }
            foreach (var (p, _) in next)
            {
                var factors = new List<Expr>();
                var parts = new List<string>();
                for (int f = 0; f < fields.Count; f++)
                {
                    if (p[f] == 0) continue;
                    factors.Add(p[f] == 1 ? Expr.Var(fields[f]) : Expr.Pow(Expr.Var(fields[f]), Expr.Const(p[f])));
                    parts.Add(p[f] == 1 ? fields[f] : $"{fields[f]}^{p[f]}");
                }
                result.Add((string.Join("*", parts), Expr.Multiply(factors)));
            }
            previous = next;
        }
        return result;
    }

    /// <summary>
    /// The library matrix at N points: result[c][i] = term c at point i, from the named columns (each of length N).
    /// Every variable of the library must be given.
    /// </summary>
    public double[][] Evaluate(IReadOnlyDictionary<string, double[]> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int n = -1;
        var source = new double[Variables.Count][];
        for (int v = 0; v < Variables.Count; v++)
        {
            if (!columns.TryGetValue(Variables[v], out var col)) throw new ArgumentException($"No values were given for '{Variables[v]}'.", nameof(columns));
            if (n >= 0 && col.Length != n) throw new ArgumentException($"'{Variables[v]}' has {col.Length} values; the others have {n}.", nameof(columns));
            n = col.Length;
            source[v] = col;
        }
        var result = new double[Terms.Count][];
        for (int c = 0; c < Terms.Count; c++) result[c] = new double[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Networks.KanNetwork.MaxDegreeOfParallelism }, () => new double[Variables.Count], (i, _, row) =>
        {
            for (int v = 0; v < row.Length; v++) row[v] = source[v][i];
            for (int c = 0; c < _compiled.Length; c++) result[c][i] = _compiled[c](row);
            return row;
        }, _ => { });
        return result;
    }
}
