using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// A physics-informed problem: the PDE, its collocation points, its boundary and initial conditions, the weight of the
/// PDE term, and (optionally) a reference solution to measure errors against. Reads like the maths: geometry gives the
/// points, the PDE and conditions say what must hold there.
/// </summary>
public sealed class PinnProblem
{
    public PinnProblem(Pde pde, double[] collocationPoints, IEnumerable<Condition> conditions, double interiorWeight = 1.0, ReferenceSolution? reference = null,
        IEnumerable<PeriodicCondition>? periodic = null, OutputTransform? transform = null, InputTransform? input = null)
    {
        ArgumentNullException.ThrowIfNull(pde);
        ArgumentNullException.ThrowIfNull(conditions);
        Pde = pde;
        Conditions = conditions.ToArray();
        if (!double.IsFinite(interiorWeight) || interiorWeight < 0) throw new ArgumentOutOfRangeException(nameof(interiorWeight), interiorWeight, "The interior weight must be finite and >= 0.");
        InteriorWeight = interiorWeight;
        CollocationPoints = CheckPoints(collocationPoints, nameof(collocationPoints));
        pde.CheckDeclaredSizes(CollocationPoints.AsSpan(0, pde.Dimension), nameof(pde));
        foreach (var c in Conditions)
        {
            if (c is null) throw new ArgumentException("A condition is null.", nameof(conditions));
            if (c.Points.Length % pde.Dimension != 0)
                throw new ArgumentException($"Condition '{c.Name}' has {c.Points.Length} coordinates, not a multiple of the PDE's {pde.Dimension} coordinates.", nameof(conditions));
            if (c.Normals != null && c.Normals.Length != c.Points.Length / pde.Dimension * pde.SpatialDimension)
                throw new ArgumentException($"Condition '{c.Name}' has {c.Normals.Length} normal components for {c.Points.Length / pde.Dimension} points in {pde.SpatialDimension} spatial dimension(s).", nameof(conditions));
            CheckSizes(c, pde);
        }
        Periodic = periodic?.ToArray() ?? [];
        foreach (var c in Periodic)
        {
            if (c.PointsA.Length % pde.Dimension != 0)
                throw new ArgumentException($"Periodic condition '{c.Name}' has {c.PointsA.Length} coordinates, not a multiple of the PDE's {pde.Dimension}.", nameof(periodic));
            if (c.Axis >= pde.Dimension) throw new ArgumentException($"Periodic condition '{c.Name}' uses axis {c.Axis}; the PDE has {pde.Dimension} coordinates.", nameof(periodic));
            if (c.Field >= pde.Fields) throw new ArgumentException($"Periodic condition '{c.Name}' uses field {c.Field}; the PDE has {pde.Fields}.", nameof(periodic));
        }
        Transform = transform;
        if (transform != null && Periodic.Count > 0)
            throw new ArgumentException("Periodic conditions act on the network itself and cannot be combined with an output transform; build periodicity into the transform instead.", nameof(transform));
        Input = input;
        if (input != null && input.Dimension != pde.Dimension)
            throw new ArgumentException($"The input embedding takes {input.Dimension} coordinates; the PDE has {pde.Dimension}.", nameof(input));
        if (input != null && Periodic.Count > 0)
            throw new ArgumentException("Periodic conditions act on the network itself and cannot be combined with an input embedding; make the embedding periodic instead.", nameof(input));
        if (reference != null && (reference.Dimension != pde.Dimension || reference.Fields != pde.Fields))
            throw new ArgumentException($"The reference solution has {reference.Dimension} coordinates and {reference.Fields} fields; the PDE has {pde.Dimension} and {pde.Fields}.", nameof(reference));
        Reference = reference;
        Unknowns = new UnknownParameters(pde.Parameters, pde.CoefficientFields, pde.CoefficientFields.Count > 0 ? Ranges(pde.Dimension) : null);
    }

    /// <summary>The range of every coordinate over the collocation and condition points (a coordinate with one value gets +-1 around it).</summary>
    private (double Lo, double Hi)[] Ranges(int d)
    {
        var ranges = Enumerable.Repeat((Lo: double.PositiveInfinity, Hi: double.NegativeInfinity), d).ToArray();
        foreach (var points in Conditions.Select(c => c.Points).Prepend(CollocationPoints))
            for (int s = 0; s < points.Length / d; s++)
                for (int a = 0; a < d; a++)
                    ranges[a] = (Math.Min(ranges[a].Lo, points[s * d + a]), Math.Max(ranges[a].Hi, points[s * d + a]));
        for (int a = 0; a < d; a++)
            if (!(ranges[a].Hi > ranges[a].Lo)) ranges[a] = (ranges[a].Lo - 1, ranges[a].Lo + 1);
        return ranges;
    }

    /// <summary>
    /// The PDE's coefficient fields' current values at N x D <paramref name="points"/>: the declared start before a
    /// solve, the identified fields after it (see <see cref="Pde.CoefficientFields"/>).
    /// </summary>
    public double[] CoefficientValues(string name, double[] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int f = Array.IndexOf(Unknowns.FieldNames, name);
        if (f < 0) throw new ArgumentException($"The PDE has no coefficient field '{name}' (it has {(Unknowns.FieldNames.Length > 0 ? string.Join(", ", Unknowns.FieldNames) : "none")}).", nameof(name));
        if (points.Length % Pde.Dimension != 0) throw new ArgumentException($"{points.Length} coordinates are not a multiple of the PDE's {Pde.Dimension}.", nameof(points));
        Unknowns.Sync();
        return Unknowns.FieldValues(f, points);
    }

    /// <summary>The PDE's unknown coefficients during a solve (their current values; see <see cref="Pde.Parameters"/>).</summary>
    internal UnknownParameters Unknowns { get; }

    /// <summary>
    /// The current values of the PDE's unknown coefficients by name: the declared initial values before a solve, the
    /// identified ones after it (empty for a fully known PDE).
    /// </summary>
    public IReadOnlyDictionary<string, double> ParameterValues => Unknowns.Snapshot();

    public Pde Pde { get; }
    /// <summary>N x D interior points where the PDE residual is minimised (replaced by adaptive resampling).</summary>
    public double[] CollocationPoints { get; private set; }
    public IReadOnlyList<Condition> Conditions { get; }
    public IReadOnlyList<PeriodicCondition> Periodic { get; }
    /// <summary>Weight of the PDE term: the paper's alpha, the problem modules' <c>alpha</c> setting (conditions carry their own weights).</summary>
    public double InteriorWeight { get; }
    public ReferenceSolution? Reference { get; }
    /// <summary>The hard constraint u = A + B N, or null when the network is the solution.</summary>
    public OutputTransform? Transform { get; }
    /// <summary>The input embedding z = Map(x) the network sees, or null when it sees the coordinates.</summary>
    public InputTransform? Input { get; }
    /// <summary>The network's input width: the embedding's, or the PDE's coordinates.</summary>
    public int NetworkInputDimension => Input?.EmbeddedDimension ?? Pde.Dimension;
    /// <summary>The network inputs for N x D points (embedded when there is an embedding).</summary>
    public double[] NetworkInputs(double[] points) => Input is { } e ? e.Embed(points) : points;

    /// <summary>
    /// Runs a condition once at its first point and names it when it reads a field the PDE does not have or writes
    /// more components than it declares (see <see cref="Pde.CheckDeclaredSizes"/>).
    /// </summary>
    private static void CheckSizes(Condition c, Pde pde)
    {
        var normal = c.Normals is { } n ? n.AsSpan(0, pde.SpatialDimension) : default;
        if (ResidualShape.Needed(c, c.Points.AsSpan(0, pde.Dimension), normal, pde.Fields, c.Equations, pde.SpatialDimension,
                pde.ParameterNames, pde.Parameters.Select(q => q.Initial).ToArray(), pde.CoefficientNames) is not { } needed) return;
        if (needed.Fields > pde.Fields)
            throw new ArgumentException($"Condition '{c.Name}' reads field {needed.Fields - 1} but the PDE {pde.GetType().Name} has {pde.Fields} field(s) (fields: in its constructor).", "conditions");
        if (needed.Equations > c.Equations)
            throw new ArgumentException($"Condition '{c.Name}' ({c.GetType().Name}) writes {needed.Equations} residual components but declares Equations = {c.Equations}.", "conditions");
    }

    internal void ReplaceCollocationPoints(double[] points) => CollocationPoints = CheckPoints(points, nameof(points));

    private double[] CheckPoints(double[] points, string name)
    {
        ArgumentNullException.ThrowIfNull(points, name);
        if (points.Length == 0) throw new ArgumentException("There are no collocation points (is the domain empty?).", name);
        if (points.Length % Pde.Dimension != 0)
            throw new ArgumentException($"{points.Length} coordinates are not a multiple of the PDE's {Pde.Dimension} coordinates.", name);
        foreach (double v in points) if (!double.IsFinite(v)) throw new ArgumentException($"A collocation point has a non-finite coordinate ({v}).", name);
        return points;
    }
}
