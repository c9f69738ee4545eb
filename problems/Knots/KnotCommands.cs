using System.Diagnostics;
using System.Globalization;

namespace Kan.Physics.Problems.Knots;

/// <summary>
/// Command-line entry points, ready to be wired into <c>kan</c>:
/// <c>kan knot-invariants FILE.csv --out OUT.csv</c> and <c>kan knot-generate N [--seed S] [--out OUT.csv]</c>.
/// </summary>
/// <remarks>Bad arguments throw <see cref="ArgumentException"/>; bad input files <see cref="InvalidDataException"/>.</remarks>
internal static class KnotCommands
{
    public const string Usage = """
        usage: kan knot-invariants FILE.csv --out OUT.csv     invariants of the knots in a name,pd_notation file
               kan knot-generate N [--seed S (0)] [--strands 2-6] [--out OUT.csv]   N distinct random knots from braids
        """;

    /// <summary><c>knot-invariants FILE.csv --out OUT.csv</c>: writes the invariants table and prints a one-line summary.</summary>
    public static int Invariants(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        string? input = null, outPath = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out") outPath = i + 1 < args.Length ? args[++i] : throw new ArgumentException("option --out needs a value");
            else if (args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unknown option '{args[i]}'");
            else if (input is null) input = args[i];
            else throw new ArgumentException($"unexpected argument '{args[i]}' (one input file expected)");
        }
        if (input is null) throw new ArgumentException("knot-invariants needs an input file: kan knot-invariants FILE.csv --out OUT.csv");
        if (outPath is null) throw new ArgumentException("knot-invariants needs --out OUT.csv");
        var watch = Stopwatch.StartNew();
        int count = KnotInvariantsCsv.Run(input, outPath, cancellationToken);
        output.WriteLine($"{count} knots -> {outPath} ({watch.Elapsed.TotalSeconds:F2} s)");
        return 0;
    }

    /// <summary>
    /// <c>knot-generate N [--seed S] [--strands A-B] [--out OUT.csv]</c>: draws N distinct knots, prints the rate and
    /// optionally writes them (the name column holds the braid word) in the <see cref="KnotInvariantsCsv.OutputHeader"/> layout.
    /// </summary>
    public static int Generate(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        int? count = null;
        int seed = 0;
        var options = new KnotGeneratorOptions();
        string? outPath = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            switch (args[i])
            {
                case "--seed": seed = ParseInt("--seed", Value(), 0); break;
                case "--out": outPath = Value(); break;
                case "--strands":
                    string range = Value();
                    var parts = range.Split('-');
                    if (parts.Length != 2) throw new ArgumentException($"--strands must look like 2-6, got '{range}'");
                    options = options with { MinStrands = ParseInt("--strands", parts[0], 2), MaxStrands = ParseInt("--strands", parts[1], 2) };
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || count is not null) throw new ArgumentException($"unexpected argument '{args[i]}'");
                    count = ParseInt("N", args[i], 1);
                    break;
            }
        }
        if (count is null) throw new ArgumentException("knot-generate needs the number of knots: kan knot-generate N");
        var generator = new KnotGenerator(seed, options);
        var watch = Stopwatch.StartNew();
        var knots = generator.Generate(count.Value, cancellationToken);
        double seconds = watch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{knots.Count} distinct knots from {generator.Draws} braid words ({generator.Links} links, {generator.Duplicates} repeats) in {seconds:F2} s: {knots.Count / Math.Max(seconds, 1e-9):F0} knots/s"));
        if (outPath is not null)
            KnotInvariantsCsv.WriteAtomically(outPath, w => KnotInvariantsCsv.Write(w, knots.Select(k => (k.Braid.ToString(), k.Invariants)), cancellationToken));
        return 0;
    }

    private static int ParseInt(string name, string text, int min) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min
            ? v
            : throw new ArgumentException($"{name} must be an integer >= {min}, got '{text}'");
}
