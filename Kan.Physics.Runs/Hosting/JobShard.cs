using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// One of <see cref="Count"/> disjoint shares of a batch (<c>--shard K/N</c>, <see cref="Index"/> K from 1 to N). A
/// job belongs to shard <c>1 + (h mod N)</c>, where h is the first 8 bytes of the SHA-256 of its id: the assignment
/// depends on the job alone, not on its position in the job file, so appending jobs, reordering entries or expanding
/// the file again on another machine moves no job to another shard, and every job is in exactly one shard.
/// </summary>
/// <remarks>
/// Ids are the identity of a job in a batch folder (its result file, lock and checkpoints are named by it), and
/// <see cref="JobFile"/> derives them from the problem, the swept settings and the seed. Hashing spreads the jobs
/// evenly on average; a small batch can be uneven (6 jobs over 3 shards may give 3, 2 and 1).
/// </remarks>
public readonly record struct JobShard
{
    /// <summary>The shard K of N (1 &lt;= K &lt;= N).</summary>
    public JobShard(int index, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, $"a batch is split into at least 1 shard, got {count}");
        if (index < 1 || index > count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"shard {index}/{count}: K must be between 1 and {count}");
        Index = index;
        Count = count;
    }

    /// <summary>K: which shard, from 1.</summary>
    public int Index { get; }

    /// <summary>N: how many shards the batch is split into.</summary>
    public int Count { get; }

    /// <summary>The whole batch as one shard (1/1).</summary>
    public static JobShard All => new(1, 1);

    /// <summary>
    /// Parses <c>K/N</c> (e.g. <c>2/8</c>); throws <see cref="FormatException"/> naming the text when it is not two
    /// integers with 1 &lt;= K &lt;= N.
    /// </summary>
    public static JobShard Parse(string text)
    {
        if (TryParse(text, out var shard, out string? error)) return shard;
        throw new FormatException(error);
    }

    /// <summary>Parses <c>K/N</c>; on failure <paramref name="error"/> says what is wrong with <paramref name="text"/>.</summary>
    public static bool TryParse(string? text, out JobShard shard, out string? error)
    {
        shard = default;
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            error = $"--shard must be K/N with whole numbers 1 <= K <= N (e.g. 2/8), got '{text}'";
            return false;
        }
        if (n < 1 || k < 1 || k > n)
        {
            error = $"--shard {text}: K must be between 1 and N, and N at least 1";
            return false;
        }
        shard = new JobShard(k, n);
        error = null;
        return true;
    }

    /// <summary>The shard (1..<paramref name="count"/>) that the job with id <paramref name="jobId"/> belongs to.</summary>
    public static int Of(string jobId, int count)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(jobId), hash);
        ulong h = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
        return 1 + (int)(h % (ulong)count);
    }

    /// <summary>Whether the job belongs to this shard.</summary>
    public bool Contains(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Count <= 1 || Of(job.Id, Count) == Index;
    }

    /// <summary>The jobs of this shard, in their order.</summary>
    public IReadOnlyList<JobSpec> Select(IReadOnlyList<JobSpec> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var self = this;
        return Count <= 1 ? jobs : jobs.Where(self.Contains).ToList();
    }

    /// <summary>K/N.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
