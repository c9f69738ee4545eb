using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Splines;
using Kan.Physics.Symbolic;
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
/// <see cref="KanLayer"/> array (edge e = i*outputs + j), so nothing is reordered. Only the grid points are stored; the
/// extension knots are rebuilt from them by <see cref="BSplineBasis"/>, as <c>KanNetworkSerializer</c> does, which
/// reproduces the knots exactly.
/// <para>Formula edges (<see cref="KanLayer.Symbolic"/>), when a layer has any, are three parallel datasets of one row
/// per edge in ascending edge order: <c>symbolic_edges</c> (n x 2 int32: input, output), <c>symbolic_functions</c>
/// (n strings: names in <see cref="SymbolicLibrary.CreateDefault"/>) and <c>symbolic_affine</c> (n x 4 float64:
/// a, b, c, d of <c>c*f(a*x+b)+d</c>). Parallel plain arrays rather than one compound dataset, so that every HDF5
/// tool shows them without compound-type support; a layer without formula edges has none of the three.</para>
/// <para>Extending: a new per-layer item is one more entry in <see cref="BuildLayer"/> and an optional read in
/// <see cref="ReadLayer"/> (as the formula edges show); the reader looks up only the names it knows, so older builds ignore new
/// datasets and attributes and newer builds treat their absence as "none".</para>
/// </remarks>
internal static class ModelGroup
{
    public const string Name = "model";

    public static string LayerName(int layer) => $"layer_{layer}";

    /// <summary>Throws <see cref="ArgumentException"/> for a parameter that is not finite (it could not be read back).</summary>
    public static void Validate(KanNetwork network, string paramName)
    {
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            CheckFinite(layer.Coefficients, "coefficients", l, paramName);
            CheckFinite(layer.ScaleBase, "scale_base", l, paramName);
            CheckFinite(layer.ScaleSpline, "scale_spline", l, paramName);
            CheckFinite(layer.Mask, "mask", l, paramName);
            foreach (int e in layer.Symbolic.ActiveEdges)
            {
                var function = layer.Symbolic.Function(e / layer.OutputCount, e % layer.OutputCount)!;
                // The reader can only rebuild functions it can look up by name.
                if (!DefaultLibrary.Contains(function.Name))
                    throw new ArgumentException($"Model layer {l} edge ({e / layer.OutputCount},{e % layer.OutputCount}) uses the function '{function.Name}', which is not in the default symbolic library; it could not be read back.", paramName);
            }
        }
    }

    private static readonly SymbolicLibrary DefaultLibrary = SymbolicLibrary.CreateDefault();

    public static H5Group Build(KanNetwork network)
    {
        var group = new H5Group { Attributes = new() { ["widths"] = network.Widths } };
        for (int l = 0; l < network.Layers.Count; l++) group[LayerName(l)] = BuildLayer(network.Layers[l]);
        return group;
    }

    private static H5Group BuildLayer(KanLayer layer)
    {
        ulong inputs = (ulong)layer.InputCount, outputs = (ulong)layer.OutputCount;
        var grid = new double[layer.InputCount * (layer.GridSize + 1)];
        for (int i = 0; i < layer.InputCount; i++) layer.Basis(i).GridPoints.CopyTo(grid.AsSpan(i * (layer.GridSize + 1)));
        // Copies, so that a network changed after Build cannot alter what is written.
        var group = new H5Group
        {
            Attributes = new()
            {
                ["input_count"] = layer.InputCount,
                ["output_count"] = layer.OutputCount,
                ["grid_size"] = layer.GridSize,
                ["order"] = layer.Order,
            },
            ["grid_points"] = new H5Dataset(grid, fileDims: [inputs, (ulong)layer.GridSize + 1]),
            ["coefficients"] = new H5Dataset(layer.Coefficients.ToArray(), fileDims: [inputs, outputs, (ulong)layer.BasisCount]),
            ["scale_base"] = new H5Dataset(layer.ScaleBase.ToArray(), fileDims: [inputs, outputs]),
            ["scale_spline"] = new H5Dataset(layer.ScaleSpline.ToArray(), fileDims: [inputs, outputs]),
            ["mask"] = new H5Dataset(layer.Mask.ToArray(), fileDims: [inputs, outputs]),
        };
        if (layer.Symbolic.ActiveCount > 0) AddSymbolic(group, layer);
        return group;
    }

    private static void AddSymbolic(H5Group group, KanLayer layer)
    {
        var active = layer.Symbolic.ActiveEdges;
        int n = active.Count;
        var edges = new int[2 * n];
        var names = new string[n];
        var affine = new double[4 * n];
        for (int t = 0; t < n; t++)
        {
            int i = active[t] / layer.OutputCount, j = active[t] % layer.OutputCount;
            edges[2 * t] = i; edges[2 * t + 1] = j;
            names[t] = layer.Symbolic.Function(i, j)!.Name;
            var k = layer.Symbolic.Affine(i, j);
            affine[4 * t] = k.A; affine[4 * t + 1] = k.B; affine[4 * t + 2] = k.C; affine[4 * t + 3] = k.D;
        }
        group["symbolic_edges"] = new H5Dataset(edges, fileDims: [(ulong)n, 2]);
        group["symbolic_functions"] = names;
        group["symbolic_affine"] = new H5Dataset(affine, fileDims: [(ulong)n, 4]);
    }

    public static KanNetwork Read(HdfReader r, IH5Group group, string path)
    {
        long[] widths = r.IntegerArray(group, path, "widths");
        if (widths.Length < 2 || widths.Any(w => w < 1 || w > int.MaxValue))
            throw r.Error($"{HdfReader.AttributePath(path, "widths")} is [{string.Join(", ", widths)}]; expected at least two widths, each >= 1");
        var layers = new KanLayer[widths.Length - 1];
        for (int l = 0; l < layers.Length; l++)
        {
            string layerPath = HdfReader.Join(path, LayerName(l));
            layers[l] = ReadLayer(r, r.Group(group, path, LayerName(l)), layerPath, (int)widths[l], (int)widths[l + 1]);
        }
        return new KanNetwork(layers);
    }

    private static KanLayer ReadLayer(HdfReader r, IH5Group group, string path, int inputs, int outputs)
    {
        int inputCount = r.Int32(group, path, "input_count", 1);
        int outputCount = r.Int32(group, path, "output_count", 1);
        if (inputCount != inputs || outputCount != outputs)
            throw r.Error($"{path} has {inputCount} inputs and {outputCount} outputs, but the model's widths give {inputs} and {outputs}");
        int g = r.Int32(group, path, "grid_size", 1, 1 << 20);
        int k = r.Int32(group, path, "order", 1, 64);
        if ((long)inputs * outputs * (g + k + 2) > Array.MaxLength)
            throw r.Error($"{path}: {inputs}x{outputs} edges with G={g}, k={k} is too large to load");

        double[] grid = Read(r, group, path, "grid_points", inputs, g + 1);
        double[] coefficients = Read(r, group, path, "coefficients", inputs, outputs, g + k);
        double[] scaleBase = Read(r, group, path, "scale_base", inputs, outputs);
        double[] scaleSpline = Read(r, group, path, "scale_spline", inputs, outputs);
        double[] mask = Read(r, group, path, "mask", inputs, outputs);

        var layer = new KanLayer(inputs, outputs, g, k);
        BSplineBasis? last = null;
        for (int i = 0; i < inputs; i++)
        {
            var points = grid.AsSpan(i * (g + 1), g + 1);
            for (int j = 0; j < points.Length; j++)
                if (!double.IsFinite(points[j]) || (j > 0 && !(points[j] > points[j - 1])))
                    throw r.Error($"{HdfReader.Join(path, "grid_points")}[{i}, {j}] is {points[j]}; grid points must be finite and strictly increasing");
            // Inputs usually share a grid; share the (immutable) basis object then, as KanLayer itself does.
            if (last == null || !last.GridPoints.SequenceEqual(points)) last = new BSplineBasis(points, k);
            layer.SetBasis(i, last);
        }
        coefficients.CopyTo(layer.Coefficients, 0);
        scaleBase.CopyTo(layer.ScaleBase, 0);
        scaleSpline.CopyTo(layer.ScaleSpline, 0);
        mask.CopyTo(layer.Mask, 0);
        ReadSymbolic(r, group, path, layer);
        return layer;
    }

    /// <summary>Formula edges, when the layer has the <c>symbolic_edges</c> dataset (older files and plain layers do not).</summary>
    private static void ReadSymbolic(HdfReader r, IH5Group group, string path, KanLayer layer)
    {
        if (r.OptionalDataset(group, path, "symbolic_edges") is not { } edgesSet) return;
        string where = HdfReader.Join(path, "symbolic_edges");
        long n = r.Guard(where, () => edgesSet.Space.Dimensions) is [var rows, ..] ? (long)rows : -1;
        long[] edges = r.Integers(edgesSet, where, 2, -1, 2);
        string[] names = r.Strings(r.OptionalDataset(group, path, "symbolic_functions") ?? throw r.Error($"missing dataset {HdfReader.Join(path, "symbolic_functions")}"),
            HdfReader.Join(path, "symbolic_functions"), n);
        double[] affine = Read(r, group, path, "symbolic_affine", n, 4);
        int previous = -1;
        for (int t = 0; t < n; t++)
        {
            long i = edges[2 * t], j = edges[2 * t + 1];
            if (i < 0 || i >= layer.InputCount || j < 0 || j >= layer.OutputCount)
                throw r.Error($"{where}[{t}] is edge ({i},{j}), outside the layer's {layer.InputCount}x{layer.OutputCount} edges");
            int e = layer.Edge((int)i, (int)j);
            if (e <= previous) throw r.Error($"{where}[{t}] is edge ({i},{j}); edges must be listed once each, in ascending order");
            previous = e;
            if (!DefaultLibrary.TryGet(names[t], out var function))
                throw r.Error($"{HdfReader.Join(path, "symbolic_functions")}[{t}] is '{names[t]}', which is not in the default symbolic library");
            layer.Symbolic.Set((int)i, (int)j, function, new SymbolicAffine(affine[4 * t], affine[4 * t + 1], affine[4 * t + 2], affine[4 * t + 3]));
        }
    }

    private static double[] Read(HdfReader r, IH5Group group, string path, string name, params long[] shape)
    {
        string where = HdfReader.Join(path, name);
        var dataset = r.OptionalDataset(group, path, name) ?? throw r.Error($"missing dataset {where}");
        double[] values = r.Doubles(dataset, where, shape.Length, shape).Values;
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw r.Error($"{where} value {i} (row-major) is {values[i]}; model parameters must be finite");
        return values;
    }

    private static void CheckFinite(double[] values, string name, int layer, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"Model layer {layer} {name} value {i} is {values[i]}; only finite parameters can be stored.", paramName);
    }
}
