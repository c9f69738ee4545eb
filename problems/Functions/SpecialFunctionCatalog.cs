namespace Kan.Physics.Problems.Functions;

/// <summary>
/// The 15 special-function benchmarks of the KAN paper's Table 1 (Liu et al. 2024, section 3.2), with the paper's
/// reported RMSEs, for comparison tables. Values of the table were transcribed from two OCR copies of the paper.
/// </summary>
/// <remarks>
/// The paper states neither the input ranges nor which output of ellipj it fitted, and pykan has no script for this
/// benchmark. The boxes here follow the third-party reproductions: x, y uniform on [0, 1], except the argument y of
/// yv and kv on [0.1, 1] (both are singular at 0); the networks there see the inputs rescaled to [-1, 1]. For ellipj
/// the first output, sn, is used. On these boxes every entry is finite and real (jv and iv see z &gt;= 0, ellipj
/// m in [0, 1], lpmv x in [0, 1]).
/// </remarks>
public static class SpecialFunctionCatalog
{
    private const string BoxNote = "Input box not stated by the paper; [0,1]^2 as in third-party reproductions.";

    /// <summary>The entries in the order of Table 1.</summary>
    public static IReadOnlyList<SpecialFunctionBenchmark> Entries { get; } =
    [
        Entry("ellipj_sn", "Jacobian elliptic functions", "ellipj(x, y)[0] (sn)",
            (x, y) => SpecialFunctions.Ellipj(x, y).Sn, 0, 1, 0, 1, [2, 2, 1], 7.29e-3, [2, 3, 2, 1, 1, 1], 1.33e-4, 6.48e-4,
            "The paper does not say which output of ellipj it fitted; sn is used here. One OCR copy gives the best shape as [2,3,2,1,1]. " + BoxNote),
        Entry("ellipkinc", "Incomplete elliptic integral of the first kind", "ellipkinc(x, y)",
            SpecialFunctions.Ellipkinc, 0, 1, 0, 1, [2, 2, 1, 1], 1.00e-3, [2, 2, 1, 1, 1], 1.24e-4, 5.52e-4, BoxNote),
        Entry("ellipeinc", "Incomplete elliptic integral of the second kind", "ellipeinc(x, y)",
            SpecialFunctions.Ellipeinc, 0, 1, 0, 1, [2, 2, 1, 1], 8.36e-5, [2, 2, 1, 1], 8.26e-5, 3.04e-4, BoxNote),
        Entry("jv", "Bessel function of the first kind", "jv(x, y)",
            SpecialFunctions.Jv, 0, 1, 0, 1, [2, 2, 1], 4.93e-3, [2, 3, 1, 1, 1], 1.64e-3, 5.52e-3, BoxNote),
        Entry("yv", "Bessel function of the second kind", "yv(x, y)",
            SpecialFunctions.Yv, 0, 1, 0.1, 1, [2, 3, 1], 1.89e-3, [2, 2, 2, 1], 1.49e-5, 3.45e-4,
            "Input box not stated by the paper; y in [0.1,1] keeps away from the singularity at 0, as in third-party reproductions."),
        Entry("kv", "Modified Bessel function of the second kind", "kv(x, y)",
            SpecialFunctions.Kv, 0, 1, 0.1, 1, [2, 1, 1], 4.89e-3, [2, 2, 1], 2.52e-5, 1.67e-4,
            "Input box not stated by the paper; y in [0.1,1] keeps away from the singularity at 0, as in third-party reproductions."),
        Entry("iv", "Modified Bessel function of the first kind", "iv(x, y)",
            SpecialFunctions.Iv, 0, 1, 0, 1, [2, 4, 3, 2, 1, 1], 9.28e-3, [2, 4, 3, 2, 1, 1], 9.28e-3, 1.07e-2, BoxNote),
        Entry("lpmv_m0", "Associated Legendre function (m=0)", "lpmv(0, x, y)",
            (x, y) => SpecialFunctions.Lpmv(0, x, y), 0, 1, 0, 1, [2, 2, 1], 5.25e-5, [2, 2, 1], 5.25e-5, 1.74e-2, BoxNote),
        Entry("lpmv_m1", "Associated Legendre function (m=1)", "lpmv(1, x, y)",
            (x, y) => SpecialFunctions.Lpmv(1, x, y), 0, 1, 0, 1, [2, 4, 1], 6.90e-4, [2, 4, 1], 6.90e-4, 1.50e-3, BoxNote),
        Entry("lpmv_m2", "Associated Legendre function (m=2)", "lpmv(2, x, y)",
            (x, y) => SpecialFunctions.Lpmv(2, x, y), 0, 1, 0, 1, [2, 2, 1], 4.88e-3, [2, 3, 2, 1], 2.26e-4, 9.43e-4, BoxNote),
        SphHarm(0, 1, [2, 1, 1], 2.21e-7, [2, 1, 1], 2.21e-7, 1.25e-6),
        SphHarm(1, 1, [2, 2, 1], 7.86e-4, [2, 3, 2, 1], 1.22e-4, 6.70e-4),
        SphHarm(0, 2, [2, 1, 1], 1.95e-7, [2, 1, 1], 1.95e-7, 2.85e-6),
        SphHarm(1, 2, [2, 2, 1], 4.70e-4, [2, 2, 1, 1], 1.50e-5, 1.84e-3),
        SphHarm(2, 2, [2, 2, 1], 1.12e-3, [2, 2, 3, 2, 1], 9.45e-5, 6.21e-4),
    ];

    /// <summary>The entry with the given <see cref="SpecialFunctionBenchmark.Name"/> (ordinal, case-insensitive).</summary>
    public static SpecialFunctionBenchmark Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var entry in Entries)
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase)) return entry;
        throw new ArgumentException($"No special-function benchmark is named '{name}'; known: {string.Join(", ", Entries.Select(e => e.Name))}.", nameof(name));
    }

    private static SpecialFunctionBenchmark Entry(string name, string title, string call, Func<double, double, double> f,
        double xMin, double xMax, double yMin, double yMax, int[] minimal, double minimalRmse, int[] best, double bestRmse,
        double mlpRmse, string note) =>
        new(name, title, call, f, xMin, xMax, yMin, yMax, minimal, minimalRmse, best, bestRmse, mlpRmse, note);

    /// <summary>The paper fits the real part of sph_harm(m, n, theta = x, phi = y) (scipy &lt;= 1.14 angle names).</summary>
    private static SpecialFunctionBenchmark SphHarm(int m, int n, int[] minimal, double minimalRmse, int[] best,
        double bestRmse, double mlpRmse) =>
        Entry($"sph_harm_m{m}_n{n}", $"spherical harmonics (m={m},n={n})", $"sph_harm({m}, {n}, x, y).real",
            (x, y) => SpecialFunctions.SphHarm(m, n, x, y).Real, 0, 1, 0, 1, minimal, minimalRmse, best, bestRmse, mlpRmse,
            "The paper fits the real part; x is the azimuthal angle theta, y the polar angle phi. " + BoxNote);
}
