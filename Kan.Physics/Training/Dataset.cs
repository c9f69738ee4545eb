using Kan.Physics.Networks;
namespace Kan.Physics.Training;

/// <summary>Samples for fitting: N x n_in inputs and N x n_out targets, row-major, all finite.</summary>
public sealed class Dataset
{
    public double[] Inputs { get; }
    public double[] Targets { get; }
    public int Count { get; }
    public int InputDimension { get; }
    public int OutputDimension { get; }

    public Dataset(double[] inputs, double[] targets, int inputDimension, int outputDimension = 1)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputDimension < 1) throw new ArgumentOutOfRangeException(nameof(inputDimension), inputDimension, "The input dimension must be at least 1.");
        if (outputDimension < 1) throw new ArgumentOutOfRangeException(nameof(outputDimension), outputDimension, "The output dimension must be at least 1.");
        if (inputs.Length == 0) throw new ArgumentException("The dataset is empty.", nameof(inputs));
        if (inputs.Length % inputDimension != 0)
            throw new ArgumentException($"{inputs.Length} input values do not split into rows of {inputDimension}.", nameof(inputs));
        int n = inputs.Length / inputDimension;
        if (targets.Length != n * outputDimension)
            throw new ArgumentException($"Expected {n * outputDimension} target values ({n} samples x {outputDimension}), got {targets.Length}.", nameof(targets));
        for (int t = 0; t < inputs.Length; t++)
            if (!double.IsFinite(inputs[t])) throw new ArgumentException($"Input {inputs[t]} of sample {t / inputDimension}, column {t % inputDimension} is not finite.", nameof(inputs));
        for (int t = 0; t < targets.Length; t++)
            if (!double.IsFinite(targets[t])) throw new ArgumentException($"Target {targets[t]} of sample {t / outputDimension}, column {t % outputDimension} is not finite.", nameof(targets));
        Inputs = inputs; Targets = targets; Count = n; InputDimension = inputDimension; OutputDimension = outputDimension;
    }

    /// <summary>
    /// <paramref name="count"/> samples of <paramref name="function"/> at points uniform in the box
    /// [lower_i, upper_i] (one pair per input), drawn from a generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static Dataset FromFunction(Func<double[], double> function, int count, double[] lower, double[] upper, int seed)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one sample is needed.");
        if (lower.Length == 0 || lower.Length != upper.Length) throw new ArgumentException("lower and upper need one bound per input.", nameof(upper));
        int d = lower.Length;
        var rng = new Random(seed);
        var x = new double[count * d];
        var y = new double[count];
        var row = new double[d];
        for (int s = 0; s < count; s++)
        {
            for (int i = 0; i < d; i++) row[i] = x[s * d + i] = lower[i] + (upper[i] - lower[i]) * rng.NextDouble();
            y[s] = function(row);
        }
        return new Dataset(x, y, d);
    }

    /// <summary>Root mean square error of <paramref name="network"/>'s outputs against the targets (over every output).</summary>
    public double Rmse(Networks.KanNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var y = network.Forward(Inputs);
        double sum = 0;
        for (int t = 0; t < y.Length; t++) { double e = y[t] - Targets[t]; sum += e * e; }
        return Math.Sqrt(sum / y.Length);
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0) throw new ArgumentException("A subset needs at least one index.", nameof(indices));
        var x = new double[indices.Count * InputDimension];
        var y = new double[indices.Count * OutputDimension];
        for (int t = 0; t < indices.Count; t++)
        {
            int s = indices[t];
            if ((uint)s >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), s, $"Index must be in [0, {Count}).");
            Array.Copy(Inputs, s * InputDimension, x, t * InputDimension, InputDimension);
            Array.Copy(Targets, s * OutputDimension, y, t * OutputDimension, OutputDimension);
        }
        return new Dataset(x, y, InputDimension, OutputDimension);
    }
}
