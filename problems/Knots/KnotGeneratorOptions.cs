namespace Kan.Physics.Problems.Knots;

/// <summary>How <see cref="KnotGenerator"/> draws braid words.</summary>
/// <param name="MinStrands">Fewest strands (at least 2; one strand gives only the unknot).</param>
/// <param name="MaxStrands">Most strands.</param>
/// <param name="MinLettersPerStrand">Each word has between this many and <paramref name="MaxLettersPerStrand"/> letters per strand (before reduction).</param>
/// <param name="MaxLettersPerStrand">Upper end of the word length per strand.</param>
/// <param name="PositiveFraction">Probability that a letter is sigma_i rather than sigma_i^-1 (0.5: no bias towards positive knots).</param>
/// <param name="MaxDrawsWithoutNewKnot">Stop early after this many consecutive draws that gave a link or an already seen knot.</param>
public sealed record KnotGeneratorOptions(
    int MinStrands = 2,
    int MaxStrands = 6,
    int MinLettersPerStrand = 1,
    int MaxLettersPerStrand = 4,
    double PositiveFraction = 0.5,
    int MaxDrawsWithoutNewKnot = 20_000)
{
    /// <summary>Throws when a setting is out of range, naming it and its value.</summary>
    public void Validate()
    {
        if (MinStrands < 2) throw new ArgumentOutOfRangeException(nameof(MinStrands), MinStrands, "at least 2 strands");
        if (MaxStrands < MinStrands) throw new ArgumentOutOfRangeException(nameof(MaxStrands), MaxStrands, $"must be >= MinStrands ({MinStrands})");
        if (MaxStrands > 64) throw new ArgumentOutOfRangeException(nameof(MaxStrands), MaxStrands, "at most 64 strands");
        if (MinLettersPerStrand < 1) throw new ArgumentOutOfRangeException(nameof(MinLettersPerStrand), MinLettersPerStrand, "at least 1");
        if (MaxLettersPerStrand < MinLettersPerStrand)
            throw new ArgumentOutOfRangeException(nameof(MaxLettersPerStrand), MaxLettersPerStrand, $"must be >= MinLettersPerStrand ({MinLettersPerStrand})");
        if (MaxLettersPerStrand > 16) throw new ArgumentOutOfRangeException(nameof(MaxLettersPerStrand), MaxLettersPerStrand, "at most 16 (the bracket's integer coefficients grow with the crossings)");
        if (!(PositiveFraction is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(PositiveFraction), PositiveFraction, "a probability in [0, 1]");
        if (MaxDrawsWithoutNewKnot < 1) throw new ArgumentOutOfRangeException(nameof(MaxDrawsWithoutNewKnot), MaxDrawsWithoutNewKnot, "at least 1");
    }
}
