namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// A job file cannot be used: unreadable, not JSON, or a field with a wrong name, type or value. The message is one
/// line, <c>FILE: PATH: what is wrong ('VALUE')</c>, naming the file, the JSON path of the field (e.g.
/// <c>jobs[1].seeds[2]</c>) and the bad value, because the <c>kan</c> command prints it as is.
/// </summary>
public sealed class JobFileException : Exception
{
    /// <summary>An error in <paramref name="sourceName"/> at <paramref name="jsonPath"/> (null: the file as a whole).</summary>
    public JobFileException(string sourceName, string? jsonPath, string problem, Exception? innerException = null)
        : base($"{sourceName}: {(jsonPath is null ? "" : jsonPath + ": ")}{problem.ReplaceLineEndings(" ")}", innerException)
    {
        SourceName = sourceName;
        JsonPath = jsonPath;
    }

    /// <summary>The file (or other source) as the caller named it.</summary>
    public string SourceName { get; }

    /// <summary>Where in the document the error is, e.g. <c>jobs[1].seeds[2]</c>; null when it concerns the whole file.</summary>
    public string? JsonPath { get; }
}
