using System.Collections.ObjectModel;
using System.Globalization;
using System.Reflection;
using Kan.Physics.EdgeFunctions;
using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Splines;

namespace Kan.Physics.Serialization;

/// <summary>
/// A <see cref="KanNetwork"/> as plain arrays: the one description of a stored network that every file format maps
/// onto its bytes (the binary <c>.kan</c> file of <see cref="KanNetworkSerializer"/>, the <c>model</c> group of a
/// result file). It holds exactly what reloads the network bit for bit: widths, and per layer the grid points of each
/// input, coefficients, scales, mask and formula edges, plus free-form metadata and the version of the writer.
/// </summary>
/// <remarks>
/// <see cref="FromNetwork"/> copies a network into a snapshot; <see cref="ToNetwork(ISnapshotLocator)"/> validates a snapshot (see
/// <see cref="Validate"/>) and builds the network, rebuilding each input's B-spline basis (and so its extension knots)
/// from the stored grid points, which reproduces the knots exactly. A format reads its raw arrays into a snapshot,
/// checking only what it needs to read them (counts and shapes), and leaves every check of values to
/// <see cref="Validate"/>, naming the place of a bad value through an <see cref="ISnapshotLocator"/>.
/// </remarks>
public sealed record NetworkSnapshot
{
    private static readonly SymbolicLibrary DefaultLibrary = SymbolicLibrary.CreateDefault();

    /// <summary>Node counts of the layers' boundaries: inputs of layer 0, then the nodes of each layer (its outputs, less
    /// what its multiplication nodes merge; see <see cref="LayerSnapshot.NodeCount"/>).</summary>
    public required IReadOnlyList<int> Widths { get; init; }

    /// <summary>One entry per layer (one fewer than <see cref="Widths"/>).</summary>
    public required IReadOnlyList<LayerSnapshot> Layers { get; init; }

    /// <summary>Free-form metadata saved with the network (run, data set, units, ...); empty when none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The Kan.Physics version that wrote (or, from <see cref="FromNetwork"/>, will write) the snapshot.</summary>
    public string KanPhysicsVersion { get; init; } = "";

    /// <summary>Whether any layer has multiplication nodes.</summary>
    public bool HasMultiplicationNodes => Layers.Any(l => l.MultiplicationCount > 0);

    /// <summary>Whether any layer has formula edges.</summary>
    public bool HasSymbolicEdges => Layers.Any(l => l.SymbolicEdges.Count > 0);

    /// <summary>The informational version of this build of Kan.Physics, as written into new snapshots.</summary>
    public static string LibraryVersion { get; } =
        typeof(KanNetwork).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(KanNetwork).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>
    /// Copies <paramref name="network"/> (and <paramref name="metadata"/>, sorted by key) into a snapshot stamped with
    /// <see cref="LibraryVersion"/>; later changes to the network do not reach the snapshot.
    /// </summary>
    /// <exception cref="ArgumentNullException">A null network.</exception>
    /// <exception cref="ArgumentException">The metadata holds a null key or value.</exception>
    public static NetworkSnapshot FromNetwork(KanNetwork network, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (metadata != null)
        {
            foreach (var (key, value) in metadata)
            {
                if (key is null) throw new ArgumentException("Metadata keys must not be null.", nameof(metadata));
                if (value is null) throw new ArgumentException($"Metadata value of key '{key}' is null.", nameof(metadata));
                sorted.Add(key, value);
            }
        }
        return new NetworkSnapshot
        {
            Widths = network.Widths.ToArray(),
            Layers = network.Layers.Select(LayerSnapshot.FromLayer).ToArray(),
            Metadata = new ReadOnlyDictionary<string, string>(sorted),
            KanPhysicsVersion = LibraryVersion,
        };
    }

    /// <summary>Validates the snapshot (problems reported as <see cref="ArgumentException"/>) and builds the network.</summary>
    public KanNetwork ToNetwork() => ToNetwork(ArgumentLocator.Instance);

    /// <summary>
    /// Validates the snapshot, reporting a problem through <paramref name="locator"/> (so a reader names the file and
    /// the byte or dataset), and builds the network. It either returns a complete network or throws.
    /// </summary>
    public KanNetwork ToNetwork(ISnapshotLocator locator)
    {
        Validate(locator);
        var layers = new KanLayer[Layers.Count];
        for (int l = 0; l < layers.Length; l++)
        {
            var s = Layers[l];
            var layer = new KanLayer(s.InputCount, s.OutputCount, s.GridSize, s.Order,
                multiplicationCount: s.MultiplicationCount, multiplicationArity: s.MultiplicationArity);
            BSplineBasis? last = null;
            for (int i = 0; i < s.InputCount; i++)
            {
                var points = s.GridPoints.AsSpan(i * (s.GridSize + 1), s.GridSize + 1);
                // Inputs usually share a grid; share the (immutable) basis object then, as KanLayer itself does.
                if (last == null || !last.GridPoints.SequenceEqual(points)) last = new BSplineBasis(points, s.Order);
                layer.SetBasis(i, last);
            }
            s.Coefficients.CopyTo(layer.Coefficients, 0);
            s.ScaleBase.CopyTo(layer.ScaleBase, 0);
            s.ScaleSpline.CopyTo(layer.ScaleSpline, 0);
            s.Mask.CopyTo(layer.Mask, 0);
            foreach (var edge in s.SymbolicEdges)
                layer.Symbolic.Set(edge.Input, edge.Output, DefaultLibrary[edge.Function], edge.Affine);
            layers[l] = layer;
        }
        return new KanNetwork(layers);
    }

    /// <summary>
    /// Whether a layer of these sizes can be held in memory: every array it and its B-spline bases allocate stays
    /// within <see cref="Array.MaxLength"/>. Readers check it before allocating, so a forged size fails cleanly.
    /// </summary>
    public static bool FitsInMemory(long inputs, long outputs, long gridSize, long order)
    {
        // in double, so that forged counts cannot overflow the products
        double i = inputs, o = outputs, g = gridSize, k = order;
        return i * o * (g + k + 2) <= Array.MaxLength && k * (g + 4 * k + 1) <= Array.MaxLength && i * (g + 1) <= Array.MaxLength;
    }

    /// <summary>
    /// Checks everything a network needs, the one validation behind saving and loading in every format: the shape
    /// (widths, counts, G and k, array lengths), that every grid point, coefficient, scale, mask value and formula
    /// constant is finite, that each input's grid points strictly increase, and that formula edges lie inside their
    /// layer, are listed once each in ascending edge order and name functions of the default symbolic library (the
    /// only ones a reader can rebuild). The first problem is thrown through <paramref name="locator"/>.
    /// </summary>
    public void Validate(ISnapshotLocator locator)
    {
        ArgumentNullException.ThrowIfNull(locator);
        if (Widths.Count < 2 || Widths.Any(w => w < 1))
            throw Fail(locator, new SnapshotItem(-1, SnapshotPart.Widths, 0), $"are [{string.Join(", ", Widths)}]; at least two widths, each >= 1, are needed");
        if (Layers.Count != Widths.Count - 1)
            throw Fail(locator, new SnapshotItem(-1, SnapshotPart.Widths, 0), $"give {Widths.Count - 1} layers, but there are {Layers.Count}");
        for (int l = 0; l < Layers.Count; l++) ValidateShape(locator, l);
        for (int l = 0; l < Layers.Count; l++) ValidateValues(locator, l);
    }

    private void ValidateShape(ISnapshotLocator locator, int l)
    {
        var s = Layers[l];
        var item = new SnapshotItem(l, SnapshotPart.Layer, 0);
        if (s.MultiplicationCount < 0 || s.MultiplicationArity < 2 || (long)s.MultiplicationCount * s.MultiplicationArity > s.OutputCount)
            throw Fail(locator, item, $"has {s.MultiplicationCount} multiplication node(s) of arity {s.MultiplicationArity} for {s.OutputCount} outputs; the count must be >= 0, the arity >= 2 and count*arity <= outputs");
        if (s.InputCount != Widths[l] || s.NodeCount != Widths[l + 1])
            throw Fail(locator, item, s.MultiplicationCount == 0
                ? $"has {s.InputCount} inputs and {s.OutputCount} outputs, but the widths give {Widths[l]} and {Widths[l + 1]}"
                : $"has {s.InputCount} inputs and {s.NodeCount} nodes ({s.OutputCount} outputs, {s.MultiplicationCount} multiplication nodes of arity {s.MultiplicationArity}), but the widths give {Widths[l]} and {Widths[l + 1]}");
        if (s.GridSize < 1 || s.Order < 1)
            throw Fail(locator, item, $"has G={s.GridSize}, k={s.Order}; both must be >= 1");
        if (!FitsInMemory(s.InputCount, s.OutputCount, s.GridSize, s.Order))
            throw Fail(locator, item, $"has {s.InputCount}x{s.OutputCount} edges with G={s.GridSize}, k={s.Order}, too large to load");
        long edges = (long)s.InputCount * s.OutputCount;
        CheckLength(locator, l, SnapshotPart.GridPoints, s.GridPoints, (long)s.InputCount * (s.GridSize + 1));
        CheckLength(locator, l, SnapshotPart.Coefficients, s.Coefficients, edges * (s.GridSize + s.Order));
        CheckLength(locator, l, SnapshotPart.ScaleBase, s.ScaleBase, edges);
        CheckLength(locator, l, SnapshotPart.ScaleSpline, s.ScaleSpline, edges);
        CheckLength(locator, l, SnapshotPart.Mask, s.Mask, edges);
    }

    private static void CheckLength(ISnapshotLocator locator, int l, SnapshotPart part, double[] values, long expected)
    {
        if (values is null || values.Length != expected)
            throw Fail(locator, new SnapshotItem(l, part, 0), $"holds {values?.Length ?? 0} values; the layer's shape needs {expected}");
    }

    private void ValidateValues(ISnapshotLocator locator, int l)
    {
        var s = Layers[l];
        int n = s.GridSize + 1;
        for (int p = 0; p < s.GridPoints.Length; p++)
        {
            double x = s.GridPoints[p];
            if (!double.IsFinite(x)) throw NonFinite(locator, new SnapshotItem(l, SnapshotPart.GridPoints, p), x);
            if (p % n > 0 && !(x > s.GridPoints[p - 1]))
                throw Fail(locator, new SnapshotItem(l, SnapshotPart.GridPoints, p),
                    $"is {Format(x)}, not above the grid point before it ({Format(s.GridPoints[p - 1])})");
        }
        CheckFinite(locator, l, SnapshotPart.Coefficients, s.Coefficients);
        CheckFinite(locator, l, SnapshotPart.ScaleBase, s.ScaleBase);
        CheckFinite(locator, l, SnapshotPart.ScaleSpline, s.ScaleSpline);
        CheckFinite(locator, l, SnapshotPart.Mask, s.Mask);

        int previous = -1;
        for (int t = 0; t < s.SymbolicEdges.Count; t++)
        {
            var edge = s.SymbolicEdges[t];
            var at = new SnapshotItem(l, SnapshotPart.SymbolicEdge, t);
            if (edge.Input < 0 || edge.Input >= s.InputCount || edge.Output < 0 || edge.Output >= s.OutputCount)
                throw Fail(locator, at, $"is edge ({edge.Input},{edge.Output}), outside the layer's {s.InputCount}x{s.OutputCount} edges");
            int e = edge.Input * s.OutputCount + edge.Output;
            if (e <= previous)
                throw Fail(locator, at, $"is edge ({edge.Input},{edge.Output}); edges must be listed once each, in ascending order");
            previous = e;
            if (edge.Function is null || !DefaultLibrary.Contains(edge.Function))
                throw Fail(locator, new SnapshotItem(l, SnapshotPart.SymbolicFunction, t),
                    $"is '{edge.Function}', which is not in the default symbolic library");
            ReadOnlySpan<double> k = [edge.Affine.A, edge.Affine.B, edge.Affine.C, edge.Affine.D];
            for (int c = 0; c < 4; c++)
                if (!double.IsFinite(k[c])) throw NonFinite(locator, new SnapshotItem(l, SnapshotPart.SymbolicAffine, 4 * t + c), k[c]);
        }
    }

    private static void CheckFinite(ISnapshotLocator locator, int l, SnapshotPart part, double[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw NonFinite(locator, new SnapshotItem(l, part, i), values[i]);
    }

    private static Exception NonFinite(ISnapshotLocator locator, SnapshotItem item, double value)
        => Fail(locator, item, $"is non-finite ({Format(value)})");

    private static Exception Fail(ISnapshotLocator locator, SnapshotItem item, string problem)
        => locator.Error(item, $"{locator.Describe(item)} {problem}");

    private static string Format(double x) => x.ToString(CultureInfo.InvariantCulture);

    /// <summary>Names items plainly and reports problems as <see cref="ArgumentException"/>, for snapshots built in code.</summary>
    private sealed class ArgumentLocator : ISnapshotLocator
    {
        public static readonly ArgumentLocator Instance = new();

        public string Describe(SnapshotItem item) => item.Describe();

        public Exception Error(SnapshotItem item, string message) => new ArgumentException($"Network snapshot: {message}.");
    }
}

/// <summary>One layer of a <see cref="NetworkSnapshot"/>: its shape and its arrays in <see cref="KanLayer"/> storage order.</summary>
/// <param name="InputCount">Inputs of the layer.</param>
/// <param name="OutputCount">Outputs of the layer.</param>
/// <param name="GridSize">G, grid intervals of each input.</param>
/// <param name="Order">k, the B-spline order.</param>
/// <param name="GridPoints">The G+1 grid points of each input, input after input (InputCount x (G+1), row-major).</param>
/// <param name="Coefficients">B-spline coefficients, edge e = i*OutputCount + j after edge, G+k per edge.</param>
/// <param name="ScaleBase">Base-function scale of each edge.</param>
/// <param name="ScaleSpline">Spline scale of each edge.</param>
/// <param name="Mask">Mask of each edge.</param>
/// <param name="SymbolicEdges">Formula edges in ascending edge order.</param>
/// <param name="MultiplicationCount">Multiplication nodes of the layer (0 for none; see <see cref="KanLayer"/>).</param>
/// <param name="MultiplicationArity">Outputs each multiplication node multiplies (2 when there are none).</param>
public sealed record LayerSnapshot(
    int InputCount, int OutputCount, int GridSize, int Order,
    double[] GridPoints, double[] Coefficients, double[] ScaleBase, double[] ScaleSpline, double[] Mask,
    IReadOnlyList<SymbolicEdgeSnapshot> SymbolicEdges, int MultiplicationCount = 0, int MultiplicationArity = 2)
{
    /// <summary>Nodes the next layer reads: <c>OutputCount - (MultiplicationArity - 1) * MultiplicationCount</c>.</summary>
    public int NodeCount => OutputCount - (MultiplicationArity - 1) * MultiplicationCount;

    /// <summary>A copy of <paramref name="layer"/>'s arrays and formula edges.</summary>
    public static LayerSnapshot FromLayer(KanLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var grid = new double[layer.InputCount * (layer.GridSize + 1)];
        for (int i = 0; i < layer.InputCount; i++) layer.Basis(i).GridPoints.CopyTo(grid.AsSpan(i * (layer.GridSize + 1)));
        var symbolic = new SymbolicEdgeSnapshot[layer.Symbolic.ActiveCount];
        for (int t = 0; t < symbolic.Length; t++)
        {
            int e = layer.Symbolic.ActiveEdges[t], i = e / layer.OutputCount, j = e % layer.OutputCount;
            symbolic[t] = new SymbolicEdgeSnapshot(i, j, layer.Symbolic.Function(i, j)!.Name, layer.Symbolic.Affine(i, j));
        }
        return new LayerSnapshot(layer.InputCount, layer.OutputCount, layer.GridSize, layer.Order, grid,
            layer.Coefficients.ToArray(), layer.ScaleBase.ToArray(), layer.ScaleSpline.ToArray(), layer.Mask.ToArray(), symbolic,
            layer.MultiplicationCount, layer.MultiplicationArity);
    }

    /// <summary>The G+1 grid points of input <paramref name="input"/>.</summary>
    public ReadOnlySpan<double> GridPointsOf(int input) => GridPoints.AsSpan(input * (GridSize + 1), GridSize + 1);
}

/// <summary>A formula edge <c>c*f(a*x+b)+d</c> of a <see cref="LayerSnapshot"/>.</summary>
/// <param name="Input">Input i of the edge.</param>
/// <param name="Output">Output j of the edge.</param>
/// <param name="Function">Name of f in <see cref="SymbolicLibrary.CreateDefault"/>.</param>
/// <param name="Affine">The constants a, b, c, d.</param>
public readonly record struct SymbolicEdgeSnapshot(int Input, int Output, string Function, SymbolicAffine Affine);

/// <summary>The parts of a <see cref="NetworkSnapshot"/> a validation problem can lie in.</summary>
public enum SnapshotPart
{
    /// <summary>The widths (the layer is -1).</summary>
    Widths,
    /// <summary>A layer's shape: counts, G, k (index 0).</summary>
    Layer,
    /// <summary><see cref="LayerSnapshot.GridPoints"/>; index input*(G+1) + point.</summary>
    GridPoints,
    /// <summary><see cref="LayerSnapshot.Coefficients"/>.</summary>
    Coefficients,
    /// <summary><see cref="LayerSnapshot.ScaleBase"/>.</summary>
    ScaleBase,
    /// <summary><see cref="LayerSnapshot.ScaleSpline"/>.</summary>
    ScaleSpline,
    /// <summary><see cref="LayerSnapshot.Mask"/>.</summary>
    Mask,
    /// <summary>The input and output of formula edge number index.</summary>
    SymbolicEdge,
    /// <summary>The function name of formula edge number index.</summary>
    SymbolicFunction,
    /// <summary>The constants of formula edges; index 4*edge + (0 for a, 1 b, 2 c, 3 d).</summary>
    SymbolicAffine,
}

/// <summary>Where a validation problem of a <see cref="NetworkSnapshot"/> lies: layer, part and index within the part.</summary>
/// <param name="Layer">The layer (-1 for <see cref="SnapshotPart.Widths"/>).</param>
/// <param name="Part">The part of the layer.</param>
/// <param name="Index">The index within the part's array (see <see cref="SnapshotPart"/>).</param>
public readonly record struct SnapshotItem(int Layer, SnapshotPart Part, int Index)
{
    /// <summary>A format-free name, such as <c>mask value 3 of layer 1</c>.</summary>
    public string Describe() => Part switch
    {
        SnapshotPart.Widths => "the widths",
        SnapshotPart.Layer => $"layer {Layer}",
        SnapshotPart.GridPoints => $"grid point {Index} of layer {Layer} (input-major)",
        SnapshotPart.Coefficients => $"coefficient value {Index} of layer {Layer}",
        SnapshotPart.ScaleBase => $"scale_base value {Index} of layer {Layer}",
        SnapshotPart.ScaleSpline => $"scale_spline value {Index} of layer {Layer}",
        SnapshotPart.Mask => $"mask value {Index} of layer {Layer}",
        SnapshotPart.SymbolicEdge => $"formula edge {Index} of layer {Layer}",
        SnapshotPart.SymbolicFunction => $"the function of formula edge {Index} of layer {Layer}",
        _ => $"constant {"abcd"[Index % 4]} of formula edge {Index / 4} of layer {Layer}",
    };
}

/// <summary>
/// How a format names the items of a <see cref="NetworkSnapshot"/> in messages and which exception it raises, so the
/// shared <see cref="NetworkSnapshot.Validate"/> reports a bad value where that format keeps it (a byte offset in a
/// <c>.kan</c> file, a dataset and index in a result file).
/// </summary>
public interface ISnapshotLocator
{
    /// <summary>The name of <paramref name="item"/> that starts a message: <c>mask value 3 of layer 1</c>, <c>/model/layer_1/mask value 3 (row-major)</c>.</summary>
    string Describe(SnapshotItem item);

    /// <summary>The exception for <paramref name="message"/> (which starts with <see cref="Describe"/>) about <paramref name="item"/>.</summary>
    Exception Error(SnapshotItem item, string message);
}
