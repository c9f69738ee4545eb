using Kan.Physics.Runs.Results;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// A problem whose settings are the options record <typeparamref name="TOptions"/>, declared once in
/// <see cref="Settings"/>: the runner parses a job's settings with it and <see cref="Run(ProblemContext, TOptions)"/>
/// receives the typed options.
/// </summary>
public abstract class Problem<TOptions> : IProblem where TOptions : class, new()
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <summary>The settings of this problem, bound to <typeparamref name="TOptions"/>.</summary>
    public abstract SettingsSchema<TOptions> Settings { get; }

    ISettingsSchema IProblem.Settings => Settings;

    /// <inheritdoc/>
    public ResultDocument Run(ProblemContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Run(context, context.Settings.Get<TOptions>());
    }

    /// <summary>Runs the job with its parsed <paramref name="options"/> (see <see cref="IProblem.Run"/> for what a run must honour).</summary>
    protected abstract ResultDocument Run(ProblemContext context, TOptions options);

    /// <summary>An error about setting <paramref name="key"/>, naming its value in <paramref name="options"/>, for checks that span settings or need the problem's data.</summary>
    protected ProblemSettingException Invalid(TOptions options, string key, string reason) => new(Name, key, Settings.Text(options, key), reason);
}
