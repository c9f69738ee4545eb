using Kan.Physics.Networks;
using Kan.Physics.Jets;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// Periodicity between paired points (e.g. x = -1 and x = 1 at the same times): u(a_i) = u(b_i) and, with
/// <c>matchDerivative</c>, du/dz_axis(a_i) = du/dz_axis(b_i). Pairs can straddle evaluation blocks, so this
/// term runs the network on both point sets and back-propagates explicit adjoints instead of a pointwise loss.
/// </summary>
public sealed class PeriodicCondition
{
    public PeriodicCondition(double[] pointsA, double[] pointsB, int axis, bool matchDerivative = true, int field = 0, double weight = 1.0, string name = "periodic")
    {
        ArgumentNullException.ThrowIfNull(pointsA);
        ArgumentNullException.ThrowIfNull(pointsB);
        if (pointsA.Length == 0 || pointsA.Length != pointsB.Length)
            throw new ArgumentException($"Periodic condition '{name}' needs two equally long, non-empty point sets; got {pointsA.Length} and {pointsB.Length} coordinates.", nameof(pointsB));
        if (axis < 0) throw new ArgumentOutOfRangeException(nameof(axis), axis, "The axis must be >= 0.");
        if (field < 0) throw new ArgumentOutOfRangeException(nameof(field), field, "The field must be >= 0.");
        if (!double.IsFinite(weight) || weight < 0) throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight must be finite and >= 0.");
        PointsA = pointsA; PointsB = pointsB; Axis = axis; MatchDerivative = matchDerivative; Field = field; Weight = weight; Name = name;
    }

    public double[] PointsA { get; }
    public double[] PointsB { get; }
    public int Axis { get; }
    public bool MatchDerivative { get; }
    public int Field { get; }
    public double Weight { get; }
    public string Name { get; }

    /// <summary>Weight * mean over pairs of (u_a - u_b)^2 [+ (u'_a - u'_b)^2]; adds its gradient to <paramref name="gradient"/> when non-empty.</summary>
    public double Evaluate(KanNetwork network, Span<double> gradient)
    {
        int order = MatchDerivative ? 1 : 0;
        var ja = network.ForwardJet(PointsA, order);
        var jb = network.ForwardJet(PointsB, order);
        int n = ja.Count;
        var adjA = new JetBlock(n, ja.Width, ja.Dimension, order);
        var adjB = new JetBlock(n, jb.Width, jb.Dimension, order);
        double scale = Weight / n, loss = 0;
        for (int s = 0; s < n; s++)
        {
            double r = ja.Value(s, Field) - jb.Value(s, Field);
            loss += r * r;
            adjA.Value(s, Field) = 2 * scale * r;
            adjB.Value(s, Field) = -2 * scale * r;
            if (!MatchDerivative) continue;
            double rd = ja.Gradient(s, Field, Axis) - jb.Gradient(s, Field, Axis);
            loss += rd * rd;
            adjA.Gradient(s, Field, Axis) = 2 * scale * rd;
            adjB.Gradient(s, Field, Axis) = -2 * scale * rd;
        }
        if (!gradient.IsEmpty)
        {
            var g = new double[gradient.Length];
            network.Backward(PointsA, adjA, g);
            for (int p = 0; p < g.Length; p++) gradient[p] += g[p];
            network.Backward(PointsB, adjB, g);
            for (int p = 0; p < g.Length; p++) gradient[p] += g[p];
        }
        return scale * loss;
    }
}
