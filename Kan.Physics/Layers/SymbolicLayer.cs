using Kan.Physics.Symbolic;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Layers;

/// <summary>
/// The formula edges of one layer: any edge (i, j) may carry <c>c*f(a*x+b)+d</c> with f from a
/// <see cref="SymbolicLibrary"/>, added to the node sum beside (or, when the spline edge is masked, instead of) the
/// spline edge. The four affine constants of every active edge are trainable, so a snapped network can be retrained
/// until its loss reaches rounding level.
/// </summary>
/// <remarks>
/// Storage is sparse because a network is snapped edge by edge: only active edges hold constants, ordered by edge
/// index e = i*OutputCount + j, and the trainable parameters are (a, b, c, d) of each active edge in that order.
/// </remarks>
public sealed class SymbolicLayer
{
    private readonly SymbolicFunction?[] _functions;
    private readonly double[] _affine; // 4 per edge, dense for O(1) access; only active edges are parameters
    private int[] _active = [];

    public int InputCount { get; }
    public int OutputCount { get; }

    /// <summary>An empty symbolic layer (no formula edges) of the given shape.</summary>
    public SymbolicLayer(int inputCount, int outputCount)
    {
        if (inputCount < 1) throw new ArgumentOutOfRangeException(nameof(inputCount), inputCount, "A layer needs at least one input.");
        if (outputCount < 1) throw new ArgumentOutOfRangeException(nameof(outputCount), outputCount, "A layer needs at least one output.");
        InputCount = inputCount;
        OutputCount = outputCount;
        _functions = new SymbolicFunction?[inputCount * outputCount];
        _affine = new double[4 * inputCount * outputCount];
    }

    /// <summary>Edge indices e = i*OutputCount + j of the formula edges, ascending.</summary>
    public IReadOnlyList<int> ActiveEdges => _active;

    /// <summary>Number of formula edges.</summary>
    public int ActiveCount => _active.Length;

    /// <summary>Trainable parameters: four per formula edge.</summary>
    public int ParameterCount => 4 * _active.Length;

    /// <summary>The function on edge (i, j), or null when the edge has no formula.</summary>
    public SymbolicFunction? Function(int input, int output) => _functions[Edge(input, output)];

    /// <summary>Whether edge (i, j) carries a formula.</summary>
    public bool IsActive(int input, int output) => _functions[Edge(input, output)] is not null;

    /// <summary>The constants (a, b, c, d) of edge (i, j); zeros when the edge has no formula.</summary>
    public SymbolicAffine Affine(int input, int output)
    {
        int e = Edge(input, output);
        return new SymbolicAffine(_affine[4 * e], _affine[4 * e + 1], _affine[4 * e + 2], _affine[4 * e + 3]);
    }

    /// <summary>Puts <c>c*f(a*x+b)+d</c> on edge (i, j), replacing any formula it had.</summary>
    public void Set(int input, int output, SymbolicFunction function, SymbolicAffine affine)
    {
        ArgumentNullException.ThrowIfNull(function);
        int e = Edge(input, output);
        if (!affine.IsFinite)
            throw new ArgumentException($"Affine constants {affine} of edge ({input},{output}) must be finite.", nameof(affine));
        _functions[e] = function;
        _affine[4 * e] = affine.A; _affine[4 * e + 1] = affine.B; _affine[4 * e + 2] = affine.C; _affine[4 * e + 3] = affine.D;
        RebuildActive();
    }

    /// <summary>Removes the formula of edge (i, j), if any.</summary>
    public void Remove(int input, int output)
    {
        int e = Edge(input, output);
        _functions[e] = null;
        _affine.AsSpan(4 * e, 4).Clear();
        RebuildActive();
    }

    /// <summary><c>c*f(a*x+b)+d</c> of edge (i, j); 0 when the edge has no formula.</summary>
    public double Evaluate(int input, int output, double x)
    {
        int e = Edge(input, output);
        var f = _functions[e];
        if (f is null) return 0;
        return _affine[4 * e + 2] * f.Evaluate(_affine[4 * e] * x + _affine[4 * e + 1]) + _affine[4 * e + 3];
    }

    /// <summary>Copies (a, b, c, d) of each formula edge, in edge order, into <paramref name="destination"/>.</summary>
    public void GetParameters(Span<double> destination)
    {
        if (destination.Length != ParameterCount) throw new ArgumentException($"Expected {ParameterCount} values, got {destination.Length}.", nameof(destination));
        for (int t = 0; t < _active.Length; t++) _affine.AsSpan(4 * _active[t], 4).CopyTo(destination.Slice(4 * t, 4));
    }

    /// <summary>Sets (a, b, c, d) of each formula edge from <paramref name="source"/> (layout of <see cref="GetParameters"/>).</summary>
    public void SetParameters(ReadOnlySpan<double> source)
    {
        if (source.Length != ParameterCount) throw new ArgumentException($"Expected {ParameterCount} values, got {source.Length}.", nameof(source));
        for (int t = 0; t < _active.Length; t++) source.Slice(4 * t, 4).CopyTo(_affine.AsSpan(4 * _active[t], 4));
    }

    /// <summary>A deep copy (functions are immutable and shared).</summary>
    public SymbolicLayer Clone()
    {
        var c = new SymbolicLayer(InputCount, OutputCount);
        _functions.CopyTo(c._functions, 0);
        _affine.CopyTo(c._affine, 0);
        c._active = (int[])_active.Clone();
        return c;
    }

    // The forward and backward passes read the dense arrays directly.
    internal SymbolicFunction?[] Functions => _functions;
    internal double[] AffineValues => _affine;

    private void RebuildActive()
    {
        var list = new List<int>();
        for (int e = 0; e < _functions.Length; e++) if (_functions[e] is not null) list.Add(e);
        _active = [.. list];
    }

    private int Edge(int input, int output)
    {
        if ((uint)input >= (uint)InputCount) throw new ArgumentOutOfRangeException(nameof(input), input, $"Input index must be in [0, {InputCount}).");
        if ((uint)output >= (uint)OutputCount) throw new ArgumentOutOfRangeException(nameof(output), output, $"Output index must be in [0, {OutputCount}).");
        return input * OutputCount + output;
    }
}
