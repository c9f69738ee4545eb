namespace Kan.Physics.Bench;

internal static class ToyFitBenchmark
{
    public static object Run() => throw new ArgumentException("toy-fit is not available yet.");
}
