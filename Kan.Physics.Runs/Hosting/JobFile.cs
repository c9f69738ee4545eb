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
/// <para>Comments and trailing commas are allowed, for hand-written files. Unknown field names are rejected to catch
/// typos. Every error is a <see cref="JobFileException"/> naming the file, the JSON path and the bad value.</para>
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
    /// and every setting and sweep key must be one the problem declares.
    /// </summary>
    public static IReadOnlyList<JobSpec> Parse(string json, string sourceName, ProblemRegistry? registry)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException ex)
        {
            throw NotJson(json, sourceName, ex);
        }
        using (document) return new Reader(sourceName, registry).Read(document.RootElement);
    }

    private static JobFileException NotJson(string json, string sourceName, JsonException ex)
    {
        // JsonException's message ends in "LineNumber: 2 | BytePositionInLine: 4."; we say it in words instead.
        string reason = ex.Message;
        int at = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at > 0) reason = reason[..at];
        if (ex.LineNumber is not long line) return new JobFileException(sourceName, null, $"not valid JSON: {reason}", ex);
        long column = ex.BytePositionInLine ?? 0;
        string[] lines = json.Split('\n');
        string near = "";
        if (line < lines.Length)
        {
            string text = lines[line].TrimEnd('\r');
            int start = (int)Math.Clamp(column - 20, 0, text.Length);
            int end = (int)Math.Clamp(column + 20, start, text.Length);
            near = $" near \"{text[start..end]}\"";
        }
        return new JobFileException(sourceName, ex.Path is { Length: > 1 } p ? p : null,
            $"not valid JSON at line {line + 1}, position {column + 1}{near}: {reason}", ex);
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
        var reader = new Reader("command line", null);
        var sweep = settings.Select(p => (p.Key, new List<(string Value, string Path)> { (p.Value, "") })).ToList();
        reader.Add("command line", problem, problem, seed, [], sweep, new int[sweep.Count]);
        return reader.Jobs[0];
    }

    /// <summary>The walk over one document; keeps the source name, registry and the ids given so far.</summary>
    private sealed class Reader(string source, ProblemRegistry? registry)
    {
        private static readonly string[] JobFields = ["problem", "seed", "seeds", "settings", "sweep", "id"];

        private readonly List<JobSpec> _jobs = [];
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Id, string Origin)> _identities = new(StringComparer.Ordinal);

        /// <summary>The jobs read so far.</summary>
        public IReadOnlyList<JobSpec> Jobs => _jobs;

        public IReadOnlyList<JobSpec> Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
                throw Fail("$", $"the document is {Describe(root)}; a job file is an object with a \"jobs\" array");
            var fields = Fields(root, "$", ["jobs"], "the top level has only \"jobs\"");
            if (!fields.TryGetValue("jobs", out var jobs))
                throw Fail("$", "missing field \"jobs\" (an array of job objects)");
            if (jobs.ValueKind != JsonValueKind.Array)
                throw Fail("jobs", $"is {Describe(jobs)}; it must be an array of job objects");
            if (jobs.GetArrayLength() == 0) throw Fail("jobs", "is empty; give at least one job");
            int i = 0;
            foreach (var job in jobs.EnumerateArray()) ReadJob(job, $"jobs[{i++}]");
            return _jobs.AsReadOnly();
        }

        private void ReadJob(JsonElement job, string path)
        {
            if (job.ValueKind != JsonValueKind.Object)
                throw Fail(path, $"is {Describe(job)}; a job must be an object with at least \"problem\"");
            var fields = Fields(job, path, JobFields, "a job has " + string.Join(", ", JobFields));

            if (!fields.TryGetValue("problem", out var problemElement)) throw Fail(path, "missing field \"problem\"");
            string problemPath = path + ".problem";
            if (problemElement.ValueKind != JsonValueKind.String || problemElement.GetString() is not { Length: > 0 } problem || string.IsNullOrWhiteSpace(problem))
                throw Fail(problemPath, $"is {Describe(problemElement)}; it must be a problem name");
            IProblem? known = null;
            if (registry != null && !registry.TryGet(problem, out known))
            {
                var names = registry.Names;
                throw Fail(problemPath, $"unknown problem '{problem}'; valid problems: {(names.Count == 0 ? "(none registered)" : string.Join(", ", names))}");
            }

            var seeds = ReadSeeds(fields, path);
            var settings = ReadSettings(fields, path);
            var sweep = ReadSweep(fields, path, settings);

            string prefix = problem;
            if (fields.TryGetValue("id", out var idElement))
            {
                string idPath = path + ".id";
                if (idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id)
                    throw Fail(idPath, $"is {Describe(idElement)}; it must be a non-empty string");
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
                foreach (var (seed, _) in seeds) Add(path, problem, prefix, seed, settings, sweep, combination);
            }
            while (Next(combination, sweep));
        }

        /// <summary>Advances the odometer <paramref name="index"/> (last key fastest); false after the last combination.</summary>
        private static bool Next(int[] index, List<(string Key, List<(string Value, string Path)> Values)> sweep)
        {
            for (int k = index.Length - 1; k >= 0; k--)
            {
                if (++index[k] < sweep[k].Values.Count) return true;
                index[k] = 0;
            }
            return false;
        }

        public void Add(string origin, string problem, string prefix, int seed, List<(string Key, string Value, string Path)> fixedSettings,
            List<(string Key, List<(string Value, string Path)> Values)> sweep, int[] combination)
        {
            var settings = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value, _) in fixedSettings) settings.Add(key, value);
            var id = new StringBuilder(Sanitize(prefix));
            for (int k = 0; k < sweep.Count; k++)
            {
                string value = sweep[k].Values[combination[k]].Value;
                settings.Add(sweep[k].Key, value);
                id.Append('-').Append(Sanitize(sweep[k].Key)).Append('-').Append(Sanitize(value));
            }
            id.Append("-s").Append(seed.ToString(CultureInfo.InvariantCulture));

            string identity = Identity(problem, seed, settings);
            string described = $"problem {problem}, seed {seed}{(settings.Count == 0 ? "" : ", " + string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")))}";
            if (_identities.TryGetValue(identity, out var earlier))
                throw Fail(origin, $"defines the job ({described}) that {earlier.Origin} already defines (id '{earlier.Id}'); remove one");

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

        private List<(int Seed, string Path)> ReadSeeds(OrderedDictionary<string, JsonElement> fields, string path)
        {
            bool hasSeed = fields.TryGetValue("seed", out var seed), hasSeeds = fields.TryGetValue("seeds", out var seeds);
            if (hasSeed && hasSeeds) throw Fail(path + ".seeds", "a job has \"seed\" or \"seeds\", not both");
            if (hasSeed) return [(Seed(seed, path + ".seed"), path + ".seed")];
            if (!hasSeeds) return [(0, path)];
            string seedsPath = path + ".seeds";
            if (seeds.ValueKind != JsonValueKind.Array)
                throw Fail(seedsPath, $"is {Describe(seeds)}; it must be an array of non-negative integers");
            if (seeds.GetArrayLength() == 0) throw Fail(seedsPath, "is empty; give at least one seed (or leave it out for seed 0)");
            var result = new List<(int, string)>();
            var seen = new Dictionary<int, string>();
            int i = 0;
            foreach (var element in seeds.EnumerateArray())
            {
                string p = $"{seedsPath}[{i++}]";
                int value = Seed(element, p);
                if (!seen.TryAdd(value, p)) throw Fail(p, $"seed {value} repeats {seen[value]}");
                result.Add((value, p));
            }
            return result;
        }

        private JobFileException SeedError(JsonElement element, string path, string reason)
            => Fail(path, $"{Describe(element)} {reason}; a seed must be a non-negative integer");

        private int Seed(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Number) throw SeedError(element, path, "is not a number");
            if (element.TryGetInt32(out int value))
                return value >= 0 ? value : throw SeedError(element, path, "is negative");
            if (element.TryGetInt64(out long big)) throw SeedError(element, path, big < 0 ? "is negative" : "is beyond the 32-bit range");
            throw SeedError(element, path, "is not an integer");
        }

        private List<(string Key, string Value, string Path)> ReadSettings(OrderedDictionary<string, JsonElement> fields, string path)
        {
            var result = new List<(string, string, string)>();
            if (!fields.TryGetValue("settings", out var settings)) return result;
            string settingsPath = path + ".settings";
            if (settings.ValueKind != JsonValueKind.Object)
                throw Fail(settingsPath, $"is {Describe(settings)}; it must be an object of key: value");
            foreach (var (key, value) in Fields(settings, settingsPath, null, null))
            {
                string p = Member(settingsPath, key);
                result.Add((key, Scalar(value, p), p));
            }
            return result;
        }

        private List<(string Key, List<(string Value, string Path)> Values)> ReadSweep(OrderedDictionary<string, JsonElement> fields, string path,
            List<(string Key, string Value, string Path)> settings)
        {
            var result = new List<(string, List<(string, string)>)>();
            if (!fields.TryGetValue("sweep", out var sweep)) return result;
            string sweepPath = path + ".sweep";
            if (sweep.ValueKind != JsonValueKind.Object)
                throw Fail(sweepPath, $"is {Describe(sweep)}; it must be an object of key: [values]");
            foreach (var (key, list) in Fields(sweep, sweepPath, null, null))
            {
                string p = Member(sweepPath, key);
                if (settings.FirstOrDefault(s => s.Key == key) is { Path: not null } clash)
                    throw Fail(p, $"'{key}' is both swept and fixed in {clash.Path}; give it in one place");
                if (list.ValueKind != JsonValueKind.Array)
                    throw Fail(p, $"is {Describe(list)}; a sweep entry must be an array of values");
                if (list.GetArrayLength() == 0) throw Fail(p, "is an empty list; a sweep needs at least one value");
                var values = new List<(string, string)>();
                var seen = new Dictionary<string, string>(StringComparer.Ordinal);
                int i = 0;
                foreach (var element in list.EnumerateArray())
                {
                    string ep = $"{p}[{i++}]";
                    string value = Scalar(element, ep);
                    if (!seen.TryAdd(value, ep)) throw Fail(ep, $"{Describe(element)} repeats the value '{value}' of {seen[value]}");
                    values.Add((value, ep));
                }
                result.Add((key, values));
            }
            return result;
        }

        /// <summary>Checks every key with the problem's own validation, so the message is the one a run would give.</summary>
        private void CheckKeys(IProblem problem, string path, List<(string Key, string Value, string Path)> settings,
            List<(string Key, List<(string Value, string Path)> Values)> sweep)
        {
            var all = settings.Select(s => (s.Key, s.Value, s.Path))
                .Concat(sweep.Select(s => (s.Key, s.Values[0].Value, Path: Member(path + ".sweep", s.Key))));
            foreach (var (key, value, p) in all)
            {
                try { _ = new ProblemSettings(problem.Name, problem.Settings, new Dictionary<string, string> { [key] = value }); }
                catch (ProblemSettingException ex) { throw Fail(p, ex.Message, ex); }
            }
        }

        /// <summary>A setting value as invariant text: strings as they are, numbers canonical, booleans 1 / 0.</summary>
        private string Scalar(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String: return element.GetString()!;
                case JsonValueKind.True: return "1";
                case JsonValueKind.False: return "0";
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out long integer)) return integer.ToString(CultureInfo.InvariantCulture);
                    if (element.TryGetDouble(out double number) && double.IsFinite(number))
                        return number.ToString("R", CultureInfo.InvariantCulture);
                    throw Fail(path, $"{Describe(element)} is out of the range of a double");
                default:
                    throw Fail(path, $"is {Describe(element)}; a setting value must be a string, number or boolean");
            }
        }

        /// <summary>The members of <paramref name="obj"/>; repeated names, and names outside <paramref name="allowed"/> (when given), are errors.</summary>
        private OrderedDictionary<string, JsonElement> Fields(JsonElement obj, string path, string[]? allowed, string? hint)
        {
            // Ordered, because settings and sweep keys keep the order of the file (ids list swept keys in that order).
            var result = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in obj.EnumerateObject())
            {
                string p = Member(path == "$" ? "" : path, property.Name);
                if (allowed != null && !allowed.Contains(property.Name, StringComparer.Ordinal))
                    throw Fail(p, $"unknown field \"{property.Name}\"; {hint}");
                if (property.Name.Length == 0) throw Fail(p, "an empty key is not allowed");
                if (!result.TryAdd(property.Name, property.Value))
                    throw Fail(p, $"the key \"{property.Name}\" appears twice in {(path == "$" ? "the document" : path)}");
            }
            return result;
        }

        private static string Member(string path, string name)
        {
            bool simple = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
            if (!simple) return $"{path}[{JsonSerializer.Serialize(name)}]";
            return path.Length == 0 ? name : $"{path}.{name}";
        }

        /// <summary>The element as its JSON text (cut when long), with its kind where that helps.</summary>
        private static string Describe(JsonElement element)
        {
            string raw = element.GetRawText().ReplaceLineEndings(" ");
            if (raw.Length > 60) raw = raw[..57] + "...";
            return element.ValueKind switch
            {
                JsonValueKind.Object => $"an object {raw}",
                JsonValueKind.Array => $"an array {raw}",
                JsonValueKind.String => $"the string {raw}",
                JsonValueKind.Null => "null",
                _ => raw,
            };
        }

        private JobFileException Fail(string path, string problem, Exception? inner = null) => new(source, path, problem, inner);
    }
}
