namespace Kan.Physics.Problems.Knots;

/// <summary>
/// The knot signature by the Gordon-Litherland formula sigma = sign(G) - mu, with G a Goeritz matrix of a
/// checkerboard colouring and mu the correction over type-II crossings.
/// </summary>
/// <remarks>
/// Sign convention: sigma = sign(V + V^T) for a Seifert matrix V, so positive knots (the right-handed trefoil) have
/// negative signature. This route needs only the faces of the diagram, not a Seifert surface, and the inertia of the
/// small integer matrix G is computed exactly, so no eigenvalue has to be told apart from zero numerically.
/// </remarks>
internal static class GoeritzSignature
{
    /// <summary>The signature, with the faces of colour <paramref name="whiteColour"/> (0 or 1) as the white ones.</summary>
    /// <remarks>The colour of the face at corner 0 of crossing 0 is 0. Both choices give the same signature (a test checks it).</remarks>
    public static int Compute(PlanarDiagram knot, int whiteColour = 0)
    {
        if (whiteColour is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(whiteColour), whiteColour, "the colour must be 0 or 1");
        int n = knot.CrossingCount;
        if (n == 0) return 0;
        int faces = knot.FaceCount;

        // checkerboard colouring: the corners on either side of an edge end lie in faces of opposite colours
        var neighbours = new List<int>[faces];
        for (int f = 0; f < faces; f++) neighbours[f] = [];
        for (int corner = 0; corner < 4 * n; corner++)
        {
            int f = knot.FaceOfCorner(corner), g = knot.FaceOfCorner((corner & ~3) | ((corner + 1) & 3));
            neighbours[f].Add(g);
            neighbours[g].Add(f);
        }
        var colour = new int[faces];
        Array.Fill(colour, -1);
        var queue = new Queue<int>();
        for (int root = 0; root < faces; root++)
        {
            if (colour[root] >= 0) continue;
            colour[root] = 0;
            queue.Enqueue(root);
            while (queue.Count > 0)
            {
                int f = queue.Dequeue();
                foreach (int g in neighbours[f])
                {
                    if (colour[g] < 0)
                    {
                        colour[g] = 1 - colour[f];
                        queue.Enqueue(g);
                    }
                    else if (colour[g] == colour[f])
                        throw new InvalidOperationException($"diagram {knot} has no checkerboard colouring (face {f} borders itself across a strand)");
                }
            }
        }

        var whiteIndex = new int[faces];
        int whites = 0;
        for (int f = 0; f < faces; f++) whiteIndex[f] = colour[f] == whiteColour ? whites++ : -1;
        var goeritz = new long[whites, whites];
        int mu = 0;
        for (int x = 0; x < n; x++)
        {
            int w = colour[knot.FaceOfCorner(4 * x)] == whiteColour ? 0 : 1;
            int eta = w == 0 ? 1 : -1; // +1 when the white corners are {0, 2}, -1 for {1, 3}
            int i = whiteIndex[knot.FaceOfCorner(4 * x + w)], j = whiteIndex[knot.FaceOfCorner(4 * x + w + 2)];
            if (i != j)
            {
                goeritz[i, j] -= eta;
                goeritz[j, i] -= eta;
                goeritz[i, i] += eta;
                goeritz[j, j] += eta;
            }
            if (eta == knot.Signs[x]) mu += eta; // type II crossing
        }
        // the full Goeritz matrix has zero row sums; one white face's row and column are dropped
        var reduced = new long[whites - 1, whites - 1];
        for (int r = 0; r < whites - 1; r++)
            for (int c = 0; c < whites - 1; c++) reduced[r, c] = goeritz[r, c];
        var (positive, negative, _) = ExactLinearAlgebra.Inertia(reduced);
        return positive - negative - mu;
    }
}
