using Kan.Physics.Problems.Knots;

namespace Kan.Physics.Tests.Knots;

/// <summary>Small knots with their KnotInfo PD codes and published invariants (KnotInfo; signature: the right-handed trefoil has -2).</summary>
internal static class KnotTable
{
    public sealed record Entry(string Name, string Pd, string Jones, string Alexander, int Determinant, int Signature);

    public static readonly Entry[] Knots =
    [
        new("0_1", "", "1", "1", 1, 0),
        new("3_1", "[[1,5,2,4],[3,1,4,6],[5,3,6,2]]", "t+ t^3-t^4", "1-t+t^2", 3, -2),
        new("4_1", "[[4,2,5,1],[8,6,1,5],[6,3,7,4],[2,7,3,8]]", "t^(-2)-t^(-1)+ 1-t+ t^2", "1-3*t+t^2", 5, 0),
        new("5_1", "[[2,8,3,7],[4,10,5,9],[6,2,7,1],[8,4,9,3],[10,6,1,5]]", "t^2+ t^4-t^5+ t^6-t^7", "1-t+t^2-t^3+t^4", 5, -4),
        new("5_2", "[[1,5,2,4],[3,9,4,8],[5,1,6,10],[7,3,8,2],[9,7,10,6]]", "t-t^2+ 2*t^3-t^4+ t^5-t^6", "2-3*t+2*t^2", 7, -2),
        new("6_1", "[[1,7,2,6],[3,10,4,11],[5,3,6,2],[7,1,8,12],[9,4,10,5],[11,9,12,8]]", "t^(-2)-t^(-1)+ 2-2*t+ t^2-t^3+ t^4", "2-5*t+2*t^2", 9, 0),
        // T(3,4), non-alternating
        new("8_19", "[[2,14,3,13],[5,11,6,10],[7,15,8,14],[9,5,10,4],[11,7,12,6],[12,2,13,1],[15,9,16,8],[16,4,1,3]]", "t^3+ t^5-t^8", "1-t+t^3-t^5+t^6", 3, -6),
    ];

    /// <summary>10_132: non-alternating, with the Jones polynomial of the mirrored 5_1 but signature 0 (KnotInfo).</summary>
    public const string Pd10_132 = "[[1,8,2,9],[3,18,4,19],[5,12,6,13],[7,10,8,11],[9,2,10,3],[11,6,12,7],[14,20,15,19],[16,14,17,13],[17,4,18,5],[20,16,1,15]]";

    /// <summary>11n_34, the Conway knot: Alexander polynomial 1, signature 0.</summary>
    public const string Pd11n34 = "[[4,2,5,1],[8,4,9,3],[17,1,18,22],[12,5,13,6],[6,13,7,14],[11,18,12,19],[19,14,20,15],[9,17,10,16],[15,20,16,21],[21,10,22,11],[2,8,3,7]]";

    /// <summary>The Hopf link (KnotTheory's PD), two components.</summary>
    public const string HopfLink = "[[4,1,3,2],[2,3,1,4]]";

    public static PlanarDiagram Diagram(string name) => PlanarDiagram.ParseKnot(Knots.Single(k => k.Name == name).Pd);
}
