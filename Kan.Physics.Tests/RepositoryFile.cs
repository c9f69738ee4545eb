namespace Kan.Physics.Tests;

/// <summary>Files of the checkout (README, job files), found by walking up from the test binaries to Kan.Physics.sln.</summary>
internal static class RepositoryFile
{
    public static string PathOf(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kan.Physics.sln"))) return Path.Combine([dir.FullName, .. parts]);
        throw new FileNotFoundException("Kan.Physics.sln not found above the test directory.");
    }
}
