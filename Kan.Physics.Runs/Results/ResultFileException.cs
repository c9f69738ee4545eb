namespace Kan.Physics.Runs.Results;

/// <summary>
/// A file that <see cref="ResultFile"/> was asked to read is not a readable Kan.Physics result file: not HDF5 at all,
/// truncated or corrupted, or HDF5 that lacks (or mis-shapes) what the schema requires.
/// </summary>
/// <remarks>
/// Derives from <see cref="IOException"/> (<see cref="InvalidDataException"/>, the natural base, is sealed), so a
/// caller that reports failed file operations catches it too. The message is one line that starts with the file's
/// path, because the <c>kan</c> command prints it as is.
/// </remarks>
public sealed class ResultFileException : IOException
{
    /// <summary>An error about the file <paramref name="path"/>; <paramref name="problem"/> says what is wrong.</summary>
    public ResultFileException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {OneLine(problem)}", innerException)
    {
        FilePath = path;
        Problem = OneLine(problem);
    }

    /// <summary>The file that could not be read, as the caller named it.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }

    // Messages of the HDF5 library may span lines; the CLI prints exactly one.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
