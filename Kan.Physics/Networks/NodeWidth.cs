using System.Globalization;

namespace Kan.Physics.Networks;

/// <summary>
/// The nodes at one width of a network: <see cref="Sum"/> sum nodes and <see cref="Multiplication"/> multiplication
/// nodes (KAN 2.0). A plain integer converts to a width of sum nodes only.
/// </summary>
/// <remarks>
/// Text notation (<see cref="ParseList"/>, <see cref="FormatList"/>), pykan's: a width is a number of sum nodes, or a
/// pair <c>[sum,mult]</c>; the list may be written with or without its outer brackets. <c>2,[3,2],1</c> is a network of
/// 2 inputs, a hidden width of 3 sum and 2 multiplication nodes (the layer before it has 3 + 2*arity outputs), and one
/// output. The inputs cannot be multiplication nodes.
/// </remarks>
/// <param name="Sum">Sum nodes (at least 0; the width needs at least one node in all).</param>
/// <param name="Multiplication">Multiplication nodes (at least 0).</param>
public readonly record struct NodeWidth(int Sum, int Multiplication = 0)
{
    /// <summary>All nodes at this width: <c>Sum + Multiplication</c>.</summary>
    public int Nodes => Sum + Multiplication;

    /// <summary>Outputs of the layer that ends at this width: <c>Sum + arity*Multiplication</c>.</summary>
    public int LayerOutputs(int arity) => Sum + arity * Multiplication;

    /// <summary>A width of sum nodes only.</summary>
    public static implicit operator NodeWidth(int sum) => new(sum);

    /// <summary><c>3</c> or <c>[3,2]</c>.</summary>
    public override string ToString() => Multiplication == 0
        ? Sum.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"[{Sum},{Multiplication}]");

    /// <summary>The widths written as <see cref="ParseList"/> reads them, e.g. <c>[2,[3,2],1]</c>.</summary>
    public static string FormatList(IEnumerable<NodeWidth> widths) => "[" + string.Join(",", widths) + "]";

    /// <summary>
    /// Reads widths such as <c>2,5,1</c>, <c>[2,5,1]</c> or <c>[2,[3,2],1]</c> (see the remarks); spaces are ignored.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a list; the message quotes it and names the position.</exception>
    public static NodeWidth[] ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (s.Length >= 2 && s[0] == '[' && s[^1] == ']' && Balanced(s[1..^1])) s = s[1..^1];
        var result = new List<NodeWidth>();
        int pos = 0;
        while (true)
        {
            if (pos >= s.Length) throw Bad(text, "a width is missing at the end");
            if (s[pos] == '[')
            {
                int close = s.IndexOf(']', pos);
                if (close < 0) throw Bad(text, $"'[' at position {pos} is not closed");
                var parts = s[(pos + 1)..close].Split(',');
                if (parts.Length != 2) throw Bad(text, $"'{s[pos..(close + 1)]}' is not a pair [sum,mult]");
                result.Add(new NodeWidth(Count(parts[0], text), Count(parts[1], text)));
                pos = close + 1;
            }
            else
            {
                int end = s.IndexOf(',', pos);
                if (end < 0) end = s.Length;
                result.Add(new NodeWidth(Count(s[pos..end], text)));
                pos = end;
            }
            if (pos == s.Length) break;
            if (s[pos] != ',') throw Bad(text, $"expected ',' at position {pos}, found '{s[pos]}'");
            pos++;
        }
        return [.. result];
    }

    private static bool Balanced(string s)
    {
        int depth = 0;
        foreach (char c in s)
        {
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (depth < 0) return false;
        }
        return depth == 0;
    }

    private static int Count(string part, string text)
        => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
            : throw Bad(text, $"'{part}' is not a non-negative whole number");

    private static FormatException Bad(string text, string problem)
        => new($"Widths '{text}': {problem}. Write them as e.g. 2,5,1 or [2,[3,2],1] ([sum,mult] pairs give multiplication nodes).");
}
