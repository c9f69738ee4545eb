using Kan.Physics.Runs.Results;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Draws the figures of a finished job beside its result file. A separate service so that batches can run without
/// a plotting backend (<see cref="NoFigures"/>) and applications can choose their own plots.
/// </summary>
public interface IFigureWriter
{
    /// <summary>Writes the figures of <paramref name="document"/>, saved at <paramref name="resultPath"/>; returns the PNG paths written.</summary>
    IReadOnlyList<string> Write(ResultDocument document, string resultPath);
}
