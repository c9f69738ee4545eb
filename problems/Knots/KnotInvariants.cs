using System.Numerics;

namespace Kan.Physics.Problems.Knots;

/// <summary>Invariants of knots given by planar diagrams: Jones, Alexander, determinant, signature and Jones values.</summary>
public static class KnotInvariants
{
    /// <summary>e^(2 pi i / 3), where the Jones polynomial of every knot is 1.</summary>
    public static readonly Complex Omega = Complex.FromPolarCoordinates(1, 2 * Math.PI / 3);

    /// <summary>All invariants of a knot diagram.</summary>
    /// <exception cref="ArgumentException">The diagram is a link.</exception>
    public static KnotInvariantSet Compute(PlanarDiagram diagram)
    {
        PlanarDiagram.RequireKnot(diagram, nameof(diagram));
        var jones = JonesFromBracket(KauffmanBracket(diagram), diagram.Writhe);
        var alexander = Knots.AlexanderPolynomial.Compute(diagram);
        long determinant = DeterminantOf(alexander);
        return new KnotInvariantSet(
            diagram.CrossingCount,
            diagram.Writhe,
            determinant,
            GoeritzSignature.Compute(diagram),
            alexander,
            jones,
            JonesAbsAt(jones, -1),
            JonesAbsAt(jones, Omega),
            JonesAbsAt(jones, Complex.ImaginaryOne));
    }

    /// <summary>Kauffman bracket &lt;D&gt; in A with &lt;O&gt; = 1 (any diagram, links included).</summary>
    public static LaurentPolynomial KauffmanBracket(PlanarDiagram diagram)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        return Knots.KauffmanBracket.Compute(diagram);
    }

    /// <summary>Jones polynomial V(t) = (-A^3)^(-w) &lt;D&gt; with A = t^(-1/4).</summary>
    /// <exception cref="ArgumentException">The diagram is a link (its Jones polynomial has half-integer powers).</exception>
    public static LaurentPolynomial Jones(PlanarDiagram diagram)
    {
        PlanarDiagram.RequireKnot(diagram, nameof(diagram));
        return JonesFromBracket(Knots.KauffmanBracket.Compute(diagram), diagram.Writhe);
    }

    private static LaurentPolynomial JonesFromBracket(LaurentPolynomial bracket, int writhe)
    {
        // (-A^3)^(-w) <D>: A-exponent e - 3w, then t-exponent -(e - 3w) / 4
        if (bracket.IsZero) return bracket;
        int lo = bracket.MinDegree - 3 * writhe, hi = bracket.MaxDegree - 3 * writhe;
        var c = new long[(hi - lo) / 4 + 1];
        long sign = (writhe & 1) == 0 ? 1 : -1;
        for (int e = bracket.MinDegree; e <= bracket.MaxDegree; e++)
        {
            long v = bracket[e];
            if (v == 0) continue;
            int shifted = e - 3 * writhe;
            if (((shifted - lo) & 3) != 0 || (lo & 3) != 0)
                throw new InvalidOperationException($"Kauffman bracket term A^{e} does not give an integer power of t (writhe {writhe})");
            c[(hi - shifted) / 4] = sign * v;
        }
        return new LaurentPolynomial(-hi / 4, c);
    }

    /// <summary>Alexander polynomial, KnotInfo normalisation (lowest power t^0, positive constant term).</summary>
    public static LaurentPolynomial Alexander(PlanarDiagram diagram)
    {
        PlanarDiagram.RequireKnot(diagram, nameof(diagram));
        return Knots.AlexanderPolynomial.Compute(diagram);
    }

    /// <summary>Determinant |Delta(-1)|.</summary>
    public static long Determinant(PlanarDiagram diagram) => DeterminantOf(Alexander(diagram));

    private static long DeterminantOf(LaurentPolynomial alexander) => checked((long)BigInteger.Abs(alexander.Evaluate(new BigInteger(-1))));

    /// <summary>Signature (Gordon-Litherland); the right-handed trefoil has -2.</summary>
    public static int Signature(PlanarDiagram diagram)
    {
        PlanarDiagram.RequireKnot(diagram, nameof(diagram));
        return GoeritzSignature.Compute(diagram);
    }

    /// <summary>|V(t)| at a complex point.</summary>
    public static double JonesAbsAt(LaurentPolynomial jones, Complex t)
    {
        ArgumentNullException.ThrowIfNull(jones);
        return jones.Evaluate(t).Magnitude;
    }
}
