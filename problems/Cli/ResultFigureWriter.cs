using Kan.Physics.Solvers.Hosting;
using Kan.Physics.Solvers.Plotting;
using Kan.Physics.Solvers.Results;

namespace Kan.Physics.Problems.Cli;

/// <summary>The batch runner's figure step: the standard figures of every result (see <see cref="ResultFigures"/>).</summary>
internal sealed class ResultFigureWriter : IFigureWriter
{
    public IReadOnlyList<string> Write(ResultDocument document, string resultPath) => ResultFigures.Draw(document, resultPath);
}
