using System.Globalization;

namespace Kan.Physics.Problems.Knots;

/// <summary>
/// A braid on <see cref="Strands"/> strands as a word in the Artin generators: +i stands for sigma_i and -i for
/// sigma_i^-1 (1 &lt;= i &lt; strands), as in KnotInfo's braid notation <c>{1,-2,1,-2}</c>.
/// </summary>
/// <remarks>
/// Braids are the cheapest way to draw many random knots: every closure is a valid diagram, and whether it is a
/// knot is read off the permutation before any diagram is built.
/// </remarks>
public sealed class BraidWord
{
    private readonly int[] _generators;

    /// <summary>A braid word on the given number of strands.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one strand, or a generator 0 or beyond strands - 1.</exception>
    public BraidWord(int strands, IEnumerable<int> generators)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(strands, 1);
        ArgumentNullException.ThrowIfNull(generators);
        _generators = generators.ToArray();
        for (int k = 0; k < _generators.Length; k++)
        {
            int g = _generators[k];
            if (g == 0 || Math.Abs(g) >= strands)
                throw new ArgumentOutOfRangeException(nameof(generators), g,
                    $"letter {k + 1} of the braid word is {g}; on {strands} strands a generator must be +-1..+-{strands - 1}");
        }
        Strands = strands;
    }

    /// <summary>Number of strands.</summary>
    public int Strands { get; }

    /// <summary>The letters: +i for sigma_i, -i for its inverse.</summary>
    public IReadOnlyList<int> Generators => _generators;

    /// <summary>Number of letters (= crossings of the closure diagram).</summary>
    public int Length => _generators.Length;

    /// <summary>
    /// Parses a list of nonzero integers such as <c>{1,-2,1,-2}</c>, <c>[1, -2]</c> or <c>1 -2 1 -2</c>. Without
    /// <paramref name="strands"/>, the braid has max|i| + 1 strands (1 for the empty word).
    /// </summary>
    /// <exception cref="FormatException">Not a list of nonzero integers, or a letter outside the strands.</exception>
    public static BraidWord Parse(string text, int? strands = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        string body = text.Trim();
        if (body.Length >= 2 && (body[0], body[^1]) is ('{', '}') or ('[', ']') or ('(', ')')) body = body[1..^1];
        var letters = new List<int>();
        foreach (string token in body.Split([',', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int g) || g == 0)
                throw new FormatException($"braid word '{text}': letter {letters.Count + 1} '{token}' is not a nonzero integer");
            letters.Add(g);
        }
        int s = strands ?? (letters.Count == 0 ? 1 : letters.Max(Math.Abs) + 1);
        try
        {
            return new BraidWord(s, letters);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"braid word '{text}': {e.Message}", e);
        }
    }

    /// <summary>Where each strand position ends up at the top of the braid; its cycles are the components of the closure.</summary>
    public int[] Permutation()
    {
        var at = Enumerable.Range(0, Strands).ToArray(); // at[position] = strand that is there now
        foreach (int g in _generators)
        {
            int i = Math.Abs(g) - 1;
            (at[i], at[i + 1]) = (at[i + 1], at[i]);
        }
        var p = new int[Strands];
        for (int pos = 0; pos < Strands; pos++) p[at[pos]] = pos;
        return p;
    }

    /// <summary>Number of components of the closure (cycles of the permutation, fixed strands included).</summary>
    public int ComponentCount
    {
        get
        {
            var p = Permutation();
            var seen = new bool[Strands];
            int cycles = 0;
            for (int i = 0; i < Strands; i++)
            {
                if (seen[i]) continue;
                cycles++;
                for (int j = i; !seen[j]; j = p[j]) seen[j] = true;
            }
            return cycles;
        }
    }

    /// <summary>True when the closure has one component.</summary>
    public bool IsKnot => ComponentCount == 1;

    /// <summary>
    /// The word with adjacent inverse pairs cancelled, also around the end (the closure is unchanged by conjugation),
    /// so that generated diagrams carry no trivially removable crossings.
    /// </summary>
    public BraidWord Reduced()
    {
        var stack = new List<int>(_generators.Length);
        foreach (int g in _generators)
        {
            if (stack.Count > 0 && stack[^1] == -g) stack.RemoveAt(stack.Count - 1);
            else stack.Add(g);
        }
        int lo = 0, hi = stack.Count - 1;
        while (lo < hi && stack[lo] == -stack[hi])
        {
            lo++;
            hi--;
        }
        return new BraidWord(Strands, stack.Skip(lo).Take(hi - lo + 1));
    }

    /// <summary>
    /// A shorter word with the same closure: <see cref="Reduced"/> alternated with Markov destabilisation, which drops
    /// the top (or bottom) strand when its generator sigma_(s-1) (or sigma_1) occurs exactly once.
    /// </summary>
    /// <remarks>
    /// A word u sigma_(s-1)^(+-1) v is conjugate to (v u) sigma_(s-1)^(+-1) with v u on s - 1 strands, whose closure is
    /// that of v u (Markov); the bottom strand is the same move after conjugating by the half twist (sigma_i -> sigma_(s-i)).
    /// Random braids shrink a lot this way, which makes their invariants cheaper and repeated knots easier to spot.
    /// </remarks>
    public BraidWord Simplified()
    {
        var word = Reduced();
        while (word.Strands > 1)
        {
            int s = word.Strands;
            int top = word._generators.Count(g => Math.Abs(g) == s - 1);
            int bottom = word._generators.Count(g => Math.Abs(g) == 1);
            if (top == 1)
                word = new BraidWord(s - 1, word._generators.Where(g => Math.Abs(g) != s - 1)).Reduced();
            else if (bottom == 1)
                word = new BraidWord(s - 1, word._generators.Where(g => Math.Abs(g) != 1).Select(g => g > 0 ? g - 1 : g + 1)).Reduced();
            else
                break;
        }
        return word;
    }

    /// <summary>
    /// The closure as a planar diagram, edges relabelled 1..2n along the orientation (component by component).
    /// Strands point upwards; sigma_i crosses position i over position i+1 (a positive crossing).
    /// </summary>
    /// <exception cref="InvalidOperationException">A strand takes part in no crossing: its closure would be a circle that PD notation cannot hold.</exception>
    public PlanarDiagram ToPlanarDiagram()
    {
        int s = Strands, n = _generators.Length;
        if (n == 0 && s == 1) return PlanarDiagram.Unknot;
        var touched = new bool[s];
        foreach (int g in _generators) touched[Math.Abs(g) - 1] = touched[Math.Abs(g)] = true;
        for (int pos = 0; pos < s; pos++)
            if (!touched[pos])
                throw new InvalidOperationException(
                    $"braid {this}: strand {pos + 1} of {s} takes part in no crossing, so its closure has a separate circle that PD notation cannot represent");

        // edge ids: 0..s-1 are the bottom ends of the strands; each letter starts two new ids above it
        var current = Enumerable.Range(0, s).ToArray();
        var raw = new (int A, int B, int C, int D)[n];
        var next = new int[s + 2 * n];
        int nextId = s;
        for (int k = 0; k < n; k++)
        {
            int g = _generators[k], i = Math.Abs(g) - 1;
            int bl = current[i], br = current[i + 1], tl = nextId++, tr = nextId++;
            raw[k] = g > 0 ? (br, tr, tl, bl) : (bl, br, tr, tl);
            next[br] = tl;
            next[bl] = tr;
            current[i] = tl;
            current[i + 1] = tr;
        }
        // closing: the top id at each position is the same edge as the bottom id there
        var alias = Enumerable.Range(0, s + 2 * n).ToArray();
        for (int pos = 0; pos < s; pos++) alias[current[pos]] = pos;

        // relabel along the strands, components in order of their lowest bottom position
        var label = new int[s + 2 * n];
        int nextLabel = 1;
        for (int pos = 0; pos < s; pos++)
        {
            if (label[pos] != 0) continue;
            int e = pos;
            do
            {
                label[e] = nextLabel++;
                e = alias[next[e]];
            } while (e != pos);
        }
        int L(int id) => label[alias[id]];
        return new PlanarDiagram(raw.Select(c => new PdCrossing(L(c.A), L(c.B), L(c.C), L(c.D))));
    }

    /// <summary>KnotInfo's form, e.g. <c>{1,-2,1,-2}</c>.</summary>
    public override string ToString() => "{" + string.Join(",", _generators) + "}";
}
