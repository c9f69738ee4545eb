using System.Globalization;

namespace Kan.Physics.Problems.Anderson;

/// <summary>
/// Datasets for learning mobility edges as in the KAN paper's Section 4.4: draw lambda, q and phi uniformly over the
/// model's ranges (phi in [0, 2 pi)), diagonalise the chain, and emit one row per eigenstate with its fractal
/// dimension, its localised label and the theory's order parameter.
/// </summary>
public static class AndersonDataset
{
    /// <summary>
    /// Generates the dataset, diagonalising the draws in parallel; the same options (seed) give the same rows in the
    /// same order whatever the parallelism.
    /// </summary>
    public static IReadOnlyList<EigenstateSample> Generate(QuasiperiodicModel model, AndersonDatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        int n = options.Size;
        if (!FibonacciApproximant.IsFibonacci(n)) throw new ArgumentOutOfRangeException(nameof(options), n, "Size must be a Fibonacci number >= 3");
        if (options.Draws < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Draws, "Draws must be >= 1");
        if (options.MaxDegreeOfParallelism < 1 && options.MaxDegreeOfParallelism != -1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be >= 1 or -1 (unlimited)");
        if (options.StatesPerDraw < 0 || options.StatesPerDraw > n)
            throw new ArgumentOutOfRangeException(nameof(options), options.StatesPerDraw, $"StatesPerDraw must be in [0, Size = {n}]");
        // every draw's parameters and subsample seed come from one sequence first, so the rows do not depend on how the
        // draws are spread over threads
        var rng = new Random(options.Seed);
        var draws = new (double Lambda, double Q, double Phi, int Seed)[options.Draws];
        for (int i = 0; i < draws.Length; i++)
            draws[i] = (Uniform(rng, model.LambdaRange), Uniform(rng, model.ParameterRange), 2 * Math.PI * rng.NextDouble(), rng.Next());
        var g = model.OrderParameter;
        int keep = options.StatesPerDraw == 0 ? n : options.StatesPerDraw;
        var perDraw = new EigenstateSample[draws.Length][];
        void Draw(int draw)
        {
            var (lambda, q, phi, seed) = draws[draw];
            var spectrum = model.Diagonalise(n, lambda, q, phi, options.Backend);
            var order = Enumerable.Range(0, n).ToArray();
            if (keep < n)
            {
                // partial Fisher-Yates: the first `keep` entries are a uniform sample without replacement
                var local = new Random(seed);
                for (int i = 0; i < keep; i++)
                {
                    int j = local.Next(i, n);
                    (order[i], order[j]) = (order[j], order[i]);
                }
                Array.Sort(order, 0, keep);
            }
            var chunk = new EigenstateSample[keep];
            for (int i = 0; i < keep; i++)
            {
                int k = order[i];
                double e = spectrum.Energies[k], d = spectrum.FractalDimensions[k];
                chunk[i] = new EigenstateSample(e, lambda, q, phi, d, Localization.IsLocalized(d, options.Threshold), g(e, lambda, q));
            }
            perDraw[draw] = chunk;
        }
        try
        {
            Parallel.For(0, draws.Length, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, Draw);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // callers see the failure itself (e.g. a LAPACK error), as from a serial loop
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return perDraw.SelectMany(r => r).ToList();
    }

    // uniform on the open interval (alpha must avoid +-1); a zero-width range is a fixed parameter (mosaic kappa)
    private static double Uniform(Random rng, (double Min, double Max) range)
    {
        if (range.Min == range.Max) return range.Min;
        double u;
        do u = rng.NextDouble(); while (u == 0);
        return range.Min + (range.Max - range.Min) * u;
    }

    /// <summary>
    /// Fraction of rows whose label (D &lt; <paramref name="threshold"/>) agrees with the side of the theory edge
    /// (g &gt; 0 localised); the "theory formula accuracy" of the KAN paper's Table 5.
    /// </summary>
    public static double TheoryAccuracy(IReadOnlyList<EigenstateSample> rows, double threshold = Localization.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("no rows", nameof(rows));
        int agree = 0;
        foreach (var r in rows)
            if (Localization.IsLocalized(r.FractalDimension, threshold) == r.TheoryOrder > 0) agree++;
        return (double)agree / rows.Count;
    }

    /// <summary>Fraction of rows labelled localised.</summary>
    public static double LocalizedFraction(IReadOnlyList<EigenstateSample> rows)
        => rows.Count == 0 ? throw new ArgumentException("no rows", nameof(rows)) : (double)rows.Count(r => r.Localized) / rows.Count;

    /// <summary>Writes the rows as CSV with a header naming the model's parameter.</summary>
    public static void WriteCsv(TextWriter writer, QuasiperiodicModel model, IEnumerable<EigenstateSample> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        writer.WriteLine($"E,lambda,{model.ParameterName},phi,D,localized,g_theory");
        foreach (var r in rows)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Energy:R},{r.Lambda:R},{r.Parameter:R},{r.Phi:R},{r.FractalDimension:R},{(r.Localized ? 1 : 0)},{r.TheoryOrder:R}"));
    }
}
