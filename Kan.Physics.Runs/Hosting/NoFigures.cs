using Kan.Physics.Runs.Results;

namespace Kan.Physics.Runs.Hosting;

/// <summary>An <see cref="IFigureWriter"/> that draws nothing: the default, so batches need no plotting backend.</summary>
public sealed class NoFigures : IFigureWriter
{
    /// <summary>The shared instance (it has no state).</summary>
    public static NoFigures Instance { get; } = new();

    /// <summary>Writes nothing and returns an empty list.</summary>
    public IReadOnlyList<string> Write(ResultDocument document, string resultPath) => [];
}
