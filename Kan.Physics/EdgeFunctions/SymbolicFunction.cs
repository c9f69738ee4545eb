using System.Globalization;

namespace Kan.Physics.EdgeFunctions;

/// <summary>
/// One candidate closed form for a KAN edge: a named scalar function with its derivative, the set of inputs where it
/// is defined, a complexity used to prefer simple formulas, and a template for printing it around an argument.
/// </summary>
/// <remarks>
/// The derivative travels with the function so that an edge that has been replaced by <c>c*f(a*x+b)+d</c> can still be
/// retrained by gradient descent. The domain is explicit (rather than left to NaN detection) because an affine fit must
/// reject any <c>(a, b)</c> that sends a sample outside it, even when the function would silently return a finite value
/// there (e.g. a pole of <c>1/x</c> hit exactly, or a clamped implementation).
/// </remarks>
public sealed class SymbolicFunction
{
    /// <summary>Short unique name, e.g. <c>"sin"</c>; the key in a <see cref="SymbolicLibrary"/>.</summary>
    public string Name { get; }

    /// <summary>Complexity score (pykan-like: <c>x</c> is 1, <c>sin</c> 2, <c>arcsin</c> 4, the zero function 0); lower is simpler.</summary>
    public int Complexity { get; }

    /// <summary>The function f itself.</summary>
    public Func<double, double> Evaluate { get; }

    /// <summary>The derivative f', so a symbolic edge can be retrained.</summary>
    public Func<double, double> Derivative { get; }

    /// <summary>True where f may be evaluated (e.g. <c>x &gt; 0</c> for <c>log</c>).</summary>
    public Func<double, bool> Domain { get; }

    /// <summary>Human-readable description of <see cref="Domain"/>, e.g. <c>"x &gt; 0"</c>, used in failure messages.</summary>
    public string DomainDescription { get; }

    /// <summary>Composite format string with one placeholder for the argument, e.g. <c>"sin({0})"</c>.</summary>
    public string Template { get; }

    /// <summary>Creates a function; every argument is required so a library entry can never be half-defined.</summary>
    /// <param name="name">Unique, non-blank name.</param>
    /// <param name="complexity">Non-negative complexity.</param>
    /// <param name="evaluate">f.</param>
    /// <param name="derivative">f'.</param>
    /// <param name="domain">Predicate of valid inputs.</param>
    /// <param name="domainDescription">Text describing the domain.</param>
    /// <param name="template">Format string with at most the placeholder <c>{0}</c>.</param>
    public SymbolicFunction(string name, int complexity, Func<double, double> evaluate, Func<double, double> derivative,
        Func<double, bool> domain, string domainDescription, string template)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A symbolic function needs a non-blank name.", nameof(name));
        if (complexity < 0) throw new ArgumentOutOfRangeException(nameof(complexity), complexity, "Complexity must be non-negative.");
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(derivative);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(domainDescription);
        ArgumentNullException.ThrowIfNull(template);
        try
        {
            _ = string.Format(CultureInfo.InvariantCulture, template, "x");
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Template '{template}' is not a valid format string with one argument {{0}}.", nameof(template), e);
        }
        Name = name;
        Complexity = complexity;
        Evaluate = evaluate;
        Derivative = derivative;
        Domain = domain;
        DomainDescription = domainDescription;
        Template = template;
    }

    /// <summary>Prints the function applied to <paramref name="argument"/>, e.g. <c>Format("2*x+1")</c> gives <c>"sin(2*x+1)"</c>.</summary>
    public string Format(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        return string.Format(CultureInfo.InvariantCulture, Template, argument);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
