using System.Diagnostics.CodeAnalysis;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// The problems a batch can run, by their <see cref="IProblem.Name"/> (case-sensitive, so a job file means exactly
/// one problem). Built once at start-up, then only read; adding is thread-safe all the same.
/// </summary>
public sealed class ProblemRegistry
{
    private readonly Dictionary<string, IProblem> _problems = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>An empty registry.</summary>
    public ProblemRegistry() { }

    /// <summary>A registry holding <paramref name="problems"/>; a repeated name throws <see cref="ArgumentException"/>.</summary>
    public ProblemRegistry(IEnumerable<IProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var problem in problems) Add(problem);
    }

    /// <summary>Adds <paramref name="problem"/>; returns this registry so calls chain.</summary>
    /// <exception cref="ArgumentException">The name is empty, or another problem has it already.</exception>
    public ProblemRegistry Add(IProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        string name = problem.Name;
        if (string.IsNullOrWhiteSpace(name) || name.Trim() != name)
            throw new ArgumentException($"Problem {problem.GetType().Name} has the name '{name}'; a name must be non-empty, without surrounding spaces.", nameof(problem));
        lock (_lock)
        {
            if (_problems.TryGetValue(name, out var existing))
                throw new ArgumentException($"A problem named '{name}' is already registered ({existing.GetType().Name}); cannot add {problem.GetType().Name}.", nameof(problem));
            _problems.Add(name, problem);
        }
        return this;
    }

    /// <summary>The problem named <paramref name="name"/>.</summary>
    /// <exception cref="UnknownProblemException">No problem has that name; the message lists the valid ones.</exception>
    public IProblem Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGet(name, out var problem) ? problem : throw new UnknownProblemException(name, Names);
    }

    /// <summary>Looks up <paramref name="name"/> without throwing.</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out IProblem problem)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock) return _problems.TryGetValue(name, out problem);
    }

    /// <summary>Whether a problem is named <paramref name="name"/>.</summary>
    public bool Contains(string name) => TryGet(name, out _);

    /// <summary>Every problem, sorted by name (ordinal), e.g. for <c>kan list</c>.</summary>
    public IReadOnlyList<IProblem> All
    {
        get { lock (_lock) return _problems.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray(); }
    }

    /// <summary>Every name, sorted (ordinal).</summary>
    public IReadOnlyList<string> Names
    {
        get { lock (_lock) return _problems.Keys.Order(StringComparer.Ordinal).ToArray(); }
    }

    /// <summary>Number of problems.</summary>
    public int Count
    {
        get { lock (_lock) return _problems.Count; }
    }
}
