using System.Collections.Immutable;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Tests.Hosting;

/// <summary>Options of a <see cref="FakeProblem"/>: the text of every setting given.</summary>
internal sealed record FakeOptions
{
    public ImmutableDictionary<string, string> Values { get; init; } = ImmutableDictionary<string, string>.Empty;
}

/// <summary>An <see cref="IProblem"/> for tests: runs a delegate (default: returns <see cref="Document"/>) and counts its runs.</summary>
internal sealed class FakeProblem(string name, Func<ProblemContext, ResultDocument>? run = null, params ProblemSetting[] settings) : IProblem
{
    private int _runs;

    public string Name => name;
    public string Description => "a fake problem for tests";
    public ISettingsSchema Settings { get; } = TextSchema(settings);

    /// <summary>A schema of text settings with the given keys, defaults and descriptions.</summary>
    public static SettingsSchema<FakeOptions> TextSchema(IEnumerable<ProblemSetting> settings)
    {
        var schema = new SettingsSchema<FakeOptions>();
        foreach (var s in settings)
            schema.Text(s.Key, o => o.Values.GetValueOrDefault(s.Key, s.DefaultValue), (o, v) => o with { Values = o.Values.SetItem(s.Key, v) }, s.Description);
        return schema;
    }

    /// <summary>How many times <see cref="Run"/> was called.</summary>
    public int Runs => Volatile.Read(ref _runs);

    public ResultDocument Run(ProblemContext context)
    {
        Interlocked.Increment(ref _runs);
        return run is null ? Document(context) : run(context);
    }

    /// <summary>A small valid document whose rel_l2 encodes the seed, so tests can tell results apart.</summary>
    public static ResultDocument Document(ProblemContext context, double? relL2 = null) => new()
    {
        Problem = context.Job.Problem,
        Seed = context.Seed,
        Metrics = { ["rel_l2"] = relL2 ?? 1e-3 * (context.Seed + 1), ["mse"] = 2.5e-6 },
        Training = { ["step"] = [0, 1, 2], ["loss"] = [1.0, 0.5, 0.25] },
    };
}
