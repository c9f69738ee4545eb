using System.Globalization;

namespace Kan.Physics.Problems.Cli;

/// <summary>The parsed arguments of one <c>kan</c> subcommand: positional arguments, repeated --set pairs and flags.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];
    public Dictionary<string, string> Sets { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/>; <paramref name="valued"/> options take a value, <paramref name="flags"/> do not.</summary>
    public static CommandLine Parse(string command, string[] args, string[] valued, string[] flags)
    {
        var c = new CommandLine();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--set")
            {
                string kv = i + 1 < args.Length ? args[++i] : throw new UsageException($"{command}: --set needs key=value");
                int eq = kv.IndexOf('=');
                if (eq <= 0) throw new UsageException($"{command}: --set expects key=value, got '{kv}'");
                c.Sets[kv[..eq]] = kv[(eq + 1)..];
            }
            else if (valued.Contains(a))
                c._options[a] = i + 1 < args.Length ? args[++i] : throw new UsageException($"{command}: option {a} needs a value");
            else if (flags.Contains(a)) c._options[a] = null;
            else if (a.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"{command}: unknown option '{a}' (valid: {string.Join(", ", valued.Concat(flags).Append("--set"))})");
            else c.Positional.Add(a);
        }
        return c;
    }

    public bool Has(string option) => _options.ContainsKey(option);

    public string? Value(string option) => _options.TryGetValue(option, out var v) ? v : null;

    public int Int(string option, int fallback, int min = 0)
    {
        string? v = Value(option);
        if (v is null) return fallback;
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min ? n
            : throw new UsageException($"option {option} must be an integer >= {min}, got '{v}'");
    }
}
