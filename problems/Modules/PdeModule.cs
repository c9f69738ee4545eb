using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Problems.Modules;

/// <summary>A problem module that is a physics-informed solve: it builds a <see cref="PdeSetup"/> from its settings.</summary>
internal interface IPdeModule : IProblem
{
    /// <summary>Builds the problem, network and solver options for <paramref name="settings"/> and <paramref name="seed"/>, checking the widths against the PDE.</summary>
    /// <exception cref="ProblemSettingException">A setting does not fit the problem.</exception>
    PdeSetup Build(ProblemSettings settings, int seed);
}

/// <summary>A problem module that is a physics-informed solve with options <typeparamref name="TOptions"/>: it builds a <see cref="PdeSetup"/> and <see cref="PdeJob"/> runs it.</summary>
internal abstract class PdeModule<TOptions> : Problem<TOptions>, IPdeModule where TOptions : class, new()
{
    /// <summary>Builds the problem, network and options from the options and seed.</summary>
    protected abstract PdeSetup Create(TOptions options, int seed);

    /// <summary>Builds the setup and checks the widths against the PDE, so a mismatch is a settings error before any work.</summary>
    public PdeSetup Build(TOptions options, int seed)
    {
        var setup = Create(options, seed);
        var pde = setup.Problem.Pde;
        var widths = setup.Network.Widths;
        int inputs = setup.Problem.NetworkInputDimension;
        if (widths[0] != inputs || widths[^1] != pde.Fields)
            throw Invalid(options, "widths",
                setup.Problem.Input is null
                    ? $"must start with {pde.Dimension} (the coordinates) and end with {pde.Fields} (the fields)"
                    : $"must start with {pde.Dimension} (the coordinates, embedded into {inputs} network inputs) and end with {pde.Fields} (the fields)");
        return setup;
    }

    /// <inheritdoc/>
    public PdeSetup Build(ProblemSettings settings, int seed) => Build(settings.Get<TOptions>(), seed);

    protected override ResultDocument Run(ProblemContext context, TOptions options) => PdeJob.Run(context, Build(options, context.Seed));
}
