namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// Fourier features: every coordinate mapped affinely from [lower, upper] onto s in [-1, 1], followed, for each chosen
/// axis and each frequency f, by sin(pi f s) and cos(pi f s) (f full periods over the axis's range). A network seeing
/// them has oscillations of those frequencies at hand instead of building them from splines; the jets follow by the
/// chain rule like every <see cref="InputTransform"/>.
/// </summary>
public sealed class FourierEmbedding : InputTransform
{
    private readonly double[] _shift, _scale, _frequencies;
    private readonly int[] _axes;

    /// <param name="lower">Lower ends of the coordinates' ranges (D values).</param>
    /// <param name="upper">Upper ends (D values).</param>
    /// <param name="frequencies">The frequencies f &gt; 0 (periods over the range), the same for every axis.</param>
    /// <param name="axes">The axes that get features (default: all).</param>
    public FourierEmbedding(double[] lower, double[] upper, double[] frequencies, int[]? axes = null)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        ArgumentNullException.ThrowIfNull(frequencies);
        (_shift, _scale) = ScaledEmbedding.Affine(lower.Length, lower, upper);
        if (frequencies.Length == 0) throw new ArgumentException("Give at least one frequency.", nameof(frequencies));
        foreach (double f in frequencies)
            if (!(f > 0) || !double.IsFinite(f)) throw new ArgumentOutOfRangeException(nameof(frequencies), f, "Frequencies must be finite and > 0.");
        _frequencies = (double[])frequencies.Clone();
        _axes = axes is null ? Enumerable.Range(0, lower.Length).ToArray() : (int[])axes.Clone();
        if (_axes.Length == 0) throw new ArgumentException("Give at least one axis.", nameof(axes));
        foreach (int a in _axes)
            if (a < 0 || a >= lower.Length) throw new ArgumentOutOfRangeException(nameof(axes), a, $"Axes must lie in [0, {lower.Length}).");
        if (_axes.Distinct().Count() != _axes.Length) throw new ArgumentException($"The axes {string.Join(",", _axes)} repeat an axis.", nameof(axes));
    }

    public override int Dimension => _scale.Length;
    public override int EmbeddedDimension => _scale.Length + 2 * _axes.Length * _frequencies.Length;

    public override void Map<T>(ReadOnlySpan<T> x, Span<T> z)
    {
        int d = _scale.Length, k = d;
        for (int c = 0; c < d; c++) z[c] = x[c] * _scale[c] + _shift[c];
        foreach (int a in _axes)
            foreach (double f in _frequencies)
            {
                var phase = z[a] * (Math.PI * f);
                z[k++] = T.Sin(phase);
                z[k++] = T.Cos(phase);
            }
    }
}
