namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// The settings of one job, parsed by the problem's <see cref="ISettingsSchema"/>: the values given (text, as in the job
/// file or on the command line), the typed options they make, and every setting's effective value as canonical text
/// for the result's configuration record.
/// </summary>
public sealed class ProblemSettings
{
    private readonly ISettingsSchema _schema;

    /// <summary>Parses <paramref name="values"/> with <paramref name="schema"/>.</summary>
    /// <exception cref="ProblemSettingException">An unknown key or a bad value; the message names the problem, key and value.</exception>
    public ProblemSettings(string problem, ISettingsSchema schema, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        _schema = schema;
        Problem = problem;
        Values = values;
        Options = schema.Parse(problem, values);
    }

    /// <summary>The problem these settings belong to (for errors that a module raises itself).</summary>
    public string Problem { get; }

    /// <summary>The values given for this job (not including defaults).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The typed options: the schema's defaults with the given values applied.</summary>
    public object Options { get; }

    /// <summary>The typed options as <typeparamref name="TOptions"/>.</summary>
    /// <exception cref="InvalidOperationException">The schema makes options of another type.</exception>
    public TOptions Get<TOptions>() where TOptions : class
        => Options as TOptions ?? throw new InvalidOperationException($"{Problem}: its settings are {Options.GetType().Name}, not {typeof(TOptions).Name}.");

    /// <summary>Every declared setting with its effective value as canonical text, sorted by key: the result's configuration record.</summary>
    public IReadOnlyDictionary<string, string> Effective() => _schema.Describe(Options);
}
