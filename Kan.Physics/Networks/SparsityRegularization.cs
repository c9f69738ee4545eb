namespace Kan.Physics.Networks;

/// <summary>
/// The KAN paper's sparsity penalty, added to the data loss:
/// <c>Lambda * sum_l (L1 * |Phi_l|_1 + Entropy * S(Phi_l))</c>, where <c>|phi_ij|_1</c> is the mean of |phi_ij| over the
/// batch, <c>|Phi_l|_1</c> the sum of a layer's edge norms and <c>S = -sum p log p</c> with <c>p = |phi|_1/|Phi|_1</c>
/// (natural log). Defaults follow pykan (lamb_l1 = 1, lamb_entropy = 2).
/// </summary>
public sealed record SparsityRegularization(double Lambda, double L1 = 1.0, double Entropy = 2.0)
{
    internal bool IsActive => Lambda != 0 && (L1 != 0 || Entropy != 0);

    internal void Validate()
    {
        if (!double.IsFinite(Lambda) || Lambda < 0) throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, "Lambda must be finite and >= 0.");
        if (!double.IsFinite(L1) || L1 < 0) throw new ArgumentOutOfRangeException(nameof(L1), L1, "L1 must be finite and >= 0.");
        if (!double.IsFinite(Entropy) || Entropy < 0) throw new ArgumentOutOfRangeException(nameof(Entropy), Entropy, "Entropy must be finite and >= 0.");
    }

    /// <summary>
    /// Penalty of one layer from its mean absolute edge values <paramref name="edgeMeans"/>; writes d penalty / d mean into
    /// <paramref name="gradient"/>.
    /// </summary>
    internal double LayerPenalty(ReadOnlySpan<double> edgeMeans, Span<double> gradient)
    {
        double total = 0;
        foreach (double m in edgeMeans) total += m;
        gradient.Clear();
        if (!(total > 0)) return 0;
        double entropy = 0;
        foreach (double m in edgeMeans)
            if (m > 0) { double p = m / total; entropy -= p * Math.Log(p); }
        for (int e = 0; e < edgeMeans.Length; e++)
        {
            double m = edgeMeans[e];
            // d|Phi|/dm = 1; dS/dm = (-log p - S)/|Phi|. An edge with m = 0 has sign(phi) = 0 everywhere, so its gradient is unused.
            double dS = m > 0 ? (-Math.Log(m / total) - entropy) / total : 0;
            gradient[e] = Lambda * (L1 + Entropy * dS);
        }
        return Lambda * (L1 * total + Entropy * entropy);
    }
}
