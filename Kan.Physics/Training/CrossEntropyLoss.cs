using Kan.Physics.Networks;
using Kan.Physics.Jets;

namespace Kan.Physics.Training;

/// <summary>
/// Mean cross-entropy of class labels under softmax(outputs): <c>-(1/N) sum_s log softmax(y_s)[label_s]</c>.
/// With a single output it is the binary cross-entropy of sigmoid(y) against labels 0/1.
/// </summary>
public sealed class CrossEntropyLoss : IJetLoss
{
    private readonly int[] _labels;

    /// <param name="labels">One class index per sample, in [0, n_out) (0 or 1 when n_out = 1).</param>
    public CrossEntropyLoss(int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length == 0) throw new ArgumentException("No labels.", nameof(labels));
        _labels = labels;
    }

    public int Order => 0;

    public double Accumulate(int start, JetBlock outputs, JetBlock adjoint)
    {
        int w = outputs.Width, n = outputs.Count;
        double invN = 1.0 / _labels.Length, sum = 0;
        for (int s = 0; s < n; s++)
        {
            int label = _labels[start + s];
            if (w == 1)
            {
                if (label is not (0 or 1)) throw new ArgumentException($"Label {label} of sample {start + s} is not 0 or 1.", "labels");
                double z = outputs.V[s];
                // log(1 + e^-|z|) form keeps large |z| finite
                double softplus = Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
                sum += softplus - label * z;
                adjoint.V[s] = (1.0 / (1.0 + Math.Exp(-z)) - label) * invN;
                continue;
            }
            if ((uint)label >= (uint)w) throw new ArgumentException($"Label {label} of sample {start + s} is outside [0, {w}).", "labels");
            var y = outputs.V.AsSpan(s * w, w);
            double max = double.NegativeInfinity;
            foreach (double v in y) max = Math.Max(max, v);
            double z0 = 0;
            foreach (double v in y) z0 += Math.Exp(v - max);
            double logZ = max + Math.Log(z0);
            sum += logZ - y[label];
            for (int j = 0; j < w; j++) adjoint.V[s * w + j] = (Math.Exp(y[j] - logZ) - (j == label ? 1 : 0)) * invN;
        }
        return sum * invN;
    }
}
