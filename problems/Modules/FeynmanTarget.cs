using Kan.Physics.Problems.Feynman;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// The law a <c>feynman</c> job fits: a Table 2 equation, an AI Feynman equation or a formula given in the settings,
/// reduced to what the module needs (ground truth text, variables, ranges, evaluator, the paper's row if any).
/// </summary>
/// <param name="Id">Table 2 id, AI Feynman id, or "custom".</param>
/// <param name="Source">"table2", "ai_feynman" or "formula": where the law came from.</param>
/// <param name="Formula">Ground-truth formula text in the expression syntax.</param>
/// <param name="Variables">Input names in column order.</param>
/// <param name="Ranges">Sampling range of each variable.</param>
/// <param name="Evaluate">The law on one row of inputs.</param>
/// <param name="Paper">The KAN paper's Table 2 row, for its reported RMSEs and shapes; null when the law is not in Table 2.</param>
internal sealed record FeynmanTarget(
    string Id,
    string Source,
    string Formula,
    IReadOnlyList<string> Variables,
    IReadOnlyList<(double Lo, double Hi)> Ranges,
    Func<double[], double> Evaluate,
    FeynmanEquation? Paper);
