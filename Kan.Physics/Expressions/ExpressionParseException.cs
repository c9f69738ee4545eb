namespace Kan.Physics.Expressions;

/// <summary>A formula that <see cref="Expr.Parse"/> cannot read; the message names the problem, the position and the text.</summary>
public sealed class ExpressionParseException : FormatException
{
    /// <summary>Zero-based character index where the problem was found.</summary>
    public int Position { get; }

    /// <summary>The problem alone, e.g. <c>Unexpected ')'</c>.</summary>
    public string Problem { get; }

    /// <summary>The whole text that was being parsed.</summary>
    public string Text { get; }

    /// <summary>Creates the exception; the message is <c>{problem} at position {position} in "{text}"</c>.</summary>
    public ExpressionParseException(string problem, int position, string text)
        : base($"{problem} at position {position} in \"{text}\"")
    {
        Problem = problem;
        Position = position;
        Text = text;
    }
}
