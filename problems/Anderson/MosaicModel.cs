namespace Kan.Physics.Problems.Anderson;

/// <summary>
/// Mosaic model (Wang et al., PRL 125, 196604 (2020)): H = sum (c+_{n+1} c_n + h.c.) + sum V_n n_n with
/// V_n = lambda cos(2 pi b n + phi) on every kappa-th site (n = 0 mod kappa) and 0 elsewhere; kappa = 1 is the
/// Aubry-Andre model. Exact edge: lambda |a_kappa(E)| = 2 with a_kappa(E) = U_{kappa-1}(E/2) (Chebyshev, 2nd kind),
/// localised above. On a Fibonacci ring N is rarely a multiple of kappa, so the mosaic has one seam where two
/// potential sites meet (kappa = 2) or the gap is shorter; that touches O(1) of the N states.
/// </summary>
public sealed class MosaicModel : QuasiperiodicModel
{
    /// <summary>The mosaic period.</summary>
    public int Kappa { get; }

    /// <summary>A mosaic model with period <paramref name="kappa"/> (q = kappa in datasets).</summary>
    public MosaicModel(int kappa)
    {
        if (kappa < 1) throw new ArgumentOutOfRangeException(nameof(kappa), kappa, "the mosaic period must be >= 1");
        Kappa = kappa;
    }

    public override string Name => $"mosaic-k{Kappa}";
    public override string Description => $"mosaic model, kappa = {Kappa}: V_n = lambda cos(2 pi b n + phi) on sites n = 0 mod {Kappa}, else 0 (Wang et al. 2020)";
    public override string ParameterName => "kappa";
    // lambda from 0.5 (edges at |E| = 4 for kappa = 2, all extended) to 5 (most states localised): covers both phases
    public override (double Min, double Max) LambdaRange => (0.5, 5);
    public override (double Min, double Max) ParameterRange => (Kappa, Kappa);

    public override Func<double, double, double, double> OrderParameter => static (e, lambda, kappa) => lambda * Math.Abs(A(CheckKappa(kappa, nameof(kappa)), e)) - 2;

    public override string TheoryFormula =>
        $"g = lambda*|a_kappa(E)| - 2, a_kappa(E) = U_(kappa-1)(E/2) (a_1 = 1, a_2 = E, a_3 = E^2 - 1); localised iff g > 0"
        + (Kappa == 2 ? "; kappa = 2: extended iff |E| < 2/lambda" : Kappa == 3 ? "; kappa = 3: extended iff |E^2 - 1| < 2/lambda" : "");

    /// <summary>a_kappa(E) = U_{kappa-1}(E/2) by the three-term recurrence U_{k+1} = E U_k - U_{k-1}.</summary>
    public static double A(int kappa, double energy)
    {
        if (kappa < 1) throw new ArgumentOutOfRangeException(nameof(kappa), kappa, "the mosaic period must be >= 1");
        double prev = 0, cur = 1; // U_{-1}, U_0
        for (int k = 1; k < kappa; k++) (prev, cur) = (cur, energy * cur - prev);
        return cur;
    }

    public override double[] Hamiltonian(int n, double lambda, double parameter, double phi)
    {
        CheckFinite(lambda, phi);
        int kappa = CheckKappa(parameter, nameof(parameter));
        var theta = FibonacciApproximant.Phases(n, phi);
        var v = new double[n];
        for (int j = 0; j < n; j += kappa) v[j] = lambda * Math.Cos(theta[j]);
        return NearestNeighbourRing(v);
    }

    private static int CheckKappa(double kappa, string name)
    {
        if (!(kappa >= 1 && kappa == Math.Floor(kappa) && kappa <= 64))
            throw new ArgumentOutOfRangeException(name, kappa, "the mosaic period must be an integer in [1, 64]");
        return (int)kappa;
    }
}
