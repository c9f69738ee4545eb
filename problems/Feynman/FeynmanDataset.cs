using System.Globalization;
using Kan.Physics.Training;

namespace Kan.Physics.Problems.Feynman;

/// <summary>
/// Seeded train/test data for Feynman equations: inputs uniform in each variable's range, targets from the evaluator.
/// </summary>
// Defaults follow pykan's create_dataset (1000 train + 1000 test, uniform), which the KAN paper's Feynman experiments
// used; the paper itself states neither counts nor ranges for Table 2.
internal static class FeynmanDataset
{
    /// <summary>Default number of training samples (pykan's create_dataset default).</summary>
    public const int DefaultTrainCount = 1000;

    /// <summary>Default number of test samples (pykan's create_dataset default).</summary>
    public const int DefaultTestCount = 1000;

    /// <summary>How often one sample may be redrawn because its target is not finite before generation fails.</summary>
    public const int MaxRedrawsPerSample = 100;

    /// <summary>
    /// <paramref name="trainCount"/> training and <paramref name="testCount"/> test samples of
    /// <paramref name="equation"/>, uniform in its <see cref="FeynmanEquation.Ranges"/>; the same seed gives the same data.
    /// </summary>
    public static FeynmanData Generate(FeynmanEquation equation, int trainCount = DefaultTrainCount, int testCount = DefaultTestCount, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(equation);
        return Generate(equation.Id, equation.Evaluate, equation.Variables, equation.Ranges, trainCount, testCount, seed);
    }

    /// <summary>
    /// The same for any function of named variables, e.g. an <see cref="AiFeynmanEquation"/> evaluated through the
    /// expression parser. <paramref name="id"/> and <paramref name="variables"/> only label error messages.
    /// </summary>
    public static FeynmanData Generate(string id, Func<double[], double> function, IReadOnlyList<string> variables,
        IReadOnlyList<(double Lo, double Hi)> ranges, int trainCount = DefaultTrainCount, int testCount = DefaultTestCount, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0) throw new ArgumentException($"{id}: at least one variable range is needed.", nameof(ranges));
        if (variables.Count != ranges.Count)
            throw new ArgumentException($"{id}: {variables.Count} variable names but {ranges.Count} ranges.", nameof(variables));
        for (int i = 0; i < ranges.Count; i++)
        {
            var (lo, hi) = ranges[i];
            if (!double.IsFinite(lo) || !double.IsFinite(hi) || !(lo < hi))
                throw new ArgumentException($"{id}: range of {variables[i]} is [{F(lo)}, {F(hi)}]; it needs finite lo < hi.", nameof(ranges));
        }
        if (trainCount < 1) throw new ArgumentOutOfRangeException(nameof(trainCount), trainCount, "At least one training sample is needed.");
        if (testCount < 1) throw new ArgumentOutOfRangeException(nameof(testCount), testCount, "At least one test sample is needed.");

        // Train and test get separate streams so that the test set for a seed does not change with the training count.
        int redrawn = 0;
        var train = Draw(id, function, variables, ranges, trainCount, new Random(StreamSeed(seed, 0)), ref redrawn);
        var test = Draw(id, function, variables, ranges, testCount, new Random(StreamSeed(seed, 1)), ref redrawn);
        return new FeynmanData(id, train, test, redrawn);
    }

    private static Dataset Draw(string id, Func<double[], double> function, IReadOnlyList<string> variables,
        IReadOnlyList<(double Lo, double Hi)> ranges, int count, Random rng, ref int redrawn)
    {
        int d = ranges.Count;
        var x = new double[count * d];
        var y = new double[count];
        var row = new double[d];
        for (int s = 0; s < count; s++)
        {
            double v = double.NaN;
            for (int attempt = 0; ; attempt++)
            {
                for (int i = 0; i < d; i++) row[i] = ranges[i].Lo + (ranges[i].Hi - ranges[i].Lo) * rng.NextDouble();
                // The evaluator gets its own copy: a function that writes into its argument must not corrupt the row.
                v = function((double[])row.Clone());
                if (double.IsFinite(v)) break;
                if (attempt == MaxRedrawsPerSample)
                    throw new InvalidOperationException(
                        $"{id}: the target is not finite ({F(v)}) at {MaxRedrawsPerSample + 1} points drawn in a row, the last at " +
                        $"{string.Join(", ", Enumerable.Range(0, d).Select(i => $"{variables[i]} = {F(row[i])}"))}; ranges: " +
                        $"{string.Join(", ", Enumerable.Range(0, d).Select(i => $"{variables[i]} in [{F(ranges[i].Lo)}, {F(ranges[i].Hi)}]"))}. " +
                        "Narrow the ranges to where the formula is finite.");
                redrawn++;
            }
            Array.Copy(row, 0, x, s * d, d);
            y[s] = v;
        }
        return new Dataset(x, y, d);
    }

    // SplitMix64 finaliser of (seed, stream): decorrelates the streams of neighbouring seeds.
    private static int StreamSeed(int seed, int stream)
    {
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
