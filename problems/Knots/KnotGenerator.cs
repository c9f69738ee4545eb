namespace Kan.Physics.Problems.Knots;

/// <summary>
/// Draws many distinct knots from random braid words, as a synthetic stand-in for a knot table (e.g. to learn the
/// signature from Jones / Alexander features). Reproducible: the same seed and options give the same knots in the same order.
/// </summary>
/// <remarks>
/// Each draw picks a strand count s uniformly in [MinStrands, MaxStrands], a word length uniformly in
/// [s MinLettersPerStrand, s MaxLettersPerStrand] (moved by one to the parity of s - 1, the only one whose closure can be
/// a knot) and independent letters +-sigma_i; inverse pairs are cancelled
/// and the word is shortened by Markov destabilisation (<see cref="BraidWord.Simplified"/>). Closures with more than one component (read off the permutation, before any
/// diagram is built) are rejected. Distinctness is by <see cref="KnotInvariantSet.DistinctnessKey"/> (Jones +
/// Alexander + signature): two knots with different keys are different knots, and a mirror image counts as a
/// different knot when its Jones polynomial differs; knots that share all three (e.g. mutants) are kept only once,
/// so the output may miss some knot types but never repeats one. The set of seen keys persists across calls.
/// </remarks>
public sealed class KnotGenerator
{
    private readonly Random _random;
    private readonly KnotGeneratorOptions _options;
    private readonly HashSet<string> _seen = [];
    private readonly HashSet<string> _seenWords = [];

    /// <summary>A generator with its own seeded random stream.</summary>
    public KnotGenerator(int seed, KnotGeneratorOptions? options = null)
    {
        _options = options ?? new KnotGeneratorOptions();
        _options.Validate();
        _random = new Random(seed);
    }

    /// <summary>Braid words drawn so far.</summary>
    public int Draws { get; private set; }

    /// <summary>Draws whose closure was a link.</summary>
    public int Links { get; private set; }

    /// <summary>Draws whose knot had an invariant key seen before, or whose reduced word was drawn before (up to rotation).</summary>
    public int Duplicates { get; private set; }

    /// <summary>Distinct knots returned so far.</summary>
    public int Distinct => _seen.Count;

    /// <summary>
    /// Up to <paramref name="count"/> knots not returned before. Fewer come back only when
    /// <see cref="KnotGeneratorOptions.MaxDrawsWithoutNewKnot"/> consecutive draws found nothing new (the options allow few knots).
    /// </summary>
    public IReadOnlyList<KnotSample> Generate(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new List<KnotSample>(count);
        int misses = 0;
        while (result.Count < count && misses < _options.MaxDrawsWithoutNewKnot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var braid = Draw();
            Draws++;
            if (!braid.IsKnot)
            {
                Links++;
                misses++;
                continue;
            }
            var reduced = braid.Simplified();
            if (!_seenWords.Add(CanonicalWord(reduced)))
            {
                // the same word up to rotation (conjugation) closes to the same knot: skip the invariants
                Duplicates++;
                misses++;
                continue;
            }
            var diagram = reduced.ToPlanarDiagram();
            var invariants = KnotInvariants.Compute(diagram);
            if (!_seen.Add(invariants.DistinctnessKey))
            {
                Duplicates++;
                misses++;
                continue;
            }
            misses = 0;
            result.Add(new KnotSample(reduced, diagram, invariants));
        }
        return result;
    }

    /// <summary>The lexicographically smallest rotation of the word, with the strand count.</summary>
    private static string CanonicalWord(BraidWord braid)
    {
        var g = braid.Generators;
        int n = g.Count, best = 0;
        for (int start = 1; start < n; start++)
        {
            for (int k = 0; k < n; k++)
            {
                int a = g[(start + k) % n], b = g[(best + k) % n];
                if (a == b) continue;
                if (a < b) best = start;
                break;
            }
        }
        var rotated = new int[n];
        for (int k = 0; k < n; k++) rotated[k] = g[(best + k) % n];
        return $"{braid.Strands}:{string.Join(",", rotated)}";
    }

    private BraidWord Draw()
    {
        int strands = _random.Next(_options.MinStrands, _options.MaxStrands + 1);
        int lo = strands * _options.MinLettersPerStrand, hi = strands * _options.MaxLettersPerStrand;
        int length = _random.Next(lo, hi + 1);
        // an s-cycle is a product of s - 1 transpositions, so only words of that parity can close to a knot
        if ((length - strands + 1) % 2 != 0) length += length < hi ? 1 : -1;
        var letters = new int[length];
        for (int k = 0; k < length; k++)
        {
            int generator = _random.Next(1, strands);
            letters[k] = _random.NextDouble() < _options.PositiveFraction ? generator : -generator;
        }
        return new BraidWord(strands, letters);
    }
}
