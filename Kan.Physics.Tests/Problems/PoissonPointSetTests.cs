using Kan.Physics.Problems.Modules;

namespace Kan.Physics.Tests.Problems;

/// <summary>
/// The Poisson problems' interior points now come from the solver's geometry; they must be the points the problems
/// built themselves before (the code below, as it was in faf857f), coordinate for coordinate and in the same order,
/// so the Poisson results stay bit for bit.
/// </summary>
public class PoissonPointSetTests
{
    private static double[] OldMesh(int n)
    {
        var p = new double[n * n * 2];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                p[(i * n + j) * 2] = -1 + 2.0 * i / (n - 1);
                p[(i * n + j) * 2 + 1] = -1 + 2.0 * j / (n - 1);
            }
        return p;
    }

    private static double[] OldRandom(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 2 * n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
    }

    private static void AssertBitwiseEqual(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{what}: coordinate {i} is {actual[i]:R}, was {expected[i]:R}");
    }

    [Fact]
    public void Mesh_IsThePointSetOfBefore()
    {
        // 51 (poisson2d), 101 (poisson2d-paper's test mesh) and every size around them
        foreach (int n in Enumerable.Range(2, 120))
            AssertBitwiseEqual(OldMesh(n), Square.Mesh(n), $"mesh {n}");
    }

    [Fact]
    public void RandomInterior_IsThePointSetOfBefore()
    {
        // poisson2d-paper's 10,000 points for seeds 0-49 (the README runs use seed 0), and small sets
        for (int seed = 0; seed < 50; seed++)
            AssertBitwiseEqual(OldRandom(10_000, seed), Square.Random(10_000, seed), $"seed {seed}");
        foreach (int n in new[] { 1, 2, 7, 800 })
            AssertBitwiseEqual(OldRandom(n, 42), Square.Random(n, 42), $"{n} points");
    }
}
