using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Writes the configuration record of a result (<see cref="Results.ResultDocument.ConfigJson"/>), the same way for every
/// problem: the problem's name, the seed, every setting's effective value from the parsed options (canonical text,
/// sorted by key), then what the problem adds about its run (the shapes it chose, the law it was given, ...).
/// </summary>
public static class ResultConfig
{
    /// <summary>The configuration JSON of the job in <paramref name="context"/>; <paramref name="details"/> (an object whose public properties become fields) follow the settings.</summary>
    /// <exception cref="ArgumentException"><paramref name="details"/> is not a JSON object or repeats problem, seed or settings.</exception>
    public static string Json(ProblemContext context, object? details = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = new JsonObject
        {
            ["problem"] = context.Job.Problem,
            ["seed"] = context.Job.Seed,
            ["settings"] = JsonSerializer.SerializeToNode(context.Settings.Effective()),
        };
        if (details is not null)
        {
            if (JsonSerializer.SerializeToNode(details) is not JsonObject extra)
                throw new ArgumentException("The configuration details must serialise to a JSON object.", nameof(details));
            foreach (var (key, value) in extra.ToArray())
            {
                if (config.ContainsKey(key)) throw new ArgumentException($"The configuration details repeat the field '{key}'.", nameof(details));
                extra.Remove(key);
                config[key] = value;
            }
        }
        return config.ToJsonString();
    }
}
