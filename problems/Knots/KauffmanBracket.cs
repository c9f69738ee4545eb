namespace Kan.Physics.Problems.Knots;

/// <summary>
/// The Kauffman bracket &lt;D&gt; as a Laurent polynomial in A, normalised so that &lt;O&gt; = 1:
/// &lt;D&gt; = sum over states of A^(#A - #B) delta^(loops - 1), delta = -A^2 - A^-2. The A-smoothing of X[a,b,c,d]
/// joins (a,b) and (c,d); the B-smoothing joins (a,d) and (b,c).
/// </summary>
internal static class KauffmanBracket
{
    /// <summary>
    /// The bracket by planar contraction: crossings are added one at a time, and the partial state sum is kept as a map
    /// from "how the open edge ends are joined in pairs" to a polynomial.
    /// </summary>
    /// <remarks>
    /// States that join the boundary the same way contribute the same loops from then on, so they can be summed early;
    /// the number of such pairings is a Catalan number of half the boundary width, not 2^n, which keeps 12-crossing
    /// knots in microseconds and 30-crossing braid closures cheap. Crossings are taken greedily by how many of their
    /// edges are already open, which keeps the boundary narrow.
    /// </remarks>
    public static LaurentPolynomial Compute(PlanarDiagram diagram)
    {
        int n = diagram.CrossingCount;
        if (n == 0) return LaurentPolynomial.One;
        // each crossing shifts the A-degree by 1 and closes at most 2 loops (delta has degrees -2..2)
        int radius = 5 * n + 2, width = 2 * radius + 1;
        var crossings = diagram.Crossings;
        var openIndex = new int[2 * n + 1];
        Array.Fill(openIndex, -1);
        var open = new List<int>();
        var done = new bool[n];
        var start = new long[width];
        start[radius] = 1;
        var states = new Dictionary<string, long[]> { [""] = start };
        var labels = new int[4];
        var edgeMate = new int[4 * n + 8];
        var arcMate = new int[4 * n + 8];
        var visited = new bool[4 * n + 8];
        var endLabel = new int[4 * n + 8];
        int[][] smoothings = [[1, 0, 3, 2], [3, 2, 1, 0]]; // position -> joined position for the A- and B-smoothing

        for (int step = 0; step < n; step++)
        {
            int x = NextCrossing(crossings, done, openIndex);
            done[x] = true;
            for (int p = 0; p < 4; p++) labels[p] = crossings[x][p];
            int m = open.Count;

            // ends 0..m-1: the processed ends of the open edges; m..m+3: the crossing's four positions
            for (int i = 0; i < m; i++)
            {
                endLabel[i] = open[i];
                edgeMate[i] = -1;
            }
            for (int p = 0; p < 4; p++)
            {
                int e = m + p, l = labels[p];
                endLabel[e] = l;
                edgeMate[e] = -1;
                if (openIndex[l] >= 0)
                {
                    edgeMate[e] = openIndex[l];
                    edgeMate[openIndex[l]] = e;
                }
                else
                {
                    for (int q = 0; q < 4; q++)
                        if (q != p && labels[q] == l) edgeMate[e] = m + q;
                }
            }
            // the boundary after this crossing
            var nextOpen = new List<int>();
            foreach (int l in open)
                if (Array.IndexOf(labels, l) < 0) nextOpen.Add(l);
            for (int p = 0; p < 4; p++)
                if (edgeMate[m + p] < 0) nextOpen.Add(labels[p]);
            nextOpen.Sort();
            foreach (int l in open) openIndex[l] = -1;
            for (int i = 0; i < nextOpen.Count; i++) openIndex[nextOpen[i]] = i;

            var nextStates = new Dictionary<string, long[]>(states.Count * 2);
            var key = new char[nextOpen.Count];
            foreach (var (matching, poly) in states)
            {
                for (int i = 0; i < m; i++) arcMate[i] = matching[i];
                for (int smoothing = 0; smoothing < 2; smoothing++)
                {
                    var join = smoothings[smoothing];
                    for (int p = 0; p < 4; p++) arcMate[m + p] = m + join[p];
                    Array.Clear(visited, 0, m + 4);
                    // paths between free ends become the new pairing
                    for (int e = 0; e < m + 4; e++)
                    {
                        if (edgeMate[e] >= 0 || visited[e]) continue;
                        int cur = e;
                        while (true)
                        {
                            visited[cur] = true;
                            int a = arcMate[cur];
                            visited[a] = true;
                            if (edgeMate[a] < 0)
                            {
                                key[openIndex[endLabel[e]]] = (char)openIndex[endLabel[a]];
                                key[openIndex[endLabel[a]]] = (char)openIndex[endLabel[e]];
                                break;
                            }
                            cur = edgeMate[a];
                        }
                    }
                    // every remaining cycle passes through the crossing and is a closed loop
                    int loops = 0;
                    for (int e = m; e < m + 4; e++)
                    {
                        if (visited[e]) continue;
                        loops++;
                        int cur = e;
                        do
                        {
                            visited[cur] = true;
                            int a = arcMate[cur];
                            visited[a] = true;
                            cur = edgeMate[a];
                        } while (cur != e);
                    }
                    string k = new(key);
                    if (!nextStates.TryGetValue(k, out var target))
                    {
                        target = new long[width];
                        nextStates[k] = target;
                    }
                    AddTerm(target, poly, smoothing == 0 ? 1 : -1, loops);
                }
            }
            states = nextStates;
            open = nextOpen;
        }
        // every state closed at least one loop, and the normalisation <O> = 1 removes one factor delta
        var total = states[""];
        return DivideByDelta(total, radius);
    }

    private static int NextCrossing(IReadOnlyList<PdCrossing> crossings, bool[] done, int[] openIndex)
    {
        int best = -1, bestScore = -1;
        for (int x = 0; x < crossings.Count; x++)
        {
            if (done[x]) continue;
            int score = 0;
            for (int p = 0; p < 4; p++)
                if (openIndex[crossings[x][p]] >= 0) score++;
            if (score > bestScore)
            {
                best = x;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>target += A^shift delta^loops poly, on dense coefficient arrays of equal length.</summary>
    private static void AddTerm(long[] target, long[] poly, int shift, int loops)
    {
        if (loops == 0)
        {
            for (int i = Math.Max(0, -shift); i < poly.Length && i + shift < target.Length; i++)
                if (poly[i] != 0) target[i + shift] = checked(target[i + shift] + poly[i]);
            return;
        }
        var work = new long[poly.Length];
        for (int i = Math.Max(0, -shift); i < poly.Length && i + shift < work.Length; i++) work[i + shift] = poly[i];
        for (int l = 0; l < loops; l++) work = TimesDelta(work);
        for (int i = 0; i < work.Length; i++)
            if (work[i] != 0) target[i] = checked(target[i] + work[i]);
    }

    private static long[] TimesDelta(long[] p)
    {
        var r = new long[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == 0) continue;
            if (i < 2 || i + 2 >= p.Length) throw new InvalidOperationException("Kauffman bracket: degree bound exceeded");
            r[i - 2] = checked(r[i - 2] - p[i]);
            r[i + 2] = checked(r[i + 2] - p[i]);
        }
        return r;
    }

    /// <summary>Exact division by delta = -A^-2 (A^4 + 1) of a dense polynomial with A^0 at index <paramref name="radius"/>.</summary>
    private static LaurentPolynomial DivideByDelta(long[] p, int radius)
    {
        var rest = (long[])p.Clone();
        var quotient = new long[p.Length];
        for (int i = rest.Length - 1; i >= 4; i--)
        {
            if (rest[i] == 0) continue;
            quotient[i - 4] = rest[i];
            rest[i - 4] = checked(rest[i - 4] - rest[i]);
            rest[i] = 0;
        }
        if (rest.Any(c => c != 0)) throw new InvalidOperationException("Kauffman bracket: the state sum is not divisible by delta");
        // p / (A^4 + 1) has A^0 at index radius; dividing by -A^-2 multiplies by -A^2
        return new LaurentPolynomial(-radius + 2, quotient) * -1;
    }

    /// <summary>The bracket by the plain sum over all 2^n states (exponential; a reference for tests).</summary>
    public static LaurentPolynomial ComputeByStates(PlanarDiagram diagram)
    {
        int n = diagram.CrossingCount;
        if (n > 20) throw new ArgumentOutOfRangeException(nameof(diagram), n, "the plain state sum is limited to 20 crossings");
        if (n == 0) return LaurentPolynomial.One;
        var delta = new LaurentPolynomial(-2, [-1, 0, 0, 0, -1]);
        var deltaPowers = new List<LaurentPolynomial> { LaurentPolynomial.One };
        var loopCounts = new Dictionary<(int AminusB, int Loops), long>();
        var parent = new int[2 * n + 1];
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        for (long state = 0; state < 1L << n; state++)
        {
            for (int i = 0; i < parent.Length; i++) parent[i] = i;
            int components = 2 * n, aMinusB = 0;
            void Union(int u, int v)
            {
                int ru = Find(u), rv = Find(v);
                if (ru == rv) return;
                parent[ru] = rv;
                components--;
            }
            for (int x = 0; x < n; x++)
            {
                var (a, b, c, d) = diagram.Crossings[x];
                if ((state >> x & 1) == 0)
                {
                    aMinusB++;
                    Union(a, b);
                    Union(c, d);
                }
                else
                {
                    aMinusB--;
                    Union(a, d);
                    Union(b, c);
                }
            }
            var k = (aMinusB, components);
            loopCounts[k] = loopCounts.GetValueOrDefault(k) + 1;
        }
        var sum = LaurentPolynomial.Zero;
        foreach (var ((aMinusB, loops), count) in loopCounts)
        {
            while (deltaPowers.Count < loops) deltaPowers.Add(deltaPowers[^1] * delta);
            sum += deltaPowers[loops - 1].Shift(aMinusB) * count;
        }
        return sum;
    }
}
