using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// Residual-based adaptive resampling, RAD (Wu et al. 2023; <see cref="PinnOptions.ResampleEvery"/>): every so many
/// steps of a stage (never before its first), as many new collocation points as there are are drawn without
/// replacement from candidates with probability proportional to |r|^k / mean |r|^k + c.
/// </summary>
internal sealed class ResidualResampling(PinnLoss loss, PinnOptions options) : IStageAction
{
    public bool IsDue(StageStep at) => options.ResampleEvery > 0 && at.Step > 0 && at.Step % options.ResampleEvery == 0;

    public void Prepare(KanNetwork network, StageStep at)
    {
        if (!IsDue(at)) return;
        // the seed depends on where the run is, not on how it got there, so a resumed run draws the same points
        loss.ReplaceCollocationPoints(Draw(network, unchecked(options.Seed * 1_000_003 + at.Stage * 10_007 + at.Step)));
    }

    /// <summary>The new collocation points drawn from the candidate sampler's points with <paramref name="seed"/>.</summary>
    public double[] Draw(KanNetwork network, int seed)
    {
        var problem = loss.Problem;
        int d = problem.Pde.Dimension, n = problem.CollocationPoints.Length / d;
        int candidates = Math.Max(n, options.ResampleCandidates > 0 ? options.ResampleCandidates : 4 * n);
        double[] pool = options.CandidateSampler!(candidates, seed);
        if (pool.Length != candidates * d)
            throw new InvalidOperationException($"The candidate sampler returned {pool.Length} coordinates; expected {candidates * d}.");
        double[] sq = PinnSolver.PointwiseSquaredResiduals(network, problem, pool);
        double k = options.ResampleExponent, mean = 0;
        var w = new double[candidates];
        for (int i = 0; i < candidates; i++) { w[i] = Math.Pow(Math.Sqrt(sq[i]), k); mean += w[i]; }
        mean /= candidates;
        var rng = new Random(seed);
        // weighted sampling without replacement (Efraimidis-Spirakis): keep the n largest u^(1/w)
        var keys = new (double Key, int Index)[candidates];
        for (int i = 0; i < candidates; i++)
        {
            double weight = (mean > 0 ? w[i] / mean : 0) + options.ResampleConstant;
            keys[i] = (weight > 0 ? Math.Log(rng.NextDouble()) / weight : double.NegativeInfinity, i);
        }
        Array.Sort(keys, (a, b) => b.Key.CompareTo(a.Key));
        var chosen = new double[n * d];
        for (int t = 0; t < n; t++) Array.Copy(pool, keys[t].Index * d, chosen, t * d, d);
        return chosen;
    }
}
