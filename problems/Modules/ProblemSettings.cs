using System.Globalization;

namespace Kan.Physics.Problems.Modules;

/// <summary>key=value settings of a problem (from --set), with typed getters that name the key in errors.</summary>
internal sealed class ProblemSettings(IReadOnlyDictionary<string, string> values, int seed)
{
    public int Seed { get; } = seed;
    public IReadOnlyDictionary<string, string> Values { get; } = values;

    public int Int(string key, int fallback)
    {
        if (!Values.TryGetValue(key, out var v)) return fallback;
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0 ? n
            : throw new ArgumentException($"setting '{key}' must be a non-negative integer, got '{v}'");
    }

    public double Double(string key, double fallback)
    {
        if (!Values.TryGetValue(key, out var v)) return fallback;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d
            : throw new ArgumentException($"setting '{key}' must be a finite number, got '{v}'");
    }

    public int[] Ints(string key, int[] fallback)
    {
        if (!Values.TryGetValue(key, out var v)) return fallback;
        var parts = v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var result = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out result[i]) || result[i] < 1)
                throw new ArgumentException($"setting '{key}' must be a comma-separated list of positive integers, got '{v}'");
        return result.Length > 0 ? result : throw new ArgumentException($"setting '{key}' is empty");
    }
}
