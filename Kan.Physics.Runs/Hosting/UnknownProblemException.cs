namespace Kan.Physics.Runs.Hosting;

/// <summary>A problem name that no registered <see cref="IProblem"/> has; the message lists the valid names.</summary>
/// <remarks>An <see cref="ArgumentException"/>, because the name always comes from a caller (command line, job file);
/// without a parameter name, so that the message stays the one line the <c>kan</c> command prints.</remarks>
public sealed class UnknownProblemException : ArgumentException
{
    /// <summary>An error for <paramref name="name"/>, given the names that do exist.</summary>
    public UnknownProblemException(string name, IReadOnlyList<string> validNames)
        : base($"Unknown problem '{name}'; valid problems: {(validNames.Count == 0 ? "(none registered)" : string.Join(", ", validNames))}.")
    {
        Name = name;
        ValidNames = validNames;
    }

    /// <summary>The name that was asked for.</summary>
    public string Name { get; }

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> ValidNames { get; }
}
