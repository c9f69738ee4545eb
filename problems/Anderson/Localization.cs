namespace Kan.Physics.Problems.Anderson;

/// <summary>
/// Localisation measures of an eigenstate (KAN paper Eqs. 4.2-4.3): the inverse participation ratio
/// IPR = sum |psi_n|^4 / (sum |psi_n|^2)^2 and the fractal dimension D = -log(IPR) / log(N), which is 1 for a state
/// spread evenly over the chain (IPR = 1/N) and 0 for one on a single site (IPR = 1).
/// </summary>
public static class Localization
{
    /// <summary>
    /// States with D below this are labelled localised. 0.5 sits midway between the two finite-size clusters (extended
    /// D ~ 0.75-0.95, localised D ~ 0.05-0.3 at N = 233..987), so the label is least sensitive to the choice there; the
    /// paper does not state its threshold.
    /// </summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>IPR of <paramref name="psi"/>; the state need not be normalised.</summary>
    public static double InverseParticipationRatio(ReadOnlySpan<double> psi)
    {
        double s2 = 0, s4 = 0;
        foreach (double x in psi)
        {
            double x2 = x * x;
            s2 += x2;
            s4 += x2 * x2;
        }
        if (!(s2 > 0)) throw new ArgumentException($"state has norm^2 {s2}; the IPR needs a non-zero finite state", nameof(psi));
        return s4 / (s2 * s2);
    }

    /// <summary>D = -log(IPR) / log(N) for a state on <paramref name="n"/> sites.</summary>
    public static double FractalDimension(double ipr, int n)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), n, "needs at least 2 sites");
        if (!(ipr > 0 && ipr <= 1 + 1e-12)) throw new ArgumentOutOfRangeException(nameof(ipr), ipr, "an IPR lies in [1/N, 1]");
        return -Math.Log(ipr) / Math.Log(n);
    }

    /// <summary>D of <paramref name="psi"/> (its length is N).</summary>
    public static double FractalDimension(ReadOnlySpan<double> psi) => FractalDimension(InverseParticipationRatio(psi), psi.Length);

    /// <summary>The label: localised when D &lt; <paramref name="threshold"/>.</summary>
    public static bool IsLocalized(double fractalDimension, double threshold = DefaultThreshold) => fractalDimension < threshold;
}
