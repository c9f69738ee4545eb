using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Problems.Modules;

/// <summary>A problem module that is a physics-informed solve: it builds a <see cref="PdeSetup"/> and <see cref="PdeJob"/> runs it.</summary>
internal abstract class PdeModule : IProblem
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public abstract IReadOnlyList<ProblemSetting> Settings { get; }

    /// <summary>Builds the problem, network and options from the settings and seed.</summary>
    protected abstract PdeSetup Create(ProblemSettings s, int seed);

    /// <summary>Builds the setup and checks the widths against the PDE, so a mismatch is a settings error before any work.</summary>
    public PdeSetup Build(ProblemSettings s, int seed)
    {
        var setup = Create(s, seed);
        var pde = setup.Problem.Pde;
        var widths = setup.Network.Widths;
        int inputs = setup.Problem.NetworkInputDimension;
        if (widths[0] != inputs || widths[^1] != pde.Fields)
            throw new ProblemSettingException(Name, "widths", s.Text("widths"),
                setup.Problem.Input is null
                    ? $"must start with {pde.Dimension} (the coordinates) and end with {pde.Fields} (the fields)"
                    : $"must start with {pde.Dimension} (the coordinates, embedded into {inputs} network inputs) and end with {pde.Fields} (the fields)");
        return setup;
    }

    public ResultDocument Run(ProblemContext context) => PdeJob.Run(context, Build(context.Settings, context.Seed));
}
