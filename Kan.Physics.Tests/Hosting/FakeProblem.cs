using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Tests.Hosting;

/// <summary>An <see cref="IProblem"/> for tests: runs a delegate (default: returns <see cref="Document"/>) and counts its runs.</summary>
internal sealed class FakeProblem(string name, Func<ProblemContext, ResultDocument>? run = null, params ProblemSetting[] settings) : IProblem
{
    private int _runs;

    public string Name => name;
    public string Description => "a fake problem for tests";
    public IReadOnlyList<ProblemSetting> Settings => settings;

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
