using Kan.Physics.Jets;
using Kan.Physics.Networks;
using Kan.Physics.Optimization;
using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// One term of a PINN loss: its name in the history, the network inputs it is evaluated at, the loss the network sees
/// (through the problem's output transform and input embedding, when there are), and the residual loss on the
/// solution inside it, whose point weights the weighting strategies set.
/// </summary>
internal sealed record LossTerm(string Name, double[] Inputs, IJetLoss Loss, ResidualLoss Residual)
{
    /// <summary>The pointwise residual the term squares (the PDE or a condition).</summary>
    public IResidualFunction? Function { get; init; }

    /// <summary>The term's points (coordinates, N x D).</summary>
    public double[] Points { get; init; } = [];

    /// <summary>The points' normals, or null.</summary>
    public double[]? Normals { get; init; }
}

/// <summary>
/// The loss <see cref="PinnSolver"/> minimises for a <see cref="PinnProblem"/>: the PDE term (divided by a scale, see
/// <see cref="PinnOptions.NormalizePde"/>), one term per condition and the periodic conditions. Its terms are rebuilt
/// when the collocation points are replaced (adaptive resampling).
/// </summary>
internal sealed class PinnLoss
{
    /// <summary>Name of the PDE term in the history.</summary>
    public const string PdeTerm = "pde";

    private readonly double _pdeScale;

    public PinnLoss(PinnProblem problem, double pdeScale)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Problem = problem;
        _pdeScale = pdeScale;
        Terms = Build();
    }

    public PinnProblem Problem { get; }

    /// <summary>The PDE term first, then one per condition (names made unique by a number).</summary>
    public IReadOnlyList<LossTerm> Terms { get; private set; }

    /// <summary>The PDE term at the collocation points.</summary>
    public LossTerm Pde => Terms[0];

    /// <summary>How often the collocation points were replaced; what belongs to the old points is stale when it changed.</summary>
    public int Generation { get; private set; }

    /// <summary>Replaces the problem's collocation points and rebuilds the terms (their point weights start unset).</summary>
    public void ReplaceCollocationPoints(double[] points)
    {
        Problem.ReplaceCollocationPoints(points);
        Terms = Build();
        Generation++;
    }

    /// <summary>The objective on <paramref name="network"/>: the sum of the terms and its gradient.</summary>
    /// <remarks>
    /// With unknown coefficients the objective's vector is the network's parameters followed by the coefficients'
    /// coordinates theta (see <see cref="UnknownParameters"/>); their gradient is the residuals' partial derivatives
    /// with respect to the values, summed over every term, times d value / d theta.
    /// </remarks>
    public Objective Objective(KanNetwork network)
    {
        int n = network.ParameterCount;
        var scratch = new double[n];
        var unknowns = Problem.Unknowns;
        int np = unknowns.Count;
        bool fields = unknowns.Fields.Count > 0;
        return (x, g) =>
        {
            network.SetParameters(x[..n]);
            x[n..].CopyTo(unknowns.Theta);
            unknowns.Sync();
            g.Clear();
            var gn = g[..n];
            var gp = g[n..];
            double total = 0;
            foreach (var term in Terms)
            {
                if (term.Residual.Functional is { } functional)
                {
                    total += Functional(network, term, functional, scratch, gn, gp);
                    continue;
                }
                term.Residual.PrepareCoefficients();
                total += network.Evaluate(term.Inputs, term.Loss, scratch).Loss;
                for (int p = 0; p < n; p++) gn[p] += scratch[p];
                if (np > 0) term.Residual.AddParameterGradient(gp);
                if (fields) term.Residual.AddCoefficientGradient(gp);
            }
            for (int k = 0; k < np; k++) gp[k] *= unknowns.Slope(k);
            foreach (var c in Problem.Periodic) total += c.Evaluate(network, gn);
            return total;
        };
    }

    /// <summary>The total and each term's value (periodic conditions under unique names) at the network's parameters.</summary>
    public (double Total, Dictionary<string, double> Terms) Values(KanNetwork network)
    {
        var values = new Dictionary<string, double>();
        double total = 0;
        Problem.Unknowns.Sync();
        foreach (var term in Terms)
        {
            double v;
            if (term.Residual.Functional is { } functional) v = Functional(network, term, functional, null, default, default);
            else
            {
                term.Residual.PrepareCoefficients();
                v = network.Evaluate(term.Inputs, term.Loss, default).Loss;
            }
            values[term.Name] = v;
            total += v;
        }
        foreach (var c in Problem.Periodic)
        {
            double v = c.Evaluate(network, default);
            string name = c.Name;
            for (int i = 2; values.ContainsKey(name); i++) name = $"{c.Name}{i}";
            values[name] = v;
            total += v;
        }
        return (total, values);
    }

    /// <summary>The residuals R_j of an integral observation's functionals at the network's parameters (its integrands evaluated on the term's points).</summary>
    private static double[] FunctionalResiduals(KanNetwork network, LossTerm term, IntegralObservation functional)
    {
        var residual = term.Residual;
        residual.Seeds = null;
        residual.PrepareCoefficients();
        network.Evaluate(term.Inputs, term.Loss, default);
        return functional.Residuals(residual.Integrands);
    }

    /// <summary>
    /// An integral observation's term, <c>Weight / J sum_j R_j^2</c>, and (when <paramref name="scratch"/> is given)
    /// its gradient added to the network's part <paramref name="gn"/> and the unknowns' part <paramref name="gp"/>
    /// (d loss / d value of each scalar, then the coefficient networks' parameters): a second evaluation seeded with
    /// <c>2 Weight / J R_j q_i</c> at each point i of functional j, since d R_j = sum_i q_i d g_i.
    /// </summary>
    private static double Functional(KanNetwork network, LossTerm term, IntegralObservation functional, double[]? scratch, Span<double> gn, Span<double> gp)
    {
        var r = FunctionalResiduals(network, term, functional);
        double scale = functional.Weight / r.Length, loss = 0;
        foreach (double v in r) loss += scale * v * v;
        if (scratch is null) return loss;
        var residual = term.Residual;
        var seeds = new double[functional.Groups.Count];
        for (int i = 0; i < seeds.Length; i++) seeds[i] = 2 * scale * r[functional.Groups[i]] * functional.QuadratureWeights[i];
        residual.Seeds = seeds;
        try
        {
            residual.PrepareCoefficients();
            network.Evaluate(term.Inputs, term.Loss, scratch);
            for (int p = 0; p < gn.Length; p++) gn[p] += scratch[p];
            residual.AddParameterGradient(gp);
            residual.AddCoefficientGradient(gp);
        }
        finally { residual.Seeds = null; }
        return loss;
    }

    /// <summary>Every point the network sees (collocation and condition points, embedded when there is an embedding), for grid updates.</summary>
    public double[] GridSamples()
        => Problem.NetworkInputs(Problem.CollocationPoints.Concat(Problem.Conditions.SelectMany(c => c.Points)).ToArray());

    /// <summary>A term on <paramref name="points"/>: <paramref name="residual"/> seen through the problem's output transform and input embedding.</summary>
    private LossTerm Term(string name, ResidualLoss residual, double[] points)
    {
        var problem = Problem;
        var pde = problem.Pde;
        IJetLoss loss = problem.Transform is { } t ? new TransformedLoss(residual, t, points, pde.Dimension, pde.Fields) : residual;
        if (problem.Input is { } e) loss = new EmbeddedLoss(loss, e, points);
        // the inputs are the network's (embedded when there is an embedding); the losses see the coordinates
        return new LossTerm(name, problem.NetworkInputs(points), loss, residual);
    }

    private List<LossTerm> Build()
    {
        var problem = Problem;
        var pde = problem.Pde;
        var points = problem.CollocationPoints;
        var terms = new List<LossTerm>
        {
            Term(PdeTerm, new ResidualLoss(pde, points, null, pde.Dimension, pde.SpatialDimension, pde.Fields, problem.InteriorWeight / _pdeScale) { Parameters = problem.Unknowns }, points)
                with { Function = pde, Points = points },
        };
        var names = new HashSet<string> { PdeTerm };
        foreach (var c in problem.Conditions)
        {
            string name = c.Name;
            for (int i = 2; !names.Add(name); i++) name = $"{c.Name}{i}";
            terms.Add(Term(name, new ResidualLoss(c, c.Points, c.Normals, pde.Dimension, pde.SpatialDimension, pde.Fields, c.Weight)
                    { Parameters = problem.Unknowns, Functional = c as IntegralObservation }, c.Points)
                with { Function = c, Points = c.Points, Normals = c.Normals });
        }
        return terms;
    }

    /// <summary>
    /// The Jacobian rows of <paramref name="term"/>'s residuals at the network's parameters: for each point s and
    /// residual component q, <paramref name="onRow"/> receives s, the row (d r_q / d network parameters, then
    /// d r_q / d value of each unknown coefficient, then d r_q / d each coefficient field network's parameters; reused
    /// between calls) and r_q^2. One single-point evaluation each.
    /// </summary>
    public void Rows(KanNetwork network, LossTerm term, Action<int, double[], double> onRow)
    {
        var pde = Problem.Pde;
        var f = term.Function ?? throw new InvalidOperationException($"Term '{term.Name}' has no residual function.");
        var unknowns = Problem.Unknowns;
        unknowns.Sync();
        int d = pde.Dimension, sd = pde.SpatialDimension, n = network.ParameterCount, np = unknowns.Count;
        int count = term.Points.Length / d;
        var row = new double[n + unknowns.CoordinateCount];
        if (term.Residual.Functional is { } functional)
        {
            // one row per functional: d R_j = sum_{i in j} q_i d g_i, the term's own loss seeded with q_i on j's points
            var r = FunctionalResiduals(network, term, functional);
            var residual = term.Residual;
            var seeds = new double[count];
            try
            {
                for (int j = 0; j < r.Length; j++)
                {
                    for (int i = 0; i < count; i++) seeds[i] = functional.Groups[i] == j ? functional.QuadratureWeights[i] : 0;
                    residual.Seeds = seeds;
                    Array.Clear(row);
                    residual.PrepareCoefficients();
                    network.Evaluate(term.Inputs, term.Loss, row.AsSpan(0, n));
                    residual.AddParameterGradient(row.AsSpan(n));
                    residual.AddCoefficientGradient(row.AsSpan(n));
                    onRow(j, row, r[j] * r[j]);
                }
            }
            finally { residual.Seeds = null; }
            return;
        }
        for (int s = 0; s < count; s++)
        {
            var point = term.Points[(s * d)..(s * d + d)];
            var normal = term.Normals?[(s * sd)..(s * sd + sd)];
            for (int q = 0; q < f.Equations; q++)
            {
                var single = new ResidualLoss(new ComponentOf(f, q), point, normal, d, sd, pde.Fields) { Parameters = Problem.Unknowns, Linear = true, IndexOffset = s };
                var wrapped = Term(term.Name, single, point);
                Array.Clear(row);
                single.PrepareCoefficients();
                double squared = network.Evaluate(wrapped.Inputs, wrapped.Loss, row.AsSpan(0, n)).Loss;
                single.AddParameterGradient(row.AsSpan(n));
                single.AddCoefficientGradient(row.AsSpan(n));
                onRow(s, row, squared);
            }
        }
    }

    /// <summary>Component <c>q</c> of a residual as a residual of its own.</summary>
    private sealed class ComponentOf(IResidualFunction inner, int q) : IResidualFunction
    {
        public int Equations => 1;
        public int Order => inner.Order;
        public void Evaluate<T>(PdePoint<T> point, Span<T> residuals) where T : unmanaged, IPdeNumber<T>
        {
            Span<T> all = stackalloc T[inner.Equations];
            all.Clear();
            inner.Evaluate(point, all);
            residuals[0] = all[q];
        }
    }
}
