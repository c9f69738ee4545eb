namespace Kan.Physics.Runs.Hosting;

/// <summary>Checks, before any long computation, that results can be written to the output folder.</summary>
internal static class OutputDirectory
{
    public static void Prepare(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            string probe = Path.Combine(path, $".kan-write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new IOException($"cannot write results to '{path}': {e.Message}", e);
        }
    }
}
