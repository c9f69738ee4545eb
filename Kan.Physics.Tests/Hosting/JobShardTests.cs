using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Tests.Hosting;

/// <summary>
/// <c>--shard K/N</c>: every job in exactly one shard, the assignment a function of the job's id alone (so reordering
/// or extending the job file, or expanding it on another machine, moves no job), and K/N parsed strictly.
/// </summary>
public sealed class JobShardTests
{
    private static List<JobSpec> Jobs(int count, string prefix = "poisson2d-grids-5_10-s") =>
        Enumerable.Range(0, count).Select(i => new JobSpec(prefix + i, "poisson2d", i, new Dictionary<string, string>())).ToList();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void EveryJobIsInExactlyOneShard(int shards)
    {
        var jobs = Jobs(1000);
        var seen = new Dictionary<string, int>();
        for (int k = 1; k <= shards; k++)
            foreach (var job in new JobShard(k, shards).Select(jobs))
            {
                Assert.False(seen.ContainsKey(job.Id), $"{job.Id} is in shard {seen.GetValueOrDefault(job.Id)} and {k}");
                seen[job.Id] = k;
            }
        Assert.Equal(jobs.Select(j => j.Id).Order(), seen.Keys.Order());
        // hashing spreads them: no shard of 1000 jobs over up to 7 shards is far from its share
        if (shards <= 7)
            for (int k = 1; k <= shards; k++)
                Assert.InRange(seen.Values.Count(v => v == k), 1000 / shards * 0.8, 1000 / shards * 1.2);
    }

    [Fact]
    public void TheAssignmentDependsOnTheIdAloneNotOnThePositionOrTheOtherJobs()
    {
        var jobs = Jobs(200);
        var before = jobs.ToDictionary(j => j.Id, j => JobShard.Of(j.Id, 5));
        // reversed, and with 300 jobs appended (and the settings of the job objects differing): no job moves
        var reordered = Enumerable.Reverse(jobs).Concat(Jobs(300, "other-s")).ToList();
        for (int k = 1; k <= 5; k++)
            foreach (var job in new JobShard(k, 5).Select(reordered).Where(j => before.ContainsKey(j.Id)))
                Assert.Equal(before[job.Id], k);
        // and it is the same on every machine and in every version: pinned values (1 + first 8 bytes of SHA-256(id), big-endian, mod N; checked with Python hashlib)
        Assert.Equal(before["poisson2d-grids-5_10-s0"], JobShard.Of("poisson2d-grids-5_10-s0", 5));
        Assert.Equal([1, 2, 2, 2], new[] { "poisson2d-s0", "poisson2d-s1", "poisson2d-s2", "poisson2d-s3" }.Select(id => JobShard.Of(id, 3)));
    }

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("3/8", 3, 8)]
    [InlineData("8/8", 8, 8)]
    public void ParsesKOverN(string text, int k, int n)
    {
        var shard = JobShard.Parse(text);
        Assert.Equal((k, n), (shard.Index, shard.Count));
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("-1/3")]
    [InlineData("1/3/5")]
    [InlineData("a/3")]
    [InlineData("2")]
    [InlineData("")]
    [InlineData(" 1/3")]
    public void RejectsAnythingElseNamingTheText(string text)
    {
        Assert.False(JobShard.TryParse(text, out _, out string? error));
        Assert.Contains($"{text}", error);
        Assert.Throws<FormatException>(() => JobShard.Parse(text));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobShard(0, 3));
    }
}

/// <summary>Slurm's time limit formats, as <c>--time</c> and the script's signal time read them.</summary>
public sealed class SlurmTimeTests
{
    [Theory]
    [InlineData("30", 30 * 60)]
    [InlineData("5:30", 5 * 60 + 30)]
    [InlineData("01:30:00", 90 * 60)]
    [InlineData("2-12", 2 * 86400 + 12 * 3600)]
    [InlineData("1-00:30", 86400 + 30 * 60)]
    [InlineData("0-00:00:45", 45)]
    public void ParsesSlurmsFormats(string text, int seconds)
    {
        Assert.True(SlurmArray.TryParseTime(text, out var limit));
        Assert.Equal(seconds, limit.TotalSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1h")]
    [InlineData("1:2:3:4")]
    [InlineData("-5")]
    [InlineData("1-")]
    public void RejectsOthers(string text) => Assert.False(SlurmArray.TryParseTime(text, out _));

    [Fact]
    public void TheSignalComesAtMostHalfwayThroughAShortLimit()
    {
        var folder = new BatchFolder(Path.Combine(Path.GetTempPath(), "kan-out"));
        string Script(string? time, int signal) =>
            SlurmArray.Script(new SlurmArrayOptions { Tasks = 2, Time = time, SignalSeconds = signal }, folder, "/x/jobs.json", "kan", "/x");
        Assert.Contains("#SBATCH --signal=B:USR1@300\n", Script("2:00:00", 300));
        Assert.Contains("#SBATCH --signal=B:USR1@60\n", Script("2", 300));
        Assert.Contains("#SBATCH --signal=B:USR1@300\n", Script(null, 300));
        Assert.DoesNotContain("--signal", Script("2", 0));
        Assert.DoesNotContain("--time", Script(null, 300));
    }
}
