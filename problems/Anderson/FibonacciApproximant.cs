namespace Kan.Physics.Problems.Anderson;

/// <summary>
/// Periodic approximants of the golden-ratio quasiperiodic potential: on a ring of N = F_k sites the frequency
/// b = (1+sqrt 5)/2 is replaced by F_{k+1}/F_k, so cos(2 pi b n + phi) is exactly N-periodic and periodic boundaries
/// create no defect in the potential (an irrational b would put a phase jump at the seam).
/// </summary>
public static class FibonacciApproximant
{
    /// <summary>The system sizes used for datasets and benchmarks.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [233, 377, 610, 987];

    /// <summary>F_{k+1} for <paramref name="n"/> = F_k, the numerator of the approximant b = F_{k+1}/F_k.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is not a Fibonacci number of at least 3.</exception>
    public static int Numerator(int n)
    {
        long a = 2, b = 3; // F_3, F_4
        while (a < n) (a, b) = (b, a + b);
        if (a != n || n < 3) throw new ArgumentOutOfRangeException(nameof(n), n, "the chain length must be a Fibonacci number >= 3 (3, 5, 8, ..., 233, 377, 610, 987, ...)");
        return checked((int)b);
    }

    /// <summary>Whether <paramref name="n"/> is a Fibonacci number of at least 3.</summary>
    public static bool IsFibonacci(int n)
    {
        long a = 2, b = 3;
        while (a < n) (a, b) = (b, a + b);
        return n >= 3 && a == n;
    }

    /// <summary>
    /// The phases theta_j = 2 pi b j + phi, j = 0..n-1, with b = F_{k+1}/n; the product F_{k+1} j is reduced mod n in
    /// integers first so the phase carries no rounding growing with j.
    /// </summary>
    public static double[] Phases(int n, double phi)
    {
        long numerator = Numerator(n);
        var theta = new double[n];
        for (int j = 0; j < n; j++) theta[j] = 2 * Math.PI * (numerator * j % n) / n + phi;
        return theta;
    }
}
