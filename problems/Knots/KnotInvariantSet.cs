namespace Kan.Physics.Problems.Knots;

/// <summary>The invariants computed for one knot diagram (see <see cref="KnotInvariants.Compute"/>).</summary>
/// <param name="Crossings">Crossings of the diagram (an upper bound for the crossing number).</param>
/// <param name="Writhe">Writhe of the diagram (not a knot invariant; needed to normalise the bracket).</param>
/// <param name="Determinant">|Delta(-1)| = |V(-1)|.</param>
/// <param name="Signature">Signature, sign(V + V^T) convention: the right-handed trefoil has -2.</param>
/// <param name="Alexander">Alexander polynomial, KnotInfo normalisation (lowest power t^0, positive constant term).</param>
/// <param name="Jones">Jones polynomial V(t).</param>
/// <param name="JonesAbsAtMinusOne">|V(-1)| (equal to the determinant).</param>
/// <param name="JonesAbsAtOmega">|V(e^(2 pi i / 3))| (1 for every knot).</param>
/// <param name="JonesAbsAtI">|V(i)| (1 for every knot; V(i) = (-1)^Arf).</param>
public sealed record KnotInvariantSet(
    int Crossings,
    int Writhe,
    long Determinant,
    int Signature,
    LaurentPolynomial Alexander,
    LaurentPolynomial Jones,
    double JonesAbsAtMinusOne,
    double JonesAbsAtOmega,
    double JonesAbsAtI)
{
    /// <summary>
    /// Jones + Alexander + signature as one string. Knots with different keys are certainly different knot types (a
    /// chiral knot and its mirror image differ when their Jones polynomials do); equal keys can still hide different
    /// knots (e.g. mutants), so counting distinct keys gives a lower bound on the number of distinct knots.
    /// </summary>
    public string DistinctnessKey => $"{Jones}|{Alexander}|{Signature}";
}
