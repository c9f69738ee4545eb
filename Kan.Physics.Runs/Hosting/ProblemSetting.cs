namespace Kan.Physics.Runs.Hosting;

/// <summary>A setting a problem understands: its key, default value (as text) and a one-line description.</summary>
public sealed record ProblemSetting(string Key, string DefaultValue, string Description);
