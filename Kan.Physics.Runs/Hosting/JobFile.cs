using System.Collections.ObjectModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Reads a batch job file (JSON) and expands it into the <see cref="JobSpec"/>s to run.
/// </summary>
/// <remarks>
/// <code>
/// { "jobs": [ { "problem": "poisson2d", "seeds": [0, 1], "settings": { "hard_bc": "1" },
///               "sweep": { "grids": ["5,10", "5,10,20"], "steps": [20, 50] }, "id": "optional-prefix" },
///             { "problem": "diffusion1d", "seed": 3 } ] }
/// </code>
/// <list type="table">
/// <listheader><term>field</term><description>meaning</description></listheader>
/// <item><term>jobs</term><description>required, non-empty array of job objects; the only top-level field.</description></item>
/// <item><term>jobs[i].problem</term><description>required string: the problem's name (case-sensitive).</description></item>
/// <item><term>jobs[i].seed</term><description>non-negative integer; or <c>seeds</c>, a non-empty array of distinct ones
/// (not both). Default: seed 0.</description></item>
/// <item><term>jobs[i].settings</term><description>object: setting key to a string, number or boolean. Numbers become
/// invariant text (integers as written, others in round-trip form: <c>1e-3</c> gives <c>0.001</c>), booleans 1 / 0.</description></item>
/// <item><term>jobs[i].sweep</term><description>object: setting key to a non-empty array of distinct values (same
/// types as settings). The job runs for every combination (cartesian product, first key outermost), each with every
/// seed (innermost). A key may not be in both settings and sweep.</description></item>
/// <item><term>jobs[i].id</term><description>optional string of at most 60 letters, digits, '.', '_', '-' (starting with a letter
/// or digit): replaces the problem name at the start of the ids.</description></item>
/// </list>
/// Ids are <c>&lt;problem or id&gt;[-key-value...]-s&lt;seed&gt;</c> with the swept keys and values in file order and
/// every character other than letters, digits, '.', '_' and '-' replaced by '_', so they are deterministic and safe as
/// file names. An id longer than <see cref="MaxIdLength"/>, or one that an earlier job of the file already has (the
/// same sweep values but other fixed settings, say), is cut and ends in '-' and 8 hex digits of the SHA-256 of the
/// job's problem, seed and sorted settings instead; earlier jobs keep their plain ids, so appending jobs to a file
/// renames none of the existing results. Two jobs with the same problem, seed and settings are an error.
/// <para>Comments and trailing commas are allowed, for hand-written files; an optional field given as <c>null</c> counts
/// as left out. Unknown field names are rejected to catch typos. The file is deserialised with System.Text.Json into
/// <see cref="JobFileDocument"/> records; every error is a <see cref="JobFileException"/> naming the file, the JSON path
/// and the bad value.</para>
/// </remarks>
public static class JobFile
{
    /// <summary>
    /// The longest id: result files add <c>.h5</c>, figures a suffix, and atomic writes a 40-character temporary suffix,
    /// all within the usual 255-byte file name limit.
    /// </summary>
    public const int MaxIdLength = 120;

    /// <summary>The most jobs one entry may expand to (a guard against a sweep typo exhausting memory).</summary>
    public const int MaxJobsPerEntry = 100_000;

    /// <summary>Reads and expands the job file at <paramref name="path"/>.</summary>
    /// <exception cref="JobFileException">The file cannot be read, or its content is not a valid job file.</exception>
    public static IReadOnlyList<JobSpec> Load(string path) => Load(path, null);

    /// <summary>Like <see cref="Load(string)"/>, also checking problems and setting keys against <paramref name="registry"/>.</summary>
    public static IReadOnlyList<JobSpec> Load(string path, ProblemRegistry? registry)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try { json = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new JobFileException(path, null, $"cannot read the job file: {ex.Message}", ex);
        }
        return Parse(json, path, registry);
    }

    /// <summary>Expands the job file text <paramref name="json"/>; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="JobFileException">The text is not a valid job file.</exception>
    public static IReadOnlyList<JobSpec> Parse(string json, string sourceName) => Parse(json, sourceName, null);

    /// <summary>
    /// Like <see cref="Parse(string, string)"/>; with a <paramref name="registry"/>, every problem must be registered
    /// and every setting and sweep key one the problem declares, with every value (each swept one too) one its schema accepts.
    /// </summary>
    public static IReadOnlyList<JobSpec> Parse(string json, string sourceName, ProblemRegistry? registry)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return Expand(JobFileJson.Read(json, sourceName), sourceName, registry);
    }

    /// <summary>The jobs of a deserialised (or built) job file, checked as <see cref="Parse(string, string, ProblemRegistry?)"/> checks them.</summary>
    internal static IReadOnlyList<JobSpec> Expand(JobFileDocument document, string sourceName, ProblemRegistry? registry)
    {
        var expander = new Expander(sourceName, registry);
        if (document.Jobs.Count == 0) throw new JobFileException(sourceName, "jobs", "is empty; give at least one job");
        for (int i = 0; i < document.Jobs.Count; i++) expander.Add(document.Jobs[i], $"jobs[{i}]");
        return expander.Jobs;
    }

    /// <summary>The letters of an id: the rest is replaced by '_'.</summary>
    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    private static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text) sb.Append(IsSafe(c) ? c : '_');
        return sb.ToString();
    }

    /// <summary>
    /// The one job of problem <paramref name="problem"/> with <paramref name="seed"/> and <paramref name="settings"/>, with
    /// the id a job file gives it when each setting is swept over its one value (<c>problem-key-value...-sSEED</c>): the
    /// job of <c>kan run</c>. The settings are not checked here; the problem's schema checks them.
    /// </summary>
    public static JobSpec Single(string problem, int seed, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(problem);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        var entry = new JobEntry
        {
            Problem = problem, Seed = new JobSeed(seed),
            Sweep = new(settings.Select(p => KeyValuePair.Create(p.Key, new SweepValues([SettingValue.FromText(p.Value)])))),
        };
        return Expand(new JobFileDocument { Jobs = [entry] }, "command line", null).Single();
    }

    /// <summary>The checks across fields and the expansion of the entries; keeps the ids given so far.</summary>
    private sealed class Expander(string source, ProblemRegistry? registry)
    {
        private readonly List<JobSpec> _jobs = [];
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Id, string Origin)> _identities = new(StringComparer.Ordinal);

        public IReadOnlyList<JobSpec> Jobs => _jobs.AsReadOnly();

        public void Add(JobEntry job, string path)
        {
            string problem = job.Problem;
            string problemPath = path + ".problem";
            if (string.IsNullOrWhiteSpace(problem))
                throw Fail(problemPath, $"is the string {JsonSerializer.Serialize(problem)}; it must be a problem name");
            IProblem? known = null;
            if (registry != null && !registry.TryGet(problem, out known))
            {
                var names = registry.Names;
                throw Fail(problemPath, $"unknown problem '{problem}'; valid problems: {(names.Count == 0 ? "(none registered)" : string.Join(", ", names))}");
            }

            var seeds = Seeds(job, path);
            var settings = Settings(job, path);
            var sweep = Sweep(job, path, settings);

            string prefix = problem;
            if (job.Id is { } id)
            {
                string idPath = path + ".id";
                if (id.Length == 0) throw Fail(idPath, "is the string \"\"; it must be a non-empty string");
                if (!char.IsAsciiLetterOrDigit(id[0]) || !id.All(IsSafe) || id.Length > MaxIdLength / 2)
                    throw Fail(idPath, $"'{id}' is not a valid id prefix; use up to {MaxIdLength / 2} letters, digits, '.', '_' or '-', starting with a letter or digit");
                prefix = id;
            }

            if (known != null) CheckKeys(known, path, settings, sweep);

            long count = seeds.Count;
            foreach (var (_, values) in sweep) count *= values.Count;
            if (count > MaxJobsPerEntry)
                throw Fail(path + ".sweep", $"the sweep and seeds expand to {count} jobs; at most {MaxJobsPerEntry} per entry");

            var combination = new int[sweep.Count];
            do
            {
                foreach (int seed in seeds) Add(path, known, problem, prefix, seed, settings, sweep, combination);
            }
            while (Next(combination, sweep));
        }

        /// <summary>Advances the odometer <paramref name="index"/> (last key fastest); false after the last combination.</summary>
        private static bool Next(int[] index, List<(string Key, SweepValues Values)> sweep)
        {
            for (int k = index.Length - 1; k >= 0; k--)
            {
                if (++index[k] < sweep[k].Values.Count) return true;
                index[k] = 0;
            }
            return false;
        }

        private void Add(string origin, IProblem? known, string problem, string prefix, int seed, List<(string Key, string Value, string Path)> fixedSettings,
            List<(string Key, SweepValues Values)> sweep, int[] combination)
        {
            var settings = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value, _) in fixedSettings) settings.Add(key, value);
            var id = new StringBuilder(Sanitize(prefix));
            for (int k = 0; k < sweep.Count; k++)
            {
                string value = sweep[k].Values[combination[k]].Text;
                settings.Add(sweep[k].Key, value);
                id.Append('-').Append(Sanitize(sweep[k].Key)).Append('-').Append(Sanitize(value));
            }
            id.Append("-s").Append(seed.ToString(CultureInfo.InvariantCulture));

            string identity = Identity(problem, seed, settings);
            string described = $"problem {problem}, seed {seed}{(settings.Count == 0 ? "" : ", " + string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")))}";
            if (_identities.TryGetValue(identity, out var earlier))
                throw Fail(origin, $"defines the job ({described}) that {earlier.Origin} already defines (id '{earlier.Id}'); remove one");
            // each value was checked on its own; the whole job also meets the problem's rules across settings
            if (known != null)
            {
                try { _ = new ProblemSettings(known.Name, known.Settings, settings); }
                catch (ProblemSettingException ex) { throw Fail(origin, $"the job ({described}): {ex.Message}", ex); }
            }

            string plain = id.ToString();
            string jobId = plain.Length <= MaxIdLength && !_ids.Contains(plain) ? plain
                : plain[..Math.Min(plain.Length, MaxIdLength - 9)] + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..8];
            if (!_ids.Add(jobId)) // only a SHA-256 prefix collision gets here
                throw Fail(origin, $"the job ({described}) gets the id '{jobId}' that another job has; give this entry an \"id\" prefix");
            _identities.Add(identity, (jobId, origin));
            _jobs.Add(new JobSpec(jobId, problem, seed, new ReadOnlyDictionary<string, string>(settings)));
        }

        /// <summary>What makes two jobs the same job, independent of the order settings were written in.</summary>
        private static string Identity(string problem, int seed, IReadOnlyDictionary<string, string> settings)
        {
            var sb = new StringBuilder().Append(problem).Append('\n').Append(seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var (key, value) in settings.OrderBy(s => s.Key, StringComparer.Ordinal))
                sb.Append(key.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(key).Append('=')
                  .Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
            return sb.ToString();
        }

        private List<int> Seeds(JobEntry job, string path)
        {
            if (job.Seed is { } seed)
                return job.Seeds is null ? [seed.Value] : throw Fail(path + ".seeds", "a job has \"seed\" or \"seeds\", not both");
            if (job.Seeds is not { } seeds) return [0];
            string seedsPath = path + ".seeds";
            if (seeds.Count == 0) throw Fail(seedsPath, "is empty; give at least one seed (or leave it out for seed 0)");
            var seen = new Dictionary<int, string>();
            for (int i = 0; i < seeds.Count; i++)
            {
                string p = $"{seedsPath}[{i}]";
                if (!seen.TryAdd(seeds[i].Value, p)) throw Fail(p, $"seed {seeds[i].Value} repeats {seen[seeds[i].Value]}");
            }
            return seeds.Select(s => s.Value).ToList();
        }

        private List<(string Key, string Value, string Path)> Settings(JobEntry job, string path)
        {
            var result = new List<(string, string, string)>();
            string settingsPath = path + ".settings";
            foreach (var (key, value) in job.Settings ?? [])
            {
                string p = JobFileJson.Member(settingsPath, key);
                if (key.Length == 0) throw Fail(p, "an empty key is not allowed");
                result.Add((key, value.Text, p));
            }
            return result;
        }

        private List<(string Key, SweepValues Values)> Sweep(JobEntry job, string path, List<(string Key, string Value, string Path)> settings)
        {
            var result = new List<(string, SweepValues)>();
            string sweepPath = path + ".sweep";
            foreach (var (key, values) in job.Sweep ?? [])
            {
                string p = JobFileJson.Member(sweepPath, key);
                if (key.Length == 0) throw Fail(p, "an empty key is not allowed");
                if (settings.FirstOrDefault(s => s.Key == key) is { Path: not null } clash)
                    throw Fail(p, $"'{key}' is both swept and fixed in {clash.Path}; give it in one place");
                if (values.Count == 0) throw Fail(p, "is an empty list; a sweep needs at least one value");
                var seen = new Dictionary<string, string>(StringComparer.Ordinal);
                for (int i = 0; i < values.Count; i++)
                {
                    string ep = $"{p}[{i}]";
                    if (!seen.TryAdd(values[i].Text, ep)) throw Fail(ep, $"{values[i].Json} repeats the value '{values[i].Text}' of {seen[values[i].Text]}");
                }
                result.Add((key, values));
            }
            return result;
        }

        /// <summary>
        /// Checks every key and every value with the problem's own settings schema, so the message is the one a run
        /// would give: an unknown key at the key's path, a bad value at the value's (each swept value on its own).
        /// </summary>
        private void CheckKeys(IProblem problem, string path, List<(string Key, string Value, string Path)> settings,
            List<(string Key, SweepValues Values)> sweep)
        {
            var all = settings.Select(s => (s.Key, s.Value, s.Path)).ToList();
            foreach (var (key, values) in sweep)
            {
                string p = JobFileJson.Member(path + ".sweep", key);
                if (!problem.Settings.Any(s => s.Key == key)) all.Add((key, values[0].Text, p));
                else all.AddRange(values.Select((v, i) => (key, v.Text, $"{p}[{i}]")));
            }
            foreach (var (key, value, p) in all)
            {
                try { problem.Settings.CheckValue(problem.Name, key, value); }
                catch (ProblemSettingException ex) { throw Fail(p, ex.Message, ex); }
            }
        }

        private JobFileException Fail(string path, string problem, Exception? inner = null) => new(source, path, problem, inner);
    }
}
