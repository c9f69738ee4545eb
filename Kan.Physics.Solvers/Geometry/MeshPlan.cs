namespace Kan.Physics.Solvers.Geometry;

/// <summary>Arithmetic shared by the mesh samplers: points per axis for a target count, and splitting a count over parts.</summary>
internal static class MeshPlan
{
    /// <summary>
    /// Points per axis for about <paramref name="target"/> points with equal spacing h = (prod L_i / target)^(1/k):
    /// n_i = max(1, round(L_i / h)), so a cube gets round(target^(1/k)) per axis.
    /// </summary>
    public static int[] PerAxis(ReadOnlySpan<double> extents, long target)
    {
        int k = extents.Length;
        double logVolume = 0;
        foreach (double length in extents) logVolume += Math.Log(length);
        double logH = (logVolume - Math.Log(target)) / k;
        var counts = new int[k];
        for (int i = 0; i < k; i++)
        {
            double n = Math.Round(Math.Exp(Math.Log(extents[i]) - logH), MidpointRounding.AwayFromZero);
            counts[i] = (int)Math.Clamp(n, 1, int.MaxValue);
        }
        return counts;
    }

    /// <summary>Splits <paramref name="count"/> in proportion to <paramref name="weights"/> by largest remainder, so the shares add up exactly.</summary>
    public static int[] Apportion(double[] weights, int count)
    {
        var share = new int[weights.Length];
        double total = weights.Sum();
        if (!(total > 0)) return share;
        var remainder = new double[weights.Length];
        int given = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double ideal = count * weights[i] / total;
            share[i] = (int)Math.Floor(ideal);
            remainder[i] = weights[i] > 0 ? ideal - share[i] : double.NegativeInfinity;
            given += share[i];
        }
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => remainder[i]).ThenBy(i => i).ToArray();
        for (int j = 0; given < count; j = (j + 1) % order.Length, given++) share[order[j]]++;
        return share;
    }
}
