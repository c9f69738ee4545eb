namespace Kan.Physics.Problems.Feynman;

/// <summary>
/// One equation of the AI Feynman database (Udrescu &amp; Tegmark 2020): its file name as id, formula, variables and the
/// ranges AI Feynman samples each variable from (uniformly).
/// </summary>
/// <param name="Id">The database's file name, e.g. "I.6.2a" or "test_1" for bonus equations.</param>
/// <param name="Number">The database's "Number" column (1..100 Feynman, 1..20 bonus; not always in row order).</param>
/// <param name="IsBonus">True for the 20 bonus equations (BonusEquations.csv).</param>
/// <param name="Name">Bonus equations' source, e.g. "3.55 Goldstein"; empty for the Feynman list.</param>
/// <param name="Output">Name of the output quantity.</param>
/// <param name="Formula">The formula in the project's expression syntax (** powers, Python precedence).</param>
/// <param name="Variables">Input names in column order.</param>
/// <param name="Ranges">Sampling range (Lo, Hi) of each variable, in the order of <paramref name="Variables"/>.</param>
// No evaluator on purpose: the 120 formulas are evaluated through the expression parser, which keeps this table pure data
// generated from the CSVs (see tools/generate_ai_feynman_table.py).
internal sealed record AiFeynmanEquation(
    string Id,
    int Number,
    bool IsBonus,
    string Name,
    string Output,
    string Formula,
    IReadOnlyList<string> Variables,
    IReadOnlyList<(double Lo, double Hi)> Ranges);
