using System.Diagnostics;
using System.Globalization;
using Kan.Physics.Problems.Knots;

namespace Kan.Physics.Problems.Cli;

/// <summary>
/// The knot commands of <c>kan</c> (<c>kan knot-invariants</c>, <c>kan knot-generate</c>), their arguments parsed by
/// <see cref="KanCommandLine"/>.
/// </summary>
/// <remarks>A missing or malformed input file is a <see cref="UsageException"/>; bad generator options an <see cref="ArgumentException"/>.</remarks>
internal static class KnotCommands
{
    /// <summary>
    /// <c>knot-invariants KNOTS.csv --out OUT.csv</c>: writes the invariants table and prints a one-line summary;
    /// 130 when cancelled (nothing written).
    /// </summary>
    public static int Invariants(string input, string outPath, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(input)) throw new UsageException($"knot file '{input}' does not exist");
        var watch = Stopwatch.StartNew();
        int count;
        try { count = KnotInvariantsCsv.Run(input, outPath, cancellationToken); }
        catch (InvalidDataException e) { throw new UsageException(e.Message, e); }
        catch (OperationCanceledException) { Console.Error.WriteLine("kan: cancelled; no output written"); return 130; }
        output.WriteLine($"{count} knots -> {outPath} ({watch.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    /// <summary>
    /// <c>knot-generate COUNT [--seed S] [--strands A-B] [--out OUT.csv]</c>: draws <paramref name="count"/> distinct knots,
    /// prints the rate and optionally writes them (the name column holds the braid word) in the
    /// <see cref="KnotInvariantsCsv.OutputHeader"/> layout.
    /// </summary>
    public static int Generate(int count, int seed, KnotGeneratorOptions options, string? outPath, TextWriter output, CancellationToken cancellationToken)
    {
        var generator = new KnotGenerator(seed, options);
        var watch = Stopwatch.StartNew();
        var knots = generator.Generate(count, cancellationToken);
        double seconds = watch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{knots.Count} distinct knots from {generator.Draws} braid words ({generator.Links} links, {generator.Duplicates} repeats) in {seconds:F2} s: {knots.Count / Math.Max(seconds, 1e-9):F0} knots/s"));
        if (outPath is not null)
            KnotInvariantsCsv.WriteAtomically(outPath, w => KnotInvariantsCsv.Write(w, knots.Select(k => (k.Braid.ToString(), k.Invariants)), cancellationToken));
        return 0;
    }
}
