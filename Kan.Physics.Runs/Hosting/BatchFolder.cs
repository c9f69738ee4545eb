using System.Text;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// The layout of a batch's output folder, shared by every worker that runs jobs of the batch (one machine or many on
/// a shared filesystem) and read by <c>kan status</c>:
/// <code>
/// DIR/ID.h5, DIR/ID.*.png      results and figures (written to a temporary name and renamed)
/// DIR/.checkpoints/ID/         a running or interrupted job's checkpoints
/// DIR/.kan/jobs.txt            the ids of every job of the batch, one a line (the manifest)
/// DIR/.kan/locks/ID.lock       the lock of a running job: owner, host, process, start; its time stamp is the heartbeat
/// DIR/.kan/failed/ID.json      why a job failed (removed when it later completes)
/// DIR/slurm/                   the sbatch script, the job file it runs, the submitted job ids and the task logs
/// </code>
/// </summary>
public sealed class BatchFolder
{
    /// <summary>The folder of the coordination files, inside the output folder.</summary>
    public const string StateFolderName = ".kan";

    /// <summary>The layout of the output folder <paramref name="root"/> (nothing is created).</summary>
    public BatchFolder(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The output folder.</summary>
    public string Root { get; }

    /// <summary>The folder of the manifest, locks and failure notes.</summary>
    public string StateDirectory => Path.Combine(Root, StateFolderName);

    /// <summary>The folder of the job locks.</summary>
    public string LocksDirectory => Path.Combine(StateDirectory, "locks");

    /// <summary>The folder of the failure notes.</summary>
    public string FailedDirectory => Path.Combine(StateDirectory, "failed");

    /// <summary>The manifest: every job id of the batch, one a line, in job file order.</summary>
    public string ManifestPath => Path.Combine(StateDirectory, "jobs.txt");

    /// <summary>The folder of the Slurm script, job file copy, submission list and logs.</summary>
    public string SlurmDirectory => Path.Combine(Root, "slurm");

    /// <summary>The result file of job <paramref name="id"/>.</summary>
    public string ResultPath(string id) => Path.Combine(Root, id + ".h5");

    /// <summary>The lock file of job <paramref name="id"/>.</summary>
    public string LockPath(string id) => Path.Combine(LocksDirectory, id + JobLock.Extension);

    /// <summary>The failure note of job <paramref name="id"/>.</summary>
    public string FailurePath(string id) => Path.Combine(FailedDirectory, id + ".json");

    /// <summary>
    /// Writes the manifest when its content differs (many workers start at once and write the same list): to a
    /// temporary name, then renamed, so a reader sees the old list or the new one.
    /// </summary>
    public void WriteManifest(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (string id in ids) text.Append(id).Append('\n');
        string content = text.ToString();
        try
        {
            if (File.Exists(ManifestPath) && File.ReadAllText(ManifestPath) == content) return;
        }
        catch (IOException) { } // being replaced by another worker: write ours
        AtomicFile.WriteAllText(ManifestPath, content);
    }

    /// <summary>The job ids of the manifest, or null when the folder has none (a folder of <c>kan run</c> results).</summary>
    public IReadOnlyList<string>? ReadManifest()
    {
        if (!File.Exists(ManifestPath)) return null;
        return File.ReadAllLines(ManifestPath).Where(l => l.Length > 0).ToList();
    }
}

/// <summary>Whole-file writes that readers (and a crash) see either complete or not at all.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to a unique temporary name beside <paramref name="path"/>, flushes it and renames it over <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string content)
    {
        string? folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        string temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(Encoding.UTF8.GetBytes(content));
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
}
