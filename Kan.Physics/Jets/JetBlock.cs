namespace Kan.Physics.Jets;

/// <summary>
/// Values and derivatives (a jet) of a block of samples with respect to the network inputs:
/// <c>Values[s*W + j]</c>, first derivatives <c>First[(s*D + a)*W + j]</c> = d y_j / d z_a and second
/// derivatives <c>Second[(s*P + p)*W + j]</c> = d^2 y_j / d z_a d z_b for the pair p = (a &lt;= b)
/// (<see cref="PairIndex"/>), with W the width, D the input dimension and P = D(D+1)/2.
/// </summary>
/// <remarks>The same shape holds adjoints (d loss / d jet) on the way back. Buffers are reused between blocks.</remarks>
public sealed class JetBlock
{
    /// <summary>Samples per block in the network evaluator's passes (the planar kernels' layout depends on it).</summary>
    internal const int BlockSize = 64;

    /// <summary>Number of samples in this block.</summary>
    public int Count { get; internal set; }
    /// <summary>Number of values per sample (layer width).</summary>
    public int Width { get; }
    /// <summary>Input dimension D of the derivatives.</summary>
    public int Dimension { get; }
    /// <summary>0: values only; 1: and first derivatives; 2: and all second derivatives (pure and mixed).</summary>
    public int Order { get; }
    /// <summary>Number of second-derivative pairs, D(D+1)/2 when <see cref="Order"/> is 2, else 0.</summary>
    public int Pairs { get; }
    /// <summary>Capacity in samples.</summary>
    public int Capacity { get; }

    internal readonly double[] V, D1, D2;

    public JetBlock(int capacity, int width, int dimension, int order)
    {
        if (order is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(order), order, "Jet order must be 0, 1 or 2.");
        Capacity = capacity; Width = width; Dimension = dimension; Order = order;
        Pairs = order >= 2 ? dimension * (dimension + 1) / 2 : 0;
        V = new double[capacity * width];
        D1 = order >= 1 ? new double[capacity * dimension * width] : [];
        D2 = order >= 2 ? new double[capacity * Pairs * width] : [];
        Count = capacity;
    }

    /// <summary>Values of the block, Count x Width row-major.</summary>
    public Span<double> Values => V.AsSpan(0, Count * Width);
    /// <summary>First derivatives, laid out [sample][input a][output j].</summary>
    public Span<double> First => D1.AsSpan(0, Order >= 1 ? Count * Dimension * Width : 0);
    /// <summary>Second derivatives, laid out [sample][pair p][output j].</summary>
    public Span<double> Second => D2.AsSpan(0, Order >= 2 ? Count * Pairs * Width : 0);

    /// <summary>Value of <paramref name="output"/> at <paramref name="sample"/> (block-local index).</summary>
    public ref double Value(int sample, int output) => ref V[sample * Width + output];
    /// <summary>d y_output / d z_a at <paramref name="sample"/>.</summary>
    public ref double Gradient(int sample, int output, int a) => ref D1[(sample * Dimension + a) * Width + output];
    /// <summary>d^2 y_output / d z_a d z_b at <paramref name="sample"/> (symmetric in a, b).</summary>
    public ref double Hessian(int sample, int output, int a, int b) => ref D2[(sample * Pairs + PairIndex(a, b, Dimension)) * Width + output];

    /// <summary>Index of the unordered pair (a, b) among the D(D+1)/2 second derivatives: (0,0),(0,1),..,(0,D-1),(1,1),..</summary>
    public static int PairIndex(int a, int b, int dimension)
    {
        if (a > b) (a, b) = (b, a);
        return a * dimension - a * (a - 1) / 2 + (b - a);
    }

    internal void Clear()
    {
        Values.Clear();
        if (Order >= 1) First.Clear();
        if (Order >= 2) Second.Clear();
    }
}
