namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Where one job keeps its checkpoints: named files in its own folder, each written to a temporary name, flushed and
/// renamed, so a crash (even SIGKILL) leaves either the previous checkpoint or the new one, never half of one.
/// </summary>
public sealed class CheckpointStore
{
    /// <summary>A store in <paramref name="directory"/> (created on first save).</summary>
    public CheckpointStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The folder of this job's checkpoints.</summary>
    public string Directory { get; }

    /// <summary>Writes checkpoint <paramref name="name"/> atomically with <paramref name="write"/>.</summary>
    public void Save(string name, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string path = PathOf(name);
        System.IO.Directory.CreateDirectory(Directory);
        string temp = path + ".tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Opens checkpoint <paramref name="name"/> for reading, or returns null when there is none.</summary>
    public Stream? TryOpen(string name)
    {
        string path = PathOf(name);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read) : null;
    }

    /// <summary>Whether checkpoint <paramref name="name"/> exists.</summary>
    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>Removes every checkpoint of the job (after its result is safely written).</summary>
    public void Clear()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    private string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
            throw new ArgumentException($"'{name}' is not a valid checkpoint name.", nameof(name));
        return Path.Combine(Directory, name);
    }
}
