using Kan.Physics.Layers;
using Kan.Physics.Symbolic;
using Kan.Physics.Jets;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Networks;

/// <summary>
/// A Kolmogorov-Arnold network: a stack of <see cref="KanLayer"/>s of widths <c>[n_0, n_1, ..., n_L]</c> (node counts;
/// a layer may end in multiplication nodes, see <see cref="KanLayer"/> and <see cref="NodeWidth"/>).
/// Batches are row-major arrays (<c>inputs[s*n_0 + i]</c>). Evaluation is parallel over samples and deterministic.
/// </summary>
/// <remarks>Not safe for concurrent calls on the same instance (evaluation reuses scratch buffers); use <see cref="Clone"/>.</remarks>
public sealed class KanNetwork
{
    private readonly KanLayer[] _layers;
    private NetworkEvaluator? _evaluator;

    /// <summary>Assembles a network from layers whose widths chain (layer l's outputs = layer l+1's inputs).</summary>
    public KanNetwork(IEnumerable<KanLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers.ToArray();
        if (_layers.Length == 0) throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        for (int l = 0; l < _layers.Length; l++)
        {
            if (_layers[l] is null) throw new ArgumentException($"Layer {l} is null.", nameof(layers));
            if (l > 0 && _layers[l].InputCount != _layers[l - 1].NodeCount)
                throw new ArgumentException($"Mismatched widths: layer {l - 1} has {_layers[l - 1].NodeCount} nodes but layer {l} has {_layers[l].InputCount} inputs.", nameof(layers));
        }
    }

    /// <summary>A new network of the given widths (at least two, each >= 1), initialised as in the KAN paper.</summary>
    public static KanNetwork Create(IReadOnlyList<int> widths, KanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(widths);
        return Create(widths.Select(w => new NodeWidth(w)).ToArray(), options);
    }

    /// <summary>
    /// A new network whose widths may hold multiplication nodes (e.g. <c>NodeWidth.ParseList("2,[3,2],1")</c>), each
    /// multiplying <see cref="KanOptions.MultiplicationArity"/> outputs of its layer; initialised as in the KAN paper.
    /// Without multiplication nodes it is the network <see cref="Create(IReadOnlyList{int}, KanOptions?)"/> builds.
    /// </summary>
    public static KanNetwork Create(IReadOnlyList<NodeWidth> widths, KanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(widths);
        options ??= new KanOptions();
        options.Validate();
        if (widths.Count < 2) throw new ArgumentException($"Widths need at least an input and an output width; got {widths.Count} value(s).", nameof(widths));
        for (int l = 0; l < widths.Count; l++)
        {
            if (widths[l].Sum < 0 || widths[l].Multiplication < 0)
                throw new ArgumentException($"Width {l} is {widths[l]}; node counts cannot be negative.", nameof(widths));
            if (widths[l].Nodes < 1) throw new ArgumentException($"Width {l} is {widths[l]}; every width must have at least 1 node.", nameof(widths));
        }
        if (widths[0].Multiplication != 0)
            throw new ArgumentException($"The input width is {widths[0]}; inputs cannot be multiplication nodes.", nameof(widths));
        int arity = options.MultiplicationArity;
        var rng = new Random(options.Seed);
        var layers = new KanLayer[widths.Count - 1];
        for (int l = 0; l < layers.Length; l++)
        {
            var to = widths[l + 1];
            var layer = new KanLayer(widths[l].Nodes, to.LayerOutputs(arity), options.GridSize, options.Order, options.GridMin, options.GridMax,
                to.Multiplication, arity);
            double invSqrt = 1.0 / Math.Sqrt(widths[l].Nodes);
            for (int c = 0; c < layer.Coefficients.Length; c++)
                layer.Coefficients[c] = (rng.NextDouble() - 0.5) * options.NoiseScale / options.GridSize;
            for (int e = 0; e < layer.EdgeCount; e++)
            {
                layer.ScaleBase[e] = (options.ScaleBaseMu + options.ScaleBaseSigma * (2 * rng.NextDouble() - 1)) * invSqrt;
                layer.ScaleSpline[e] = options.ScaleSpline * invSqrt;
            }
            layers[l] = layer;
        }
        return new KanNetwork(layers);
    }

    /// <summary>
    /// Most threads one evaluation may use (-1: the runtime decides). Results do not depend on it: batches are split
    /// into partitions by size alone and reduced in a fixed order. Batch runners lower it to share cores between jobs.
    /// </summary>
    public static int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set => _maxDegreeOfParallelism = value == -1 || value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Must be -1 (no limit) or at least 1.");
    }
    private static int _maxDegreeOfParallelism = -1;

    public IReadOnlyList<KanLayer> Layers => _layers;
    /// <summary>Widths [n_0, ..., n_L]: node counts (sum plus multiplication nodes) of the inputs and after each layer.</summary>
    public int[] Widths => [_layers[0].InputCount, .. _layers.Select(l => l.NodeCount)];

    /// <summary>The widths with their multiplication nodes, as <see cref="Create(IReadOnlyList{NodeWidth}, KanOptions?)"/> takes them.</summary>
    public NodeWidth[] NodeWidths => [_layers[0].InputCount, .. _layers.Select(l => new NodeWidth(l.SumCount, l.MultiplicationCount))];

    /// <summary>Whether any layer has multiplication nodes.</summary>
    public bool HasMultiplicationNodes => _layers.Any(l => l.HasMultiplication);

    /// <summary>Number of inputs n_0.</summary>
    public int InputDimension => _layers[0].InputCount;
    /// <summary>Number of outputs n_L (the last layer's nodes).</summary>
    public int OutputDimension => _layers[^1].NodeCount;
    public int ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <summary>All trainable parameters, layer after layer (see <see cref="KanLayer.GetParameters"/>).</summary>
    public double[] GetParameters()
    {
        var p = new double[ParameterCount];
        GetParameters(p);
        return p;
    }

    public void GetParameters(Span<double> destination)
    {
        if (destination.Length != ParameterCount) throw new ArgumentException($"Expected {ParameterCount} values, got {destination.Length}.", nameof(destination));
        int o = 0;
        foreach (var l in _layers) { l.GetParameters(destination.Slice(o, l.ParameterCount)); o += l.ParameterCount; }
    }

    public void SetParameters(ReadOnlySpan<double> source)
    {
        if (source.Length != ParameterCount) throw new ArgumentException($"Expected {ParameterCount} values, got {source.Length}.", nameof(source));
        int o = 0;
        foreach (var l in _layers) { l.SetParameters(source.Slice(o, l.ParameterCount)); o += l.ParameterCount; }
    }

    /// <summary>Outputs for a batch: N x n_L row-major.</summary>
    public double[] Forward(double[] inputs)
    {
        int n = CheckInputs(inputs);
        int m = OutputDimension;
        var y = new double[n * m];
        Evaluator.Evaluate(inputs, n, null, 0, default, null, null,
            (start, w) => Array.Copy(w.Acts[^1].V, 0, y, (long)start * m, (long)w.Acts[^1].Count * m));
        return y;
    }

    /// <summary>Outputs and their derivatives with respect to the inputs, up to <paramref name="order"/> (1 or 2; 2 includes mixed second derivatives).</summary>
    public JetBlock ForwardJet(double[] inputs, int order)
    {
        if (order is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(order), order, "Jet order must be 0, 1 or 2.");
        int n = CheckInputs(inputs);
        var jet = new JetBlock(n, OutputDimension, InputDimension, order);
        Evaluator.Evaluate(inputs, n, null, order, default, null, null, (start, w) => CopyBlock(w.Acts[^1], jet, start));
        return jet;
    }

    /// <summary>
    /// Loss and gradients in one pass: returns the loss (and the sparsity penalty when <paramref name="regularization"/>
    /// is given), writes d total / d parameters into <paramref name="parameterGradient"/> (length <see cref="ParameterCount"/>,
    /// or empty to skip) and, when <paramref name="inputGradient"/> is given (N x n_0), d total / d inputs.
    /// </summary>
    public EvaluationResult Evaluate(double[] inputs, IJetLoss loss, Span<double> parameterGradient, double[]? inputGradient = null,
        SparsityRegularization? regularization = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        int n = CheckInputs(inputs);
        if (!parameterGradient.IsEmpty && parameterGradient.Length != ParameterCount)
            throw new ArgumentException($"Expected {ParameterCount} gradient entries, got {parameterGradient.Length}.", nameof(parameterGradient));
        if (inputGradient != null && inputGradient.Length != inputs.Length)
            throw new ArgumentException($"Expected {inputs.Length} input-gradient entries, got {inputGradient.Length}.", nameof(inputGradient));
        if (loss.Order is < 0 or > 2) throw new ArgumentException($"Loss order {loss.Order} is not 0, 1 or 2.", nameof(loss));
        regularization?.Validate();
        return Evaluator.Evaluate(inputs, n, loss, loss.Order, parameterGradient, inputGradient, regularization);
    }

    /// <summary>
    /// Backward pass for a given output adjoint (d loss / d output jet, same shape as <see cref="ForwardJet"/>'s result):
    /// writes the parameter gradient and, when given, the input gradient. Returns sum(adjoint * jet).
    /// </summary>
    public double Backward(double[] inputs, JetBlock outputAdjoint, Span<double> parameterGradient, double[]? inputGradient = null)
    {
        ArgumentNullException.ThrowIfNull(outputAdjoint);
        int n = CheckInputs(inputs);
        if (outputAdjoint.Count != n || outputAdjoint.Width != OutputDimension || outputAdjoint.Dimension != InputDimension)
            throw new ArgumentException("The adjoint's shape does not match the batch and the network.", nameof(outputAdjoint));
        return Evaluate(inputs, new GivenAdjoint(outputAdjoint), parameterGradient, inputGradient).Loss;
    }

    /// <summary>The inputs of every layer on a batch: result[l] is N x n_l row-major (result[0] is a copy of the inputs).</summary>
    public double[][] LayerInputs(double[] inputs)
    {
        int n = CheckInputs(inputs);
        var result = new double[_layers.Length][];
        for (int l = 0; l < _layers.Length; l++) result[l] = new double[n * _layers[l].InputCount];
        Evaluator.Evaluate(inputs, n, null, 0, default, null, null, (start, w) =>
        {
            for (int l = 0; l < _layers.Length; l++)
            {
                int width = _layers[l].InputCount;
                Array.Copy(w.Acts[l].V, 0, result[l], (long)start * width, (long)w.Acts[l].Count * width);
            }
        });
        return result;
    }

    /// <summary>
    /// Snaps edge (input, output) of layer <paramref name="layer"/> to the formula <c>c*f(a*x+b)+d</c>. The spline edge
    /// is masked out unless <paramref name="keepSpline"/> is set (then the edge is the sum of both, pykan's "both" mode).
    /// Formula edges support values and parameter gradients (data fitting), not input-derivative jets.
    /// </summary>
    public void FixSymbolic(int layer, int input, int output, SymbolicFunction function, SymbolicAffine affine, bool keepSpline = false)
    {
        var l = LayerAt(layer);
        l.Symbolic.Set(input, output, function, affine);
        if (!keepSpline) l.Mask[l.Edge(input, output)] = 0;
    }

    /// <summary>Snaps an edge to the result of an affine fit (see <see cref="EdgeSymbolicFit"/>).</summary>
    public void FixSymbolic(int layer, int input, int output, AffineFitResult fit, bool keepSpline = false)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (!fit.Succeeded) throw new ArgumentException($"The fit of '{fit.Function.Name}' failed ({fit.Failure}); it cannot be put on an edge.", nameof(fit));
        FixSymbolic(layer, input, output, fit.Function, new SymbolicAffine(fit.A, fit.B, fit.C, fit.D), keepSpline);
    }

    /// <summary>Removes an edge's formula and (by default) turns its spline edge back on.</summary>
    public void RemoveSymbolic(int layer, int input, int output, bool restoreSpline = true)
    {
        var l = LayerAt(layer);
        l.Symbolic.Remove(input, output);
        if (restoreSpline) l.Mask[l.Edge(input, output)] = 1;
    }

    /// <summary>Whether any edge of the network carries a formula.</summary>
    public bool HasSymbolicEdges => _layers.Any(l => l.Symbolic.ActiveCount > 0);

    private KanLayer LayerAt(int layer) => (uint)layer < (uint)_layers.Length ? _layers[layer]
        : throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The network has {_layers.Length} layers.");

    /// <summary>Moves the knots to the samples and refits the splines (see <see cref="GridAdaptation.UpdateFromSamples"/>).</summary>
    public void UpdateGrid(double[] inputs, double gridEps = 0.02, IReadOnlyList<(double Lo, double Hi)>? inputDomain = null)
        => GridAdaptation.UpdateFromSamples(this, inputs, gridEps, inputDomain);

    /// <summary>A copy on a finer (or coarser) grid fitted to this one (see <see cref="GridAdaptation.Refine"/>).</summary>
    public KanNetwork Refine(int gridSize) => GridAdaptation.Refine(this, gridSize);

    /// <summary>A deep copy (parameters, masks and grids).</summary>
    public KanNetwork Clone() => new(_layers.Select(l => l.Clone()));

    private NetworkEvaluator Evaluator => _evaluator ??= new NetworkEvaluator(this);

    internal int CheckInputs(double[] inputs, string name = "inputs")
    {
        ArgumentNullException.ThrowIfNull(inputs, name);
        int d = InputDimension;
        if (inputs.Length == 0) throw new ArgumentException("The batch is empty.", name);
        if (inputs.Length % d != 0) throw new ArgumentException($"The batch has {inputs.Length} values, not a multiple of the input dimension {d}.", name);
        if (!AllFinite(inputs))
            for (int i = 0; i < inputs.Length; i++)
                if (!double.IsFinite(inputs[i]))
                    throw new ArgumentException($"Input value {inputs[i]} at sample {i / d}, column {i % d} is not finite.", name);
        return inputs.Length / d;
    }

    /// <summary>Whether every value is finite: x - x is 0 for finite x and NaN for an infinity or NaN; eight at a time.</summary>
    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        int i = 0;
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            var acc = System.Runtime.Intrinsics.Vector512<double>.Zero;
            ref double r = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(values);
            for (; i <= values.Length - 8; i += 8)
            {
                var v = System.Runtime.Intrinsics.Vector512.LoadUnsafe(ref r, (nuint)i);
                acc += v - v;
            }
            if (acc != System.Runtime.Intrinsics.Vector512<double>.Zero) return false;
        }
        for (; i < values.Length; i++)
            if (!double.IsFinite(values[i])) return false;
        return true;
    }

    private static void CopyBlock(JetBlock src, JetBlock dst, int start)
    {
        int n = src.Count, w = src.Width;
        Array.Copy(src.V, 0, dst.V, (long)start * w, (long)n * w);
        if (src.Order >= 1) Array.Copy(src.D1, 0, dst.D1, (long)start * src.Dimension * w, (long)n * src.Dimension * w);
        if (src.Order >= 2) Array.Copy(src.D2, 0, dst.D2, (long)start * src.Pairs * w, (long)n * src.Pairs * w);
    }

    /// <summary>A linear "loss" sum(adjoint * jet) whose output adjoint is the given one.</summary>
    private sealed class GivenAdjoint(JetBlock adjoint) : IJetLoss
    {
        public int Order => adjoint.Order;

        public double Accumulate(int start, JetBlock outputs, JetBlock adj)
        {
            int n = outputs.Count, w = outputs.Width;
            double sum = 0;
            void Part(double[] src, double[] dst, double[] y, int stride)
            {
                long off = (long)start * stride;
                for (int t = 0; t < n * stride; t++) { dst[t] = src[off + t]; sum += dst[t] * y[t]; }
            }
            Part(adjoint.V, adj.V, outputs.V, w);
            if (Order >= 1) Part(adjoint.D1, adj.D1, outputs.D1, outputs.Dimension * w);
            if (Order >= 2) Part(adjoint.D2, adj.D2, outputs.D2, outputs.Pairs * w);
            return sum;
        }
    }
}
