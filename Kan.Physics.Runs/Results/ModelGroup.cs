using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Serialization;
using Kan.Physics.Splines;
using PureHDF;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Runs.Results;

/// <summary>
/// The <c>model</c> group of a result file: a <see cref="KanNetwork"/> stored so that it reloads bit for bit.
/// </summary>
/// <remarks>
/// Layout: attribute <c>widths</c> (int32[L+1]) and, per layer l, a subgroup <c>layer_&lt;l&gt;</c> with int32 attributes
/// <c>input_count</c>, <c>output_count</c>, <c>grid_size</c> (G), <c>order</c> (k) and float64 datasets
/// <c>grid_points</c> (inputs x (G+1)), <c>coefficients</c> (inputs x outputs x (G+k)), <c>scale_base</c>,
/// <c>scale_spline</c> and <c>mask</c> (inputs x outputs). Row-major order makes every dataset the flat
/// <see cref="KanLayer"/> array (edge e = i*outputs + j), so nothing is reordered. The content is a
/// <see cref="NetworkSnapshot"/>, the description the <c>.kan</c> format of <see cref="KanNetworkSerializer"/> shares:
/// writing maps the network's snapshot onto datasets, reading fills a snapshot from them and lets
/// <see cref="NetworkSnapshot.ToNetwork(ISnapshotLocator)"/> validate it (naming the dataset and index of a bad value)
/// and rebuild the network, extension knots included, from the stored grid points.
/// <para>Formula edges (<see cref="KanLayer.Symbolic"/>), when a layer has any, are three parallel datasets of one row
/// per edge in ascending edge order: <c>symbolic_edges</c> (n x 2 int32: input, output), <c>symbolic_functions</c>
/// (n strings: names in <see cref="SymbolicLibrary.CreateDefault"/>) and <c>symbolic_affine</c> (n x 4 float64:
/// a, b, c, d of <c>c*f(a*x+b)+d</c>). Parallel plain arrays rather than one compound dataset, so that every HDF5
/// tool shows them without compound-type support; a layer without formula edges has none of the three.</para>
/// <para>Multiplication nodes (<see cref="KanLayer.MultiplicationCount"/>), when a layer has any, are two int32
/// attributes of its group, <c>mult_count</c> and <c>mult_arity</c>; <c>output_count</c> then counts the layer's outputs
/// (sub-nodes) and <c>widths</c> its nodes. A layer without them has neither attribute, so older files read as before.</para>
/// <para>Extending: a new per-layer item is one more field of <see cref="LayerSnapshot"/>, one more entry in
/// <see cref="BuildLayer"/> and an optional read in <see cref="ReadLayer"/> (as the formula edges show); the reader looks up only the names it knows, so older builds ignore new
/// datasets and attributes and newer builds treat their absence as "none".</para>
/// </remarks>
internal static class ModelGroup
{
    public const string Name = "model";

    public static string LayerName(int layer) => $"layer_{layer}";

    /// <summary>The snapshot of <paramref name="network"/> to write, validated: <see cref="ArgumentException"/> (naming <paramref name="paramName"/>) for a value that could not be read back.</summary>
    public static NetworkSnapshot Snapshot(KanNetwork network, string paramName)
    {
        var snapshot = NetworkSnapshot.FromNetwork(network);
        snapshot.Validate(new WriteLocator(paramName));
        return snapshot;
    }

    public static H5Group Build(NetworkSnapshot snapshot)
    {
        var group = new H5Group { Attributes = new() { ["widths"] = snapshot.Widths.ToArray() } };
        for (int l = 0; l < snapshot.Layers.Count; l++) group[LayerName(l)] = BuildLayer(snapshot.Layers[l]);
        return group;
    }

    private static H5Group BuildLayer(LayerSnapshot layer)
    {
        ulong inputs = (ulong)layer.InputCount, outputs = (ulong)layer.OutputCount;
        // The snapshot holds copies, so a network changed after Build cannot alter what is written.
        var group = new H5Group
        {
            Attributes = new()
            {
                ["input_count"] = layer.InputCount,
                ["output_count"] = layer.OutputCount,
                ["grid_size"] = layer.GridSize,
                ["order"] = layer.Order,
            },
            ["grid_points"] = new H5Dataset(layer.GridPoints, fileDims: [inputs, (ulong)layer.GridSize + 1]),
            ["coefficients"] = new H5Dataset(layer.Coefficients, fileDims: [inputs, outputs, (ulong)(layer.GridSize + layer.Order)]),
            ["scale_base"] = new H5Dataset(layer.ScaleBase, fileDims: [inputs, outputs]),
            ["scale_spline"] = new H5Dataset(layer.ScaleSpline, fileDims: [inputs, outputs]),
            ["mask"] = new H5Dataset(layer.Mask, fileDims: [inputs, outputs]),
        };
        if (layer.MultiplicationCount > 0)
        {
            group.Attributes["mult_count"] = layer.MultiplicationCount;
            group.Attributes["mult_arity"] = layer.MultiplicationArity;
        }
        if (layer.SymbolicEdges.Count > 0) AddSymbolic(group, layer.SymbolicEdges);
        return group;
    }

    private static void AddSymbolic(H5Group group, IReadOnlyList<SymbolicEdgeSnapshot> symbolic)
    {
        int n = symbolic.Count;
        var edges = new int[2 * n];
        var names = new string[n];
        var affine = new double[4 * n];
        for (int t = 0; t < n; t++)
        {
            var edge = symbolic[t];
            edges[2 * t] = edge.Input; edges[2 * t + 1] = edge.Output;
            names[t] = edge.Function;
            var k = edge.Affine;
            affine[4 * t] = k.A; affine[4 * t + 1] = k.B; affine[4 * t + 2] = k.C; affine[4 * t + 3] = k.D;
        }
        group["symbolic_edges"] = new H5Dataset(edges, fileDims: [(ulong)n, 2]);
        group["symbolic_functions"] = names;
        group["symbolic_affine"] = new H5Dataset(affine, fileDims: [(ulong)n, 4]);
    }

    public static KanNetwork Read(HdfReader r, IH5Group group, string path)
    {
        var snapshot = ReadSnapshot(r, group, path);
        return snapshot.ToNetwork(new ReadLocator(r, path, snapshot));
    }

    /// <summary>The group's datasets as a snapshot; shapes and types are checked here, values by the snapshot.</summary>
    public static NetworkSnapshot ReadSnapshot(HdfReader r, IH5Group group, string path)
    {
        long[] widths = r.IntegerArray(group, path, "widths");
        if (widths.Length < 2 || widths.Any(w => w < 1 || w > int.MaxValue))
            throw r.Error($"{HdfReader.AttributePath(path, "widths")} is [{string.Join(", ", widths)}]; expected at least two widths, each >= 1");
        var layers = new LayerSnapshot[widths.Length - 1];
        for (int l = 0; l < layers.Length; l++)
        {
            string layerPath = HdfReader.Join(path, LayerName(l));
            layers[l] = ReadLayer(r, r.Group(group, path, LayerName(l)), layerPath, (int)widths[l], (int)widths[l + 1]);
        }
        return new NetworkSnapshot { Widths = widths.Select(w => (int)w).ToArray(), Layers = layers };
    }

    private static LayerSnapshot ReadLayer(HdfReader r, IH5Group group, string path, int inputs, int nodes)
    {
        int inputCount = r.Int32(group, path, "input_count", 1);
        int outputCount = r.Int32(group, path, "output_count", 1);
        int mult = r.OptionalAttribute(group, path, "mult_count") is null ? 0 : r.Int32(group, path, "mult_count", 0);
        int arity = mult == 0 ? 2 : r.Int32(group, path, "mult_arity", 2);
        if ((long)mult * arity > outputCount)
            throw r.Error($"{path}: {outputCount} outputs cannot feed {mult} multiplication node(s) of arity {arity}");
        long nodeCount = outputCount - (long)(arity - 1) * mult;
        if (inputCount != inputs || nodeCount != nodes)
            throw r.Error(mult == 0
                ? $"{path} has {inputCount} inputs and {outputCount} outputs, but the model's widths give {inputs} and {nodes}"
                : $"{path} has {inputCount} inputs and {nodeCount} nodes ({outputCount} outputs, {mult} multiplication nodes), but the model's widths give {inputs} and {nodes}");
        int outputs = outputCount;
        int g = r.Int32(group, path, "grid_size", 1, 1 << 20);
        int k = r.Int32(group, path, "order", 1, 64);
        if (!NetworkSnapshot.FitsInMemory(inputs, outputs, g, k))
            throw r.Error($"{path}: {inputs}x{outputs} edges with G={g}, k={k} is too large to load");

        return new LayerSnapshot(inputs, outputs, g, k,
            GridPoints: Read(r, group, path, "grid_points", inputs, g + 1),
            Coefficients: Read(r, group, path, "coefficients", inputs, outputs, g + k),
            ScaleBase: Read(r, group, path, "scale_base", inputs, outputs),
            ScaleSpline: Read(r, group, path, "scale_spline", inputs, outputs),
            Mask: Read(r, group, path, "mask", inputs, outputs),
            SymbolicEdges: ReadSymbolic(r, group, path),
            MultiplicationCount: mult, MultiplicationArity: arity);
    }

    /// <summary>Formula edges, when the layer has the <c>symbolic_edges</c> dataset (older files and plain layers do not).</summary>
    private static SymbolicEdgeSnapshot[] ReadSymbolic(HdfReader r, IH5Group group, string path)
    {
        if (r.OptionalDataset(group, path, "symbolic_edges") is not { } edgesSet) return [];
        string where = HdfReader.Join(path, "symbolic_edges");
        long n = r.Guard(where, () => edgesSet.Space.Dimensions) is [var rows, ..] ? (long)rows : -1;
        long[] edges = r.Integers(edgesSet, where, 2, -1, 2);
        string[] names = r.Strings(r.OptionalDataset(group, path, "symbolic_functions") ?? throw r.Error($"missing dataset {HdfReader.Join(path, "symbolic_functions")}"),
            HdfReader.Join(path, "symbolic_functions"), n);
        double[] affine = Read(r, group, path, "symbolic_affine", n, 4);
        var result = new SymbolicEdgeSnapshot[n];
        for (int t = 0; t < n; t++)
        {
            // an index beyond int is outside any layer; -1 keeps it outside for the snapshot's range check
            int i = edges[2 * t] is >= 0 and <= int.MaxValue ? (int)edges[2 * t] : -1;
            int j = edges[2 * t + 1] is >= 0 and <= int.MaxValue ? (int)edges[2 * t + 1] : -1;
            result[t] = new SymbolicEdgeSnapshot(i, j, names[t], new SymbolicAffine(affine[4 * t], affine[4 * t + 1], affine[4 * t + 2], affine[4 * t + 3]));
        }
        return result;
    }

    private static double[] Read(HdfReader r, IH5Group group, string path, string name, params long[] shape)
    {
        string where = HdfReader.Join(path, name);
        var dataset = r.OptionalDataset(group, path, name) ?? throw r.Error($"missing dataset {where}");
        return r.Doubles(dataset, where, shape.Length, shape).Values;
    }

    /// <summary>The dataset of a part of a layer.</summary>
    private static string Dataset(SnapshotPart part) => part switch
    {
        SnapshotPart.GridPoints => "grid_points",
        SnapshotPart.Coefficients => "coefficients",
        SnapshotPart.ScaleBase => "scale_base",
        SnapshotPart.ScaleSpline => "scale_spline",
        SnapshotPart.Mask => "mask",
        SnapshotPart.SymbolicEdge => "symbolic_edges",
        SnapshotPart.SymbolicFunction => "symbolic_functions",
        _ => "symbolic_affine",
    };

    /// <summary>Names a value read from the file by its dataset and index; problems are <see cref="ResultFileException"/>s naming the file.</summary>
    private sealed class ReadLocator(HdfReader r, string path, NetworkSnapshot snapshot) : ISnapshotLocator
    {
        public string Describe(SnapshotItem item)
        {
            if (item.Part == SnapshotPart.Widths) return HdfReader.AttributePath(path, "widths");
            string layer = HdfReader.Join(path, LayerName(item.Layer));
            int points = item.Layer < snapshot.Layers.Count ? snapshot.Layers[item.Layer].GridSize + 1 : 1;
            return item.Part switch
            {
                SnapshotPart.Layer => layer,
                SnapshotPart.GridPoints => $"{HdfReader.Join(layer, "grid_points")}[{item.Index / points}, {item.Index % points}]",
                SnapshotPart.SymbolicEdge or SnapshotPart.SymbolicFunction => $"{HdfReader.Join(layer, Dataset(item.Part))}[{item.Index}]",
                _ => $"{HdfReader.Join(layer, Dataset(item.Part))} value {item.Index} (row-major)",
            };
        }

        public Exception Error(SnapshotItem item, string message) => r.Error(message);
    }

    /// <summary>Names a value of a network about to be written; problems are <see cref="ArgumentException"/>s.</summary>
    private sealed class WriteLocator(string paramName) : ISnapshotLocator
    {
        public string Describe(SnapshotItem item) => item.Part switch
        {
            SnapshotPart.Widths or SnapshotPart.Layer => $"Model {item.Describe()}",
            SnapshotPart.SymbolicEdge or SnapshotPart.SymbolicFunction => $"Model layer {item.Layer} {Dataset(item.Part)}[{item.Index}]",
            _ => $"Model layer {item.Layer} {Dataset(item.Part)} value {item.Index}",
        };

        public Exception Error(SnapshotItem item, string message) => new ArgumentException($"{message}; it could not be read back.", paramName);
    }
}
