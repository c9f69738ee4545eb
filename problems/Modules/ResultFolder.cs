using Kan.Physics.Runs.Results;

namespace Kan.Physics.Problems.Modules;

/// <summary>The results of one problem in a batch's output folder, as the summary reports read them.</summary>
internal static class ResultFolder
{
    /// <summary>
    /// Every <c>*.h5</c> in <paramref name="directory"/> (not its subfolders, in name order) whose problem is
    /// <paramref name="problem"/>, with its file name as id; files that cannot be read are returned with the reason
    /// instead of stopping the report.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static (List<(string Id, ResultDocument Doc)> Results, List<string> Unreadable) Read(string directory, string problem)
        => Read(directory, doc => doc.Problem == problem);

    /// <summary>Like <see cref="Read(string, string)"/>, keeping the results for which <paramref name="keep"/> holds.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static (List<(string Id, ResultDocument Doc)> Results, List<string> Unreadable) Read(string directory, Func<ResultDocument, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"The results folder '{directory}' does not exist.");
        var results = new List<(string, ResultDocument)>();
        var unreadable = new List<string>();
        foreach (var path in Directory.GetFiles(directory, "*.h5").Order(StringComparer.Ordinal))
        {
            try
            {
                var doc = ResultFile.Read(path);
                if (keep(doc)) results.Add((Path.GetFileNameWithoutExtension(path), doc));
            }
            catch (Exception e) when (e is ResultFileException or IOException or InvalidDataException)
            {
                unreadable.Add($"{Path.GetFileName(path)}: {e.Message}");
            }
        }
        return (results, unreadable);
    }
}
