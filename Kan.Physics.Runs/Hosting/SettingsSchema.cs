using System.Collections;
using System.Globalization;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// The settings of a problem, independent of its options type: what <c>kan list</c> shows (it is the list of
/// <see cref="ProblemSetting"/>s, in declaration order), and the parser that turns a job's key=value text into the
/// problem's typed options. <see cref="SettingsSchema{TOptions}"/> is the one implementation.
/// </summary>
public interface ISettingsSchema : IReadOnlyList<ProblemSetting>
{
    /// <summary>
    /// The options for <paramref name="values"/>: the defaults with each given value parsed and range-checked.
    /// </summary>
    /// <exception cref="ProblemSettingException">A key is not declared (the message lists the declared ones), or a value
    /// does not parse or lies outside its range (the message names the key, the value and what is accepted).</exception>
    object Parse(string problem, IReadOnlyDictionary<string, string> values);

    /// <summary>
    /// Checks one value on its own: that <paramref name="key"/> is declared and <paramref name="value"/> parses and lies
    /// in its range. The rules across settings are not checked (they need the job's other settings).
    /// </summary>
    /// <exception cref="ProblemSettingException">The key is unknown or the value is not accepted.</exception>
    void CheckValue(string problem, string key, string value);

    /// <summary>Every setting's value in <paramref name="options"/> as canonical text (invariant culture), by key.</summary>
    IReadOnlyDictionary<string, string> Describe(object options);
}

/// <summary>
/// The settings of one problem, declared once and bound to its options record <typeparamref name="TOptions"/>: each
/// declaration names the key, reads and sets the property, gives the help line and the accepted range. Defaults are the
/// record's own initial values (<c>new TOptions()</c>). From it come the listing of <c>kan list</c>, the parsing and
/// checking of <c>kan run --set</c> and job-file settings, and the settings recorded in result files.
/// </summary>
/// <example>
/// <code>
/// public sealed record HeatOptions { public double Kappa { get; init; } = 0.1; public int Steps { get; init; } = 30; }
///
/// SettingsSchema&lt;HeatOptions&gt; schema = new SettingsSchema&lt;HeatOptions&gt;()
///     .Double("kappa", o => o.Kappa, (o, v) => o with { Kappa = v }, "diffusivity", above: 0)
///     .Int("steps", o => o.Steps, (o, v) => o with { Steps = v }, "L-BFGS steps per grid", min: 1);
/// </code>
/// </example>
public sealed class SettingsSchema<TOptions> : ISettingsSchema where TOptions : class, new()
{
    /// <summary>One declared setting: its listing, how a text value sets it, and how its value reads as text.</summary>
    private sealed record Entry(ProblemSetting Info, Func<TOptions, string, TOptions> Apply, Func<TOptions, string> Format);

    /// <summary>A condition across settings; when it fails, <see cref="Key"/> is the setting reported.</summary>
    private sealed record SettingRule(string Key, Func<TOptions, bool> Holds, Func<TOptions, string> Reason);

    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, Entry> _byKey = new(StringComparer.Ordinal);
    private readonly List<SettingRule> _rules = [];

    /// <summary>The options with no setting given: <c>new TOptions()</c> (what <c>kan list</c> shows; <see cref="Parse"/> starts from a fresh one).</summary>
    public TOptions Defaults { get; } = new();

    /// <summary>A whole number, by default at least 0; <paramref name="max"/> bounds it from above.</summary>
    public SettingsSchema<TOptions> Int(string key, Func<TOptions, int> get, Func<TOptions, int, TOptions> set, string help, int min = 0, int? max = null)
    {
        string accepts = max is { } hi ? Invariant($"integer in [{min}, {hi}]") : Invariant($"integer >= {min}");
        return Add(key, help, accepts, text =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min && (max is null || n <= max) ? n
                : throw new FormatException("must be an " + accepts),
            get, set, n => n.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A finite number, optionally bounded: <paramref name="min"/> / <paramref name="max"/> include the bound,
    /// <paramref name="above"/> / <paramref name="below"/> exclude it (a number in [0, 1) is <c>min: 0, below: 1</c>).
    /// </summary>
    public SettingsSchema<TOptions> Double(string key, Func<TOptions, double> get, Func<TOptions, double, TOptions> set, string help,
        double? min = null, double? max = null, double? above = null, double? below = null)
    {
        if (min is not null && above is not null) throw new ArgumentException($"Setting '{key}': give min or above, not both.", nameof(above));
        if (max is not null && below is not null) throw new ArgumentException($"Setting '{key}': give max or below, not both.", nameof(below));
        double? lo = min ?? above, hi = max ?? below;
        string accepts = (lo, hi) switch
        {
            (null, null) => "finite number",
            ({ } l, null) => Invariant($"number {(above is null ? ">=" : ">")} {l}"),
            (null, { } h) => Invariant($"number {(below is null ? "<=" : "<")} {h}"),
            ({ } l, { } h) => Invariant($"number in {(above is null ? "[" : "(")}{l}, {h}{(below is null ? "]" : ")")}"),
        };
        return Add(key, help, accepts, text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
                && !(d < min) && !(d > max) && !(d <= above) && !(d >= below) ? d
                : throw new FormatException("must be a " + accepts),
            get, set, d => d.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>A switch: 1/0, true/false, yes/no or on/off (case and blanks ignored); recorded as 1 or 0.</summary>
    public SettingsSchema<TOptions> Bool(string key, Func<TOptions, bool> get, Func<TOptions, bool, TOptions> set, string help)
        => Add(key, help, "0 or 1", text => text.Trim().ToLowerInvariant() switch
            {
                "1" or "true" or "yes" or "on" => true,
                "0" or "false" or "no" or "off" => false,
                _ => throw new FormatException("must be 0 or 1 (or true/false)"),
            },
            get, set, b => b ? "1" : "0");

    /// <summary>A non-empty comma-separated list of positive integers, e.g. the grid schedule <c>5,10,20</c>.</summary>
    public SettingsSchema<TOptions> Ints(string key, Func<TOptions, int[]> get, Func<TOptions, int[], TOptions> set, string help)
        => Add(key, help, "positive integers, comma-separated", text => ParsePositiveInts(text), get, set, FormatInts);

    /// <summary>One of <paramref name="allowed"/> (lower-case words; case and blanks of the value ignored); the value is the allowed word.</summary>
    public SettingsSchema<TOptions> Choice(string key, Func<TOptions, string> get, Func<TOptions, string, TOptions> set, string help, params string[] allowed)
    {
        if (allowed.Length == 0) throw new ArgumentException($"Setting '{key}' allows no value.", nameof(allowed));
        string words = allowed.Length == 1 ? allowed[0] : string.Join(", ", allowed[..^1]) + " or " + allowed[^1];
        return Add(key, help, words, text =>
        {
            string v = text.Trim().ToLowerInvariant();
            return allowed.Contains(v) ? v : throw new FormatException("must be " + words);
        }, get, set, v => v);
    }

    /// <summary>Free text that the problem interprets itself (a formula, a path, a list with keywords); recorded as given.</summary>
    public SettingsSchema<TOptions> Text(string key, Func<TOptions, string> get, Func<TOptions, string, TOptions> set, string help)
        => Add(key, help, "text", text => text, get, set, v => v);

    /// <summary>
    /// A value of any type with its own parser and printer. <paramref name="parse"/> throws <see cref="FormatException"/>
    /// whose message says what is wrong (e.g. "must look like 2-5"); the schema adds the problem, key and value.
    /// <paramref name="format"/> must give text that <paramref name="parse"/> reads back to the same value.
    /// </summary>
    public SettingsSchema<TOptions> Custom<TValue>(string key, Func<TOptions, TValue> get, Func<TOptions, TValue, TOptions> set, string help,
        string accepts, Func<string, TValue> parse, Func<TValue, string> format)
        => Add(key, help, accepts, parse, get, set, format);

    /// <summary>
    /// A condition across settings, checked once every value is parsed (e.g. <c>scale_t=1</c> needs <c>embed=1</c>):
    /// when <paramref name="holds"/> is false, setting <paramref name="key"/> is reported with <paramref name="reason"/>.
    /// </summary>
    public SettingsSchema<TOptions> Rule(string key, Func<TOptions, bool> holds, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return Rule(key, holds, _ => reason);
    }

    /// <summary>Like <see cref="Rule(string, Func{TOptions, bool}, string)"/>, with a reason that reads the options (e.g. names another setting's value).</summary>
    public SettingsSchema<TOptions> Rule(string key, Func<TOptions, bool> holds, Func<TOptions, string> reason)
    {
        ArgumentNullException.ThrowIfNull(holds);
        ArgumentNullException.ThrowIfNull(reason);
        if (!_byKey.ContainsKey(key)) throw new ArgumentException($"A rule names setting '{key}', which is not declared (declare it first).", nameof(key));
        _rules.Add(new SettingRule(key, holds, reason));
        return this;
    }

    /// <summary>The parsed options of <paramref name="values"/> (see <see cref="ISettingsSchema.Parse"/>), the rules across settings checked.</summary>
    /// <exception cref="ProblemSettingException">An unknown key, a bad value or a broken rule; the message names the key and value.</exception>
    public TOptions Parse(string problem, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        // a fresh record per job, so no job shares the defaults' arrays with another
        var options = new TOptions();
        foreach (var (key, value) in values) options = Apply(problem, options, key, value);
        foreach (var rule in _rules)
            if (!rule.Holds(options))
                throw new ProblemSettingException(problem, rule.Key, values.TryGetValue(rule.Key, out var given) ? given : Text(options, rule.Key), rule.Reason(options));
        return options;
    }

    /// <inheritdoc/>
    public void CheckValue(string problem, string key, string value) => Apply(problem, Defaults, key, value);

    private TOptions Apply(string problem, TOptions options, string key, string value)
    {
        if (!_byKey.TryGetValue(key, out var entry))
            throw new ProblemSettingException(problem, key, value,
                $"is not a setting of this problem; valid settings: {(_entries.Count == 0 ? "(none)" : string.Join(", ", _entries.Select(e => e.Info.Key)))}");
        try { return entry.Apply(options, value); }
        catch (FormatException e) { throw new ProblemSettingException(problem, key, value, e.Message); }
    }

    /// <summary>Every setting's value in <paramref name="options"/> as canonical text, sorted by key (ordinal).</summary>
    public IReadOnlyDictionary<string, string> Describe(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _entries.OrderBy(e => e.Info.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Info.Key, e => e.Format(options), StringComparer.Ordinal);
    }

    /// <summary>The value of setting <paramref name="key"/> in <paramref name="options"/> as canonical text (for messages).</summary>
    public string Text(TOptions options, string key) => Declared(key).Format(options);

    object ISettingsSchema.Parse(string problem, IReadOnlyDictionary<string, string> values) => Parse(problem, values);

    IReadOnlyDictionary<string, string> ISettingsSchema.Describe(object options) => Describe(options as TOptions
        ?? throw new ArgumentException($"Options of type {options?.GetType().Name ?? "null"} are not {typeof(TOptions).Name}.", nameof(options)));

    /// <summary>Number of declared settings.</summary>
    public int Count => _entries.Count;

    /// <summary>The <paramref name="index"/>-th declared setting.</summary>
    public ProblemSetting this[int index] => _entries[index].Info;

    /// <summary>The declared settings in declaration order.</summary>
    public IEnumerator<ProblemSetting> GetEnumerator() => _entries.Select(e => e.Info).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Parses a comma-separated list of positive integers (invariant culture, blanks around items ignored); false when it is not one or is empty.</summary>
    public static bool TryParsePositiveInts(string text, out int[] values)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1) return false;
        return parts.Length > 0;
    }

    /// <summary>
    /// The comma-separated list of positive integers in <paramref name="text"/>, or a <see cref="FormatException"/> saying
    /// it must not be empty or must be <paramref name="expected"/>, the message every list setting gives.
    /// </summary>
    public static int[] ParsePositiveInts(string text, string expected = "a comma-separated list of positive integers")
        => TryParsePositiveInts(text, out var values) ? values
            : throw new FormatException(string.IsNullOrWhiteSpace(text.Replace(',', ' ')) ? "must not be empty" : "must be " + expected);

    /// <summary>Integers as a comma-separated list without blanks, e.g. <c>5,10,20</c>.</summary>
    public static string FormatInts(IEnumerable<int> values) => string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private SettingsSchema<TOptions> Add<TValue>(string key, string help, string accepts, Func<string, TValue> parse,
        Func<TOptions, TValue> get, Func<TOptions, TValue, TOptions> set, Func<TValue, string> format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(format);
        if (_byKey.ContainsKey(key)) throw new ArgumentException($"Setting '{key}' is declared twice.", nameof(key));
        var entry = new Entry(new ProblemSetting(key, format(get(Defaults)), help) { Accepts = accepts },
            (options, text) => set(options, parse(text)), options => format(get(options)));
        _entries.Add(entry);
        _byKey.Add(key, entry);
        return this;
    }

    private Entry Declared(string key) => _byKey.TryGetValue(key, out var e) ? e
        : throw new InvalidOperationException($"Setting '{key}' is not declared by this schema.");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
