using System.Text.RegularExpressions;

namespace Kan.Physics.Tests.Feynman;

/// <summary>Checks that a formula string keeps to the expression parser's syntax and uses exactly the given variables.</summary>
internal static partial class FormulaSyntax
{
    private static readonly HashSet<string> Functions =
        ["exp", "sqrt", "sin", "cos", "tan", "tanh", "arcsin", "arccos", "arctan", "log", "abs"];

    [GeneratedRegex(@"[A-Za-z_][A-Za-z_0-9]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^[A-Za-z0-9_.+\-*/()^ ]+$")]
    private static partial Regex AllowedCharacters();

    /// <summary>Null when the formula is fine, else what is wrong.</summary>
    public static string? Problem(string formula, IReadOnlyList<string> variables)
    {
        if (!AllowedCharacters().IsMatch(formula)) return $"unexpected character in '{formula}'";
        int depth = 0;
        foreach (char c in formula)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) return $"unbalanced ')' in '{formula}'";
        }
        if (depth != 0) return $"unbalanced '(' in '{formula}'";
        var used = new HashSet<string>();
        foreach (Match m in Identifier().Matches(formula))
        {
            string name = m.Value;
            bool isCall = m.Index + m.Length < formula.Length && formula[m.Index + m.Length] == '(';
            if (isCall)
            {
                if (!Functions.Contains(name)) return $"unknown function '{name}' in '{formula}'";
            }
            else if (name == "pi") { }
            else if (variables.Contains(name)) used.Add(name);
            else return $"'{name}' in '{formula}' is not a variable ({string.Join(", ", variables)})";
        }
        var unused = variables.Where(v => !used.Contains(v)).ToList();
        return unused.Count > 0 ? $"variables {string.Join(", ", unused)} do not appear in '{formula}'" : null;
    }
}
