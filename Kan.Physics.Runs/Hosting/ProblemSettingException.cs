namespace Kan.Physics.Runs.Hosting;

/// <summary>A setting is unknown or has a value the problem cannot use; the message names the key and the value.</summary>
public sealed class ProblemSettingException(string problem, string key, string? value, string reason)
    : ArgumentException($"{problem}: setting '{key}'{(value is null ? "" : $" = '{value}'")} {reason}")
{
    public string Problem { get; } = problem;
    public string Key { get; } = key;
    public string? Value { get; } = value;
}
