using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Problems.Cli;

/// <summary>The batch runner's figure step: the standard figures of every result (see <see cref="ResultFigures"/>).</summary>
internal sealed class ResultFigureWriter : IFigureWriter
{
    public IReadOnlyList<string> Write(ResultDocument document, string resultPath) => ResultFigures.Draw(document, resultPath);
}
