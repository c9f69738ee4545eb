using System.Numerics;

namespace Kan.Physics.Problems.Knots;

/// <summary>
/// Numeric features of a knot for learning its signature from other invariants (the offline stand-in for the DeepMind
/// task): diagram counts, determinant, Jones and Alexander data. All are knot invariants except the crossing count and
/// writhe, which belong to the diagram; they are kept because, with the Jones degrees, they give the signature of
/// alternating diagrams exactly (sigma = w - (min deg V + max deg V)).
/// </summary>
public static class KnotFeatures
{
    /// <summary>Feature names, in the column order of <see cref="Of"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "crossings", "writhe", "log_det", "jones_min_deg", "jones_max_deg", "jones_sign_at_minus1",
        "jones_first", "jones_second", "jones_last", "alexander_half_span", "alexander_a1",
    ];

    /// <summary>The features of one knot's invariants, in the order of <see cref="Names"/>.</summary>
    public static double[] Of(KnotInvariantSet k)
    {
        ArgumentNullException.ThrowIfNull(k);
        var jones = k.Jones.Coefficients;
        var alex = k.Alexander.Coefficients;
        // V(-1) is a real integer with |V(-1)| = det and sign (-1)^(sigma/2): it carries sigma mod 4
        double vMinus1 = k.Jones.Evaluate(new Complex(-1, 0)).Real;
        return
        [
            k.Crossings,
            k.Writhe,
            Math.Log(Math.Max(1, k.Determinant)),
            k.Jones.MinDegree,
            k.Jones.MaxDegree,
            Math.Sign(vMinus1),
            jones.Count > 0 ? jones[0] : 0,
            jones.Count > 1 ? jones[1] : 0,
            jones.Count > 0 ? jones[^1] : 0,
            (alex.Count - 1) / 2.0,
            alex.Count > 1 ? alex[1] : 0,
        ];
    }
}
