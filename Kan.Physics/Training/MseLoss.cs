using Kan.Physics.Networks;
using Kan.Physics.Jets;

namespace Kan.Physics.Training;

/// <summary>Mean squared error over all samples and outputs: <c>sum (y - t)^2 / (N * n_out)</c>.</summary>
public sealed class MseLoss : IJetLoss
{
    private readonly double[] _targets;
    private readonly double _scale;

    /// <param name="targets">N x n_out row-major targets.</param>
    /// <param name="count">N, the number of samples of the whole batch (the mean's denominator).</param>
    public MseLoss(double[] targets, int count)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "The batch must hold at least one sample.");
        if (targets.Length % count != 0) throw new ArgumentException($"{targets.Length} targets do not split into {count} samples.", nameof(targets));
        _targets = targets;
        _scale = 1.0 / targets.Length;
    }

    public int Order => 0;

    public double Accumulate(int start, JetBlock outputs, JetBlock adjoint)
    {
        int w = outputs.Width, n = outputs.Count;
        double sum = 0;
        long off = (long)start * w;
        for (int t = 0; t < n * w; t++)
        {
            double r = outputs.V[t] - _targets[off + t];
            sum += r * r;
            adjoint.V[t] = 2 * r * _scale;
        }
        return sum * _scale;
    }
}
