using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Why a job of a batch failed, as the worker left it in <c>.kan/failed/ID.json</c> for <c>kan status</c>: the error,
/// where it ran and when. The next run of the job removes it.
/// </summary>
public sealed record JobFailureNote
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The job.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>The error, on one line.</summary>
    [JsonPropertyName("error")] public required string Error { get; init; }

    /// <summary>The worker's host.</summary>
    [JsonPropertyName("host")] public string? Host { get; init; }

    /// <summary>The worker's process id.</summary>
    [JsonPropertyName("pid")] public int Pid { get; init; }

    /// <summary>The worker's Slurm job (<c>JOB_TASK</c>), when it ran under Slurm.</summary>
    [JsonPropertyName("slurm_job")] public string? SlurmJob { get; init; }

    /// <summary>The worker's shard, when it ran one.</summary>
    [JsonPropertyName("shard")] public string? Shard { get; init; }

    /// <summary>When the job failed (UTC).</summary>
    [JsonPropertyName("time_utc")] public DateTime TimeUtc { get; init; }

    /// <summary>Writes the note of <paramref name="id"/> to <paramref name="path"/> (temporary name, then renamed).</summary>
    public static void Write(string path, string id, string error, JobShard shard)
    {
        var note = new JobFailureNote
        {
            Id = id, Error = error, Host = Environment.MachineName, Pid = Environment.ProcessId, SlurmJob = JobLock.CurrentSlurmJob(),
            Shard = shard.Count > 1 ? shard.ToString() : null, TimeUtc = DateTime.UtcNow,
        };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(note, Json));
    }

    /// <summary>The note at <paramref name="path"/>; one saying the note is unreadable when it cannot be parsed; null when there is none.</summary>
    public static JobFailureNote? Read(string path, string id)
    {
        try { return JsonSerializer.Deserialize<JobFailureNote>(File.ReadAllBytes(path), Json); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return new JobFailureNote { Id = id, Error = $"failed (its note {path} cannot be read: {e.Message.ReplaceLineEndings(" ")})" };
        }
    }
}
