using System.Globalization;
using System.Text;

namespace Kan.Physics.Problems.Knots;

/// <summary>
/// A knot or link diagram in planar-diagram (PD) notation: crossings X[a,b,c,d] with edges labelled 1..2n
/// (KnotInfo / KnotTheory convention, see <see cref="PdCrossing"/>). The empty diagram is the unknot.
/// </summary>
/// <remarks>
/// The constructor checks everything the invariant code relies on, so that a bad diagram fails here with a message
/// instead of producing a wrong polynomial later: each label 1..2n appears exactly twice, the under-strands of each
/// component agree on one orientation, and the corner walk yields n + 2k faces (Euler's formula for k connected pieces),
/// i.e. the labels describe a planar 4-valent graph. Orientation is taken from the under-strands (a -> c) rather than
/// from the label order, so both b - d = 1 and d - b = 1 (mod 2n) cases, including 1- and 2-crossing kinks, come out right.
/// </remarks>
public sealed class PlanarDiagram
{
    private readonly PdCrossing[] _crossings;
    private readonly int[] _signs;
    private readonly int[] _other;       // slot (4x + p) -> slot of the other end of the same edge
    private readonly bool[] _head;       // slot -> the edge enters the crossing there
    private readonly int[] _faceOfCorner; // corner (4x + k), between positions k and k+1 -> face index

    /// <summary>Builds and checks a diagram from its crossings.</summary>
    /// <exception cref="ArgumentException">The crossings do not form a valid oriented planar diagram (the message says why).</exception>
    public PlanarDiagram(IEnumerable<PdCrossing> crossings)
    {
        ArgumentNullException.ThrowIfNull(crossings);
        _crossings = crossings.ToArray();
        string? error = Analyse(_crossings, out _other, out _head, out _signs, out _faceOfCorner, out int components, out int faces);
        if (error is not null) throw new ArgumentException($"invalid planar diagram {Format(_crossings)}: {error}", nameof(crossings));
        ComponentCount = components;
        FaceCount = faces;
    }

    private PlanarDiagram(PdCrossing[] crossings, int[] other, bool[] head, int[] signs, int[] faceOfCorner, int components, int faces)
    {
        (_crossings, _other, _head, _signs, _faceOfCorner, ComponentCount, FaceCount) = (crossings, other, head, signs, faceOfCorner, components, faces);
    }

    /// <summary>The crossings as given.</summary>
    public IReadOnlyList<PdCrossing> Crossings => _crossings;

    /// <summary>Number of crossings n of this diagram (not the crossing number of the knot).</summary>
    public int CrossingCount => _crossings.Length;

    /// <summary>Number of link components (1 for a knot, including the empty unknot diagram).</summary>
    public int ComponentCount { get; }

    /// <summary>True when the diagram has one component.</summary>
    public bool IsKnot => ComponentCount == 1;

    /// <summary>Sign of each crossing: +1 when the over-strand runs d -> b, -1 when it runs b -> d.</summary>
    public IReadOnlyList<int> Signs => _signs;

    /// <summary>Sum of the crossing signs.</summary>
    public int Writhe => _signs.Sum();

    /// <summary>Number of regions of the diagram's complement (n + 2 for a connected diagram; 0 for the empty diagram).</summary>
    internal int FaceCount { get; }

    /// <summary>Label at slot 4x + p.</summary>
    internal int Label(int slot) => _crossings[slot >> 2][slot & 3];

    /// <summary>The slot holding the other end of the edge at <paramref name="slot"/>.</summary>
    internal int OtherSlot(int slot) => _other[slot];

    /// <summary>True when the edge at <paramref name="slot"/> enters its crossing there.</summary>
    internal bool IsHead(int slot) => _head[slot];

    /// <summary>Face of the corner between positions k and k+1 of crossing x (corner index 4x + k).</summary>
    internal int FaceOfCorner(int corner) => _faceOfCorner[corner];

    /// <summary>The mirror image: every crossing switched (the signs and the writhe change sign).</summary>
    public PlanarDiagram Mirror()
    {
        // the old over-strand becomes the under-strand; listing starts at its incoming end and stays counter-clockwise
        var mirrored = new PdCrossing[_crossings.Length];
        for (int x = 0; x < mirrored.Length; x++)
        {
            var (a, b, c, d) = _crossings[x];
            mirrored[x] = _signs[x] > 0 ? new PdCrossing(d, a, b, c) : new PdCrossing(b, c, d, a);
        }
        return new PlanarDiagram(mirrored);
    }

    /// <summary>KnotInfo's form, e.g. <c>[[1,5,2,4],[3,1,4,6],[5,3,6,2]]</c> (<c>[]</c> for the unknot).</summary>
    public override string ToString() => Format(_crossings);

    private static string Format(PdCrossing[] crossings)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < crossings.Length; i++) sb.Append(i > 0 ? "," : "").Append(crossings[i].ToString());
        return sb.Append(']').ToString();
    }

    /// <summary>The unknot (empty diagram).</summary>
    public static PlanarDiagram Unknot { get; } = new([]);

    /// <summary>
    /// Parses KnotInfo PD notation: <c>[[1,5,2,4],[3,1,4,6],[5,3,6,2]]</c>; whitespace anywhere, <c>,</c> or <c>;</c> as
    /// separators; an empty string or <c>[]</c> is the unknot. Links are accepted (see <see cref="ParseKnot"/>).
    /// </summary>
    /// <exception cref="FormatException">Bad syntax (with the character position) or an invalid diagram (with the crossing and reason).</exception>
    public static PlanarDiagram Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var crossings = ParseCrossings(text);
        string? error = Analyse(crossings, out var other, out var head, out var signs, out var faces, out int components, out int faceCount);
        if (error is not null) throw new FormatException($"PD '{Shorten(text)}': {error}");
        return new PlanarDiagram(crossings, other, head, signs, faces, components, faceCount);
    }

    /// <summary>Like <see cref="Parse"/>, but a diagram with more than one component is rejected.</summary>
    /// <exception cref="FormatException">Bad PD text, or the diagram is a link.</exception>
    public static PlanarDiagram ParseKnot(string text)
    {
        var d = Parse(text);
        if (!d.IsKnot)
            throw new FormatException($"PD '{Shorten(text)}' is a link with {d.ComponentCount} components; a knot (one component) is required");
        return d;
    }

    /// <summary>Throws unless the diagram is a knot; used by the invariants that are defined (or normalised) for knots only.</summary>
    internal static void RequireKnot(PlanarDiagram diagram, string paramName)
    {
        ArgumentNullException.ThrowIfNull(diagram, paramName);
        if (!diagram.IsKnot)
            throw new ArgumentException(
                $"the diagram {Shorten(diagram.ToString())} is a link with {diagram.ComponentCount} components; a knot (one component) is required",
                paramName);
    }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..117] + "...";

    private static PdCrossing[] ParseCrossings(string text)
    {
        int pos = 0;
        void Skip() { while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++; }
        FormatException Error(string why) => new($"PD '{Shorten(text)}': {why} at position {pos}");
        string Found() => pos < text.Length ? $"'{text[pos]}'" : "the end";
        void Expect(char c, string what)
        {
            Skip();
            if (pos >= text.Length || text[pos] != c) throw Error($"expected '{c}' {what} but found {Found()}");
            pos++;
        }
        bool TrySeparator()
        {
            Skip();
            if (pos < text.Length && text[pos] is ',' or ';') { pos++; return true; }
            return false;
        }

        Skip();
        if (pos == text.Length) return [];
        Expect('[', "to open the list of crossings");
        var result = new List<PdCrossing>();
        Skip();
        if (pos < text.Length && text[pos] == ']')
        {
            pos++;
        }
        else
        {
            while (true)
            {
                int index = result.Count + 1;
                Expect('[', $"to open crossing #{index}");
                var labels = new int[4];
                for (int k = 0; k < 4; k++)
                {
                    Skip();
                    int start = pos;
                    if (pos < text.Length && text[pos] is '-' or '+') pos++;
                    while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
                    if (pos == start || !char.IsAsciiDigit(text[pos - 1]))
                    {
                        pos = start;
                        throw Error($"expected an edge label (a positive integer) in crossing #{index} but found {Found()}");
                    }
                    if (!int.TryParse(text.AsSpan(start, pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || v < 1)
                    {
                        pos = start;
                        throw Error($"edge label '{text[start..Math.Min(text.Length, start + 12)].Split(',', ';', ']')[0].Trim()}' in crossing #{index} is not a positive integer");
                    }
                    labels[k] = v;
                    if (k < 3 && !TrySeparator())
                    {
                        Skip();
                        throw Error(pos < text.Length && text[pos] == ']'
                            ? $"crossing #{index} has {k + 1} labels; a crossing needs exactly 4"
                            : $"expected ',' or ';' between labels of crossing #{index} but found {Found()}");
                    }
                }
                Skip();
                if (pos < text.Length && text[pos] is ',' or ';')
                {
                    // a fifth label?
                    int save = pos;
                    pos++;
                    Skip();
                    if (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] == '-'))
                    {
                        pos = save;
                        throw Error($"crossing #{index} has more than 4 labels; a crossing needs exactly 4");
                    }
                    pos = save;
                }
                Expect(']', $"to close crossing #{index}");
                result.Add(new PdCrossing(labels[0], labels[1], labels[2], labels[3]));
                if (!TrySeparator()) break;
            }
            Expect(']', "to close the list of crossings");
        }
        Skip();
        if (pos != text.Length) throw Error($"unexpected {Found()} after the end of the diagram");
        return result.ToArray();
    }

    /// <summary>Checks a diagram and derives its orientation, signs and faces; returns an error message or null.</summary>
    private static string? Analyse(PdCrossing[] crossings, out int[] other, out bool[] head, out int[] signs,
        out int[] faceOfCorner, out int components, out int faceCount)
    {
        int n = crossings.Length;
        other = new int[4 * n];
        head = new bool[4 * n];
        signs = new int[n];
        faceOfCorner = new int[4 * n];
        components = 1;
        faceCount = 0;
        if (n == 0) return null;
        static string At(PdCrossing[] c, int x) => $"crossing #{x + 1} {c[x]}";

        // 1. every label 1..2n exactly twice
        var first = new int[2 * n + 1];
        var count = new int[2 * n + 1];
        Array.Fill(first, -1);
        for (int s = 0; s < 4 * n; s++)
        {
            int x = s >> 2, label = crossings[x][s & 3];
            if (label < 1 || label > 2 * n)
                return $"{At(crossings, x)}: label {label} is outside 1..{2 * n} (a diagram with {n} crossings has edges labelled 1..{2 * n})";
            if (++count[label] > 2)
                return $"label {label} appears more than twice (again in {At(crossings, x)}); every edge label must appear exactly twice";
            if (first[label] < 0) first[label] = s;
            else
            {
                other[s] = first[label];
                other[first[label]] = s;
            }
        }
        // 4n slots, 2n labels, none more than twice: so each appears exactly twice

        // 2. components and orientation: walk along strands (in at slot p, out at p+2) and orient each component by its under-strands
        var visited = new bool[4 * n];
        components = 0;
        var walk = new List<int>();
        for (int start = 0; start < 4 * n; start++)
        {
            if (visited[start]) continue;
            components++;
            walk.Clear();
            int h = start;
            do
            {
                int t = (h & ~3) | ((h + 2) & 3);
                visited[h] = visited[t] = true;
                head[h] = true;
                head[t] = false;
                walk.Add(h);
                walk.Add(t);
                h = other[t];
            } while (h != start);
            int agree = 0, disagree = 0, witness = -1;
            foreach (int s in walk)
            {
                if ((s & 1) != 0) continue; // over positions 1, 3
                bool wantHead = (s & 3) == 0;
                if (head[s] == wantHead) agree++;
                else
                {
                    disagree++;
                    witness = s;
                }
            }
            if (agree > 0 && disagree > 0)
                return $"{At(crossings, witness >> 2)}: its under-strand a -> c runs against the orientation that the other crossings of its component give";
            bool flip = disagree > 0;
            if (agree == 0 && disagree == 0)
            {
                // a component that never passes under: orient it so that labels increase, as KnotTheory numbers components
                var sequence = new List<int>();
                for (int i = 1; i < walk.Count; i += 2) sequence.Add(crossings[walk[i] >> 2][walk[i] & 3]);
                int m = sequence.Count, iMin = sequence.IndexOf(sequence.Min());
                flip = m > 2 && sequence[(iMin + 1) % m] != sequence[iMin] + 1;
            }
            if (flip)
                foreach (int s in walk) head[s] = !head[s];
        }
        for (int x = 0; x < n; x++) signs[x] = head[4 * x + 3] ? 1 : -1;

        // 3. faces by the corner walk; Euler's formula V - E + F = 2 per connected piece checks planarity
        Array.Fill(faceOfCorner, -1);
        faceCount = 0;
        for (int corner = 0; corner < 4 * n; corner++)
        {
            if (faceOfCorner[corner] >= 0) continue;
            int c = corner;
            do
            {
                faceOfCorner[c] = faceCount;
                c = other[(c & ~3) | ((c + 1) & 3)];
            } while (faceOfCorner[c] < 0); // the corner map is a permutation, so the walk returns to its start
            faceCount++;
        }
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        int pieces = n;
        for (int s = 0; s < 4 * n; s++)
        {
            int a = Find(s >> 2), b = Find(other[s] >> 2);
            if (a != b) { parent[a] = b; pieces--; }
        }
        if (faceCount != n + 2 * pieces)
            return $"the crossings bound {faceCount} regions but a planar diagram with {n} crossings in {pieces} piece(s) has {n + 2 * pieces}; the labels do not describe a planar diagram (check the counter-clockwise order)";
        return null;
    }
}
