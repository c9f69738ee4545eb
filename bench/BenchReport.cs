using System.Diagnostics;
using System.Text.Json;

namespace Kan.Physics.Bench;

internal static class BenchReport
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Format(object result, bool json)
        => JsonSerializer.Serialize(result, result.GetType(), json ? Options : new JsonSerializerOptions(Options) { WriteIndented = true });

    /// <summary>
    /// Median wall time in seconds of <paramref name="action"/> over <paramref name="repeats"/> runs after <paramref name="warmup"/> runs
    /// and, when <paramref name="warmupSeconds"/> is given, after at least that long (so that the runtime's tiered JIT
    /// has replaced the first, unoptimised code: a millisecond-scale action otherwise spends much of the timed runs on it).
    /// </summary>
    public static double MedianSeconds(Action action, int warmup, int repeats, double warmupSeconds = 0)
    {
        long w0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < warmup || Stopwatch.GetElapsedTime(w0).TotalSeconds < warmupSeconds; i++) action();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(times);
        return repeats % 2 == 1 ? times[repeats / 2] : 0.5 * (times[repeats / 2 - 1] + times[repeats / 2]);
    }

    /// <summary>
    /// Nominal peak double-precision flop rate: cores x clock x FMA units (2) x vector lanes x 2 flops per FMA.
    /// The clock is read from /proc/cpuinfo ("cpu MHz"); lanes are 8 with AVX-512, 4 with AVX2.
    /// </summary>
    public static (double Flops, string Description) PeakFlops()
    {
        double mhz = 0;
        bool avx512 = false;
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (mhz == 0 && line.StartsWith("cpu MHz")) mhz = double.Parse(line.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
                if (line.StartsWith("flags") && line.Contains(" avx512f")) avx512 = true;
            }
        }
        catch (IOException) { }
        if (mhz == 0) mhz = 2000;
        int lanes = avx512 ? 8 : 4;
        double peak = Environment.ProcessorCount * mhz * 1e6 * 2 * lanes * 2;
        return (peak, $"{Environment.ProcessorCount} cores x {mhz:F0} MHz x 2 FMA units x {lanes} doubles x 2 flops");
    }
}
