using Kan.Physics.Splines;

namespace Kan.Physics.Layers;

/// <summary>
/// One KAN layer: an <c>InputCount x OutputCount</c> matrix of learnable edge functions
/// <c>phi_ij(x) = mask_ij (w_b,ij silu(x) + w_s,ij sum_c c_ijc B_c(x))</c>; output j sums its edges.
/// </summary>
/// <remarks>
/// <para><b>Multiplication nodes</b> (KAN 2.0, pykan's MultKAN). The layer's <see cref="OutputCount"/> outputs (the
/// sub-nodes, one per column of edges) become its <see cref="NodeCount"/> nodes, which are what the next layer reads:
/// the first <see cref="SumCount"/> outputs are sum nodes passed on unchanged, and each of the
/// <see cref="MultiplicationCount"/> multiplication nodes m is the product of the <see cref="MultiplicationArity"/>
/// consecutive outputs <c>SumCount + m*arity, ..., SumCount + m*arity + arity - 1</c>. Node m's index is
/// <c>SumCount + m</c>. Without multiplication nodes (the default) nodes and outputs coincide.</para>
/// </remarks>
/// <remarks>
/// Storage is flat and row-major by edge e = i*OutputCount + j: <see cref="Coefficients"/>[e*BasisCount + c],
/// <see cref="ScaleBase"/>[e], <see cref="ScaleSpline"/>[e], <see cref="Mask"/>[e]. Every edge from input i shares
/// input i's knot vector (<see cref="Basis"/>), so the basis is evaluated once per (sample, input).
/// Trainable parameters are the coefficients, then the base scales, then the spline scales; the mask is not trained.
/// </remarks>
public sealed class KanLayer
{
    private readonly BSplineBasis[] _bases;

    /// <summary>Inputs: the nodes of the layer before (or the network inputs).</summary>
    public int InputCount { get; }
    /// <summary>Outputs, one per column of edges: the sum nodes, then the sub-nodes of the multiplication nodes.</summary>
    public int OutputCount { get; }
    /// <summary>Grid intervals G.</summary>
    public int GridSize { get; }
    /// <summary>Spline order k.</summary>
    public int Order { get; }
    /// <summary>Basis functions per edge, G + k.</summary>
    public int BasisCount => GridSize + Order;
    public int EdgeCount => InputCount * OutputCount;

    /// <summary>Multiplication nodes of the layer (0: a plain sum layer); see the remarks.</summary>
    public int MultiplicationCount { get; }

    /// <summary>How many outputs each multiplication node multiplies (at least 2; 2 when the layer has none).</summary>
    public int MultiplicationArity { get; }

    /// <summary>Sum nodes: the first <c>OutputCount - MultiplicationArity*MultiplicationCount</c> outputs, passed on unchanged.</summary>
    public int SumCount => OutputCount - MultiplicationArity * MultiplicationCount;

    /// <summary>Nodes the next layer reads: the sum nodes, then the multiplication nodes.</summary>
    public int NodeCount => SumCount + MultiplicationCount;

    /// <summary>Whether the layer has multiplication nodes.</summary>
    public bool HasMultiplication => MultiplicationCount > 0;

    /// <summary>The node that output (sub-node) j feeds: j itself for a sum node, else <c>SumCount + (j - SumCount) / arity</c>.</summary>
    public int NodeOfOutput(int output)
    {
        if ((uint)output >= (uint)OutputCount) throw new ArgumentOutOfRangeException(nameof(output), output, $"Output index must be in [0, {OutputCount}).");
        return output < SumCount ? output : SumCount + (output - SumCount) / MultiplicationArity;
    }

    /// <summary>The outputs (sub-nodes) that make node <paramref name="node"/>: one for a sum node, <see cref="MultiplicationArity"/> consecutive ones for a multiplication node.</summary>
    public (int First, int Count) OutputsOfNode(int node)
    {
        if ((uint)node >= (uint)NodeCount) throw new ArgumentOutOfRangeException(nameof(node), node, $"Node index must be in [0, {NodeCount}).");
        return node < SumCount ? (node, 1) : (SumCount + (node - SumCount) * MultiplicationArity, MultiplicationArity);
    }
    /// <summary>Trainable parameters: EdgeCount * (BasisCount + 2) spline parameters, then four per formula edge.</summary>
    public int ParameterCount => SplineParameterCount + Symbolic.ParameterCount;

    /// <summary>The spline part of <see cref="ParameterCount"/>: EdgeCount * (BasisCount + 2).</summary>
    public int SplineParameterCount => EdgeCount * (BasisCount + 2);

    public double[] Coefficients { get; }
    public double[] ScaleBase { get; }
    public double[] ScaleSpline { get; }
    public double[] Mask { get; }

    /// <summary>
    /// The layer's formula edges <c>c*f(a*x+b)+d</c>, added to the node sums; empty until edges are snapped (see
    /// <c>KanNetwork.FixSymbolic</c>, which also masks the spline edge it replaces).
    /// </summary>
    public SymbolicLayer Symbolic { get; private set; }

    /// <summary>
    /// A layer with zero coefficients, zero base scale, unit spline scale, all edges active, uniform grids on
    /// [gridMin, gridMax]; its last <c>multiplicationArity*multiplicationCount</c> outputs feed multiplication nodes.
    /// </summary>
    public KanLayer(int inputCount, int outputCount, int gridSize, int order, double gridMin = -1, double gridMax = 1,
        int multiplicationCount = 0, int multiplicationArity = 2)
    {
        if (multiplicationCount < 0)
            throw new ArgumentOutOfRangeException(nameof(multiplicationCount), multiplicationCount, "The number of multiplication nodes must be at least 0.");
        if (multiplicationArity < 2)
            throw new ArgumentOutOfRangeException(nameof(multiplicationArity), multiplicationArity, "A multiplication node multiplies at least 2 outputs.");
        if ((long)multiplicationCount * multiplicationArity > outputCount)
            throw new ArgumentException($"{multiplicationCount} multiplication node(s) of arity {multiplicationArity} need {(long)multiplicationCount * multiplicationArity} outputs, but the layer has {outputCount}.", nameof(multiplicationCount));
        MultiplicationCount = multiplicationCount;
        MultiplicationArity = multiplicationCount == 0 ? 2 : multiplicationArity;
        if (inputCount < 1) throw new ArgumentOutOfRangeException(nameof(inputCount), inputCount, "A layer needs at least one input.");
        if (outputCount < 1) throw new ArgumentOutOfRangeException(nameof(outputCount), outputCount, "A layer needs at least one output.");
        if (gridSize < 1) throw new ArgumentOutOfRangeException(nameof(gridSize), gridSize, "The grid size G must be at least 1.");
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "The spline order k must be at least 1.");
        InputCount = inputCount; OutputCount = outputCount; GridSize = gridSize; Order = order;
        var basis = BSplineBasis.Uniform(gridMin, gridMax, gridSize, order);
        _bases = new BSplineBasis[inputCount];
        Array.Fill(_bases, basis);
        Coefficients = new double[EdgeCount * BasisCount];
        ScaleBase = new double[EdgeCount];
        ScaleSpline = new double[EdgeCount];
        Mask = new double[EdgeCount];
        Array.Fill(ScaleSpline, 1.0);
        Array.Fill(Mask, 1.0);
        Symbolic = new SymbolicLayer(inputCount, outputCount);
    }

    /// <summary>The knot vector of input i.</summary>
    public BSplineBasis Basis(int input) => _bases[input];

    /// <summary>Replaces input i's knot vector; it must have this layer's G and k. Coefficients are not changed.</summary>
    public void SetBasis(int input, BSplineBasis basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if ((uint)input >= (uint)InputCount) throw new ArgumentOutOfRangeException(nameof(input), input, $"Input index must be in [0, {InputCount}).");
        if (basis.GridSize != GridSize || basis.Order != Order)
            throw new ArgumentException($"Basis has G={basis.GridSize}, k={basis.Order}; the layer needs G={GridSize}, k={Order}.", nameof(basis));
        _bases[input] = basis;
    }

    /// <summary>Edge index of (input i, output j).</summary>
    public int Edge(int input, int output) => input * OutputCount + output;

    /// <summary>The coefficients of edge (i, j).</summary>
    public Span<double> EdgeCoefficients(int input, int output) => Coefficients.AsSpan(Edge(input, output) * BasisCount, BasisCount);

    /// <summary>The spline term sum_c c_ijc B_c(x) of edge (i, j), without scales or mask.</summary>
    public double EvaluateSpline(int input, int output, double x) => _bases[input].EvaluateSpline(EdgeCoefficients(input, output), x);

    /// <summary>phi_ij(x), mask and scales included, plus the edge's formula when it has one.</summary>
    public double EvaluateEdge(int input, int output, double x)
    {
        int e = Edge(input, output);
        double spline = Mask[e] == 0 ? 0 : Mask[e] * (ScaleBase[e] * Silu.Value(x) + ScaleSpline[e] * EvaluateSpline(input, output, x));
        return spline + Symbolic.Evaluate(input, output, x);
    }

    /// <summary>Copies the trainable parameters (coefficients, base scales, spline scales, then the formula edges' constants) into <paramref name="destination"/>.</summary>
    public void GetParameters(Span<double> destination)
    {
        if (destination.Length != ParameterCount) throw new ArgumentException($"Expected {ParameterCount} values, got {destination.Length}.", nameof(destination));
        Coefficients.CopyTo(destination);
        ScaleBase.CopyTo(destination[Coefficients.Length..]);
        ScaleSpline.CopyTo(destination[(Coefficients.Length + EdgeCount)..]);
        Symbolic.GetParameters(destination[SplineParameterCount..]);
    }

    /// <summary>Sets the trainable parameters from <paramref name="source"/> (layout of <see cref="GetParameters"/>).</summary>
    public void SetParameters(ReadOnlySpan<double> source)
    {
        if (source.Length != ParameterCount) throw new ArgumentException($"Expected {ParameterCount} values, got {source.Length}.", nameof(source));
        source[..Coefficients.Length].CopyTo(Coefficients);
        source.Slice(Coefficients.Length, EdgeCount).CopyTo(ScaleBase);
        source.Slice(Coefficients.Length + EdgeCount, EdgeCount).CopyTo(ScaleSpline);
        Symbolic.SetParameters(source[SplineParameterCount..]);
    }

    /// <summary>Replaces this layer's formula edges by a copy of <paramref name="other"/>'s (same shape required).</summary>
    public void CopySymbolicFrom(KanLayer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.InputCount != InputCount || other.OutputCount != OutputCount)
            throw new ArgumentException($"Layer shapes differ: {other.InputCount}x{other.OutputCount} vs {InputCount}x{OutputCount}.", nameof(other));
        Symbolic = other.Symbolic.Clone();
    }

    /// <summary>A deep copy.</summary>
    public KanLayer Clone()
    {
        var c = new KanLayer(InputCount, OutputCount, GridSize, Order, multiplicationCount: MultiplicationCount, multiplicationArity: MultiplicationArity);
        for (int i = 0; i < InputCount; i++) c._bases[i] = _bases[i]; // bases are immutable
        Coefficients.CopyTo(c.Coefficients);
        ScaleBase.CopyTo(c.ScaleBase);
        ScaleSpline.CopyTo(c.ScaleSpline);
        Mask.CopyTo(c.Mask);
        c.Symbolic = Symbolic.Clone();
        return c;
    }
}
