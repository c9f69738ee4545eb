using System.Globalization;

namespace Kan.Physics.Expressions;

/// <summary>Recursive-descent parser for <see cref="Expr.Parse"/>.</summary>
/// <remarks>
/// Grammar (lowest precedence first):
/// <code>
/// sum     := product (('+' | '-') product)*
/// product := unary (('*' | '/') unary)*
/// unary   := ('-' | '+') unary | power
/// power   := primary (('^' | '**') unary)?          right-associative; -x^2 = -(x^2), 2^-x = 2^(-x)
/// primary := number | name | name '(' sum ')' | '(' sum ')'
/// </code>
/// </remarks>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private readonly HashSet<string>? _variables;
    private int _pos;

    private ExpressionParser(string text, IReadOnlyCollection<string>? variables)
    {
        _text = text;
        _variables = variables is null ? null : new HashSet<string>(variables, StringComparer.Ordinal);
    }

    public static Expr Parse(string text, IReadOnlyCollection<string>? variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new ExpressionParser(text, variables);
        var e = parser.ParseSum();
        parser.SkipSpace();
        if (parser._pos < text.Length) throw parser.Unexpected();
        return e;
    }

    private Expr ParseSum()
    {
        var terms = new List<Expr> { ParseProduct() };
        while (true)
        {
            SkipSpace();
            if (Peek('+')) { _pos++; terms.Add(ParseProduct()); }
            else if (Peek('-')) { _pos++; terms.Add(Expr.Negate(ParseProduct())); }
            else break;
        }
        return Expr.Add(terms);
    }

    private Expr ParseProduct()
    {
        var factors = new List<Expr> { ParseUnary() };
        while (true)
        {
            SkipSpace();
            if (Peek('*') && !PeekAt(1, '*')) { _pos++; factors.Add(ParseUnary()); }
            else if (Peek('/')) { _pos++; factors.Add(new Power(ParseUnary(), new Constant(-1))); }
            else break;
        }
        return Expr.Multiply(factors);
    }

    private Expr ParseUnary()
    {
        SkipSpace();
        if (Peek('-')) { _pos++; return Expr.Negate(ParseUnary()); }
        if (Peek('+')) { _pos++; return ParseUnary(); }
        return ParsePower();
    }

    private Expr ParsePower()
    {
        var b = ParsePrimary();
        SkipSpace();
        if (Peek('^')) { _pos++; return new Power(b, ParseUnary()); }
        if (Peek('*') && PeekAt(1, '*')) { _pos += 2; return new Power(b, ParseUnary()); }
        return b;
    }

    private Expr ParsePrimary()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw Error("Unexpected end of input", _pos);
        char ch = _text[_pos];
        if (char.IsDigit(ch) || (ch == '.' && _pos + 1 < _text.Length && char.IsDigit(_text[_pos + 1]))) return ParseNumber();
        if (char.IsLetter(ch) || ch == '_') return ParseName();
        if (ch == '(')
        {
            int open = _pos++;
            var inner = ParseSum();
            SkipSpace();
            if (!Peek(')'))
                throw _pos >= _text.Length
                    ? Error($"Missing ')' to close the '(' at position {open}", _pos)
                    : Error($"Expected ')' to close the '(' at position {open} but found '{_text[_pos]}'", _pos);
            _pos++;
            return inner;
        }
        throw Unexpected();
    }

    private Expr ParseNumber()
    {
        int start = _pos;
        while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            _pos++;
            while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
        }
        // An exponent only if digits follow, so that "2e" is "2" followed by the name "e" (reported as unexpected).
        if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
        {
            int k = _pos + 1;
            if (k < _text.Length && (_text[k] == '+' || _text[k] == '-')) k++;
            if (k < _text.Length && char.IsDigit(_text[k]))
            {
                _pos = k;
                while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
            }
        }
        string s = _text[start.._pos];
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw Error($"Invalid number '{s}'", start);
        return new Constant(v);
    }

    private Expr ParseName()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        string name = _text[start.._pos];
        int afterName = _pos;
        SkipSpace();
        if (Peek('('))
        {
            if (!KnownFunctions.IsKnown(name))
                throw Error($"Unknown function '{name}' (known: {string.Join(", ", KnownFunctions.Names)})", start);
            int open = _pos++;
            var arg = ParseSum();
            SkipSpace();
            if (Peek(',')) throw Error($"Function '{name}' takes one argument", _pos);
            if (!Peek(')'))
                throw _pos >= _text.Length
                    ? Error($"Missing ')' to close the '(' at position {open}", _pos)
                    : Error($"Expected ')' to close the '(' at position {open} but found '{_text[_pos]}'", _pos);
            _pos++;
            return new FunctionCall(name, arg);
        }
        _pos = afterName;
        if (_variables is not null && _variables.Contains(name)) return new Variable(name);
        if (name == "pi") return Constant.Pi;
        if (name == "e") return Constant.E;
        if (KnownFunctions.IsKnown(name)) throw Error($"Function '{name}' needs an argument in parentheses", start);
        if (_variables is not null)
            throw Error($"Unknown variable '{name}' (expected one of: {string.Join(", ", _variables.Order(StringComparer.Ordinal))})", start);
        return new Variable(name);
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool Peek(char c) => _pos < _text.Length && _text[_pos] == c;

    private bool PeekAt(int offset, char c) => _pos + offset < _text.Length && _text[_pos + offset] == c;

    private ExpressionParseException Unexpected()
        => _pos >= _text.Length ? Error("Unexpected end of input", _pos) : Error($"Unexpected '{_text[_pos]}'", _pos);

    private ExpressionParseException Error(string problem, int position) => new(problem, position, _text);
}
