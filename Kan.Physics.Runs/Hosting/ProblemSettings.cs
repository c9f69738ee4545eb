using System.Globalization;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// The key=value settings of one job, checked against the problem's declared <see cref="ProblemSetting"/>s, with typed
/// getters whose errors name the problem, the key and the bad value. Values not given fall back to the declared default.
/// </summary>
public sealed class ProblemSettings
{
    private readonly string _problem;
    private readonly Dictionary<string, ProblemSetting> _declared;

    /// <summary>Checks <paramref name="values"/> against <paramref name="declared"/>; unknown keys throw <see cref="ProblemSettingException"/>.</summary>
    public ProblemSettings(string problem, IReadOnlyList<ProblemSetting> declared, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(values);
        _problem = problem;
        _declared = declared.ToDictionary(s => s.Key, StringComparer.Ordinal);
        foreach (var (key, value) in values)
            if (!_declared.ContainsKey(key))
                throw new ProblemSettingException(problem, key, value,
                    $"is not a setting of this problem; valid settings: {(declared.Count == 0 ? "(none)" : string.Join(", ", declared.Select(s => s.Key)))}");
        Values = values;
    }

    /// <summary>The problem these settings belong to (for errors that a module raises itself).</summary>
    public string Problem => _problem;

    /// <summary>The values given for this job (not including defaults).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The value given, or the declared default.</summary>
    public string Text(string key) => Values.TryGetValue(key, out var v) ? v : Declared(key).DefaultValue;

    /// <summary>Every declared setting with its effective value, for the result's configuration record.</summary>
    public IReadOnlyDictionary<string, string> Effective()
        => _declared.Keys.Order(StringComparer.Ordinal).ToDictionary(k => k, Text, StringComparer.Ordinal);

    /// <summary>A non-negative integer.</summary>
    public int Int(string key)
    {
        string v = Text(key);
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0 ? n
            : throw Bad(key, v, "must be a non-negative integer");
    }

    /// <summary>A finite number.</summary>
    public double Double(string key)
    {
        string v = Text(key);
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d
            : throw Bad(key, v, "must be a finite number");
    }

    /// <summary>A positive number.</summary>
    public double PositiveDouble(string key)
    {
        double d = Double(key);
        return d > 0 ? d : throw Bad(key, Text(key), "must be positive");
    }

    /// <summary>0/1, true/false, yes/no, on/off.</summary>
    public bool Bool(string key)
    {
        string v = Text(key).Trim().ToLowerInvariant();
        return v switch
        {
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw Bad(key, Text(key), "must be 0 or 1 (or true/false)"),
        };
    }

    /// <summary>
    /// One of <paramref name="allowed"/> (lower-case words), compared like <see cref="Bool"/>: blanks around it and case
    /// ignored. Returns the allowed word.
    /// </summary>
    public string Choice(string key, params string[] allowed)
    {
        string v = Text(key).Trim().ToLowerInvariant();
        return allowed.Contains(v) ? v
            : throw Bad(key, Text(key), $"must be {string.Join(", ", allowed[..^1])}{(allowed.Length > 1 ? " or " : "")}{allowed[^1]}");
    }

    /// <summary>A comma-separated, non-empty list of positive integers, e.g. grids <c>5,10,20</c>.</summary>
    public int[] Ints(string key)
    {
        string v = Text(key);
        if (TryParsePositiveInts(v, out var result)) return result;
        throw Bad(key, v, string.IsNullOrWhiteSpace(v.Replace(',', ' ')) ? "must not be empty" : "must be a comma-separated list of positive integers");
    }

    /// <summary>Parses a comma-separated list of positive integers (invariant culture, blanks around items ignored); false when it is not one or is empty.</summary>
    public static bool TryParsePositiveInts(string text, out int[] values)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1) return false;
        return parts.Length > 0;
    }

    private ProblemSetting Declared(string key) => _declared.TryGetValue(key, out var s) ? s
        : throw new InvalidOperationException($"{_problem} reads setting '{key}', which it does not declare.");

    private ProblemSettingException Bad(string key, string value, string reason) => new(_problem, key, value, reason);
}
