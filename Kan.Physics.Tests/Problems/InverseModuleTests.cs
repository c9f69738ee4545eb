using Kan.Physics.Problems.Modules;
using Kan.Physics.Problems.References;

namespace Kan.Physics.Tests.Problems;

public class InverseModuleTests
{
    [Fact]
    public void BurgersSamplesAreDistinctMeshPointsOfTheColeHopfSolutionWithSeededNoise()
    {
        var (mesh, u) = BurgersInverse.Mesh();
        var clean = BurgersInverse.Samples(mesh, u, 300, 0, seed: 4);
        Assert.Equal(300, clean.Count);
        Assert.Equal(300, Enumerable.Range(0, 300).Select(i => (clean.Points[2 * i], clean.Points[2 * i + 1])).Distinct().Count());
        for (int i = 0; i < 300; i += 37)
            Assert.Equal(BurgersReference.Evaluate(clean.Points[2 * i], clean.Points[2 * i + 1], BurgersInverse.TrueL2), clean.Values[i], 12);
        var noisy = BurgersInverse.Samples(mesh, u, 300, 0.01, seed: 4);
        Assert.Equal(clean.Points, noisy.Points);
        Assert.Equal(noisy.Values, BurgersInverse.Samples(mesh, u, 300, 0.01, seed: 4).Values);
        Assert.NotEqual(noisy.Values, BurgersInverse.Samples(mesh, u, 300, 0.01, seed: 5).Values);
        // the noise is 1 % of the samples' standard deviation
        double mean = clean.Values.Average(), sd = Math.Sqrt(clean.Values.Sum(v => (v - mean) * (v - mean)) / 299);
        var diff = clean.Values.Zip(noisy.Values, (a, b) => b - a).ToArray();
        double noise = Math.Sqrt(diff.Sum(d => d * d) / diff.Length);
        Assert.InRange(noise / sd, 0.0085, 0.0115);
    }

    [Fact]
    public void TheDiffusionFieldSourceIsMinusTheDerivativeOfTheFlux()
    {
        const double h = 1e-5;
        foreach (double x in new[] { 0.05, 0.3, 0.5, 0.77, 0.95 })
        {
            double Flux(double v) => DiffusionField.TrueK(v) * (DiffusionField.TrueU(v + h) - DiffusionField.TrueU(v - h)) / (2 * h);
            double fd = -(Flux(x + h) - Flux(x - h)) / (2 * h);
            Assert.True(Math.Abs(fd - DiffusionField.Source(x)) < 1e-4, $"x = {x}: central differences {fd:R}, source {DiffusionField.Source(x):R}");
        }
    }
}
