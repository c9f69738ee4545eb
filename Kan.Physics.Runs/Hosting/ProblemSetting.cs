namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// A setting a problem understands, as <c>kan list</c> shows it: its key, default value (as text), a one-line
/// description and what values it accepts. <see cref="SettingsSchema{TOptions}"/> makes them from its declarations.
/// </summary>
public sealed record ProblemSetting(string Key, string DefaultValue, string Description)
{
    /// <summary>The values accepted, in words: "integer >= 1", "number in [0, 1)", "guided, all or off", "text".</summary>
    public string Accepts { get; init; } = "text";
}
