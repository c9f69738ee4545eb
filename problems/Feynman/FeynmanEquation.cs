namespace Kan.Physics.Problems.Feynman;

/// <summary>
/// One row of the KAN paper's Table 2 (Liu et al. 2024, "KAN: Kolmogorov-Arnold Networks", §3.3): a Feynman equation in
/// the paper's dimensionless form, with sampling ranges, a hand-written evaluator and the paper's reported shapes and
/// test RMSEs.
/// </summary>
// The paper gives neither the sampling ranges nor the definitions of its dimensionless variables; both are our
// inference (VariableDefinitions, Notes) from pykan's original-variable ranges, checked numerically when transcribed.
// The figures were transcribed from OCR copies of the paper; disagreements between copies are in Notes.
internal sealed record FeynmanEquation
{
    /// <summary>The paper's label, e.g. "I.6.2" (the paper's "II.11.7" is AI Feynman's II.11.17).</summary>
    public required string Id { get; init; }

    /// <summary>The id in the AI Feynman database (same as <see cref="Id"/> except for II.11.7).</summary>
    public required string AiFeynmanId { get; init; }

    /// <summary>The dimensional formula in the original variables, in the same syntax as <see cref="Formula"/>.</summary>
    public required string OriginalFormula { get; init; }

    /// <summary>
    /// The dimensionless formula over <see cref="Variables"/>: + - * / ** (Python precedence, so -x**2 = -(x**2)),
    /// functions exp sqrt sin cos tanh arcsin log, constant pi.
    /// </summary>
    public required string Formula { get; init; }

    /// <summary>Input names in column order.</summary>
    public required IReadOnlyList<string> Variables { get; init; }

    /// <summary>Sampling range (Lo, Hi) of each variable, in the order of <see cref="Variables"/>; Lo &lt; Hi.</summary>
    public required IReadOnlyList<(double Lo, double Hi)> Ranges { get; init; }

    /// <summary>How the dimensionless variables relate to the original ones (our inference; the paper gives none).</summary>
    public required string VariableDefinitions { get; init; }

    /// <summary>
    /// <see cref="Formula"/> written directly in C#: one value per input row in <see cref="Variables"/> order.
    /// </summary>
    // Hand-written rather than parsed so that the parser can be tested against it, and so that removable singularities
    // (III.9.52 at b = c) give their limit instead of NaN.
    public required Func<double[], double> Evaluate { get; init; }

    /// <summary>The paper's human-constructed KAN shape (widths, input first).</summary>
    public required IReadOnlyList<int> HumanKanShape { get; init; }

    /// <summary>The paper's smallest pruned KAN shape reaching test RMSE &lt; 1e-2.</summary>
    public required IReadOnlyList<int> PrunedKanShapeMinRmse { get; init; }

    /// <summary>The paper's pruned KAN shape with the lowest loss.</summary>
    public required IReadOnlyList<int> PrunedKanShapeLowestLoss { get; init; }

    /// <summary>Test RMSE of the human-constructed KAN (paper; NaN where absent).</summary>
    public required double HumanKanTestRmse { get; init; }

    /// <summary>Test RMSE of the pruned KAN (paper; NaN where absent).</summary>
    public required double PrunedKanTestRmse { get; init; }

    /// <summary>Test RMSE of the unpruned KAN (paper; NaN where absent).</summary>
    public required double UnprunedKanTestRmse { get; init; }

    /// <summary>Test RMSE of the best MLP (paper; NaN where absent).</summary>
    public required double MlpTestRmse { get; init; }

    /// <summary>Transcription and range notes (OCR disagreements, reconstructed formulas, range choices); may be empty.</summary>
    public string Notes { get; init; } = "";

    /// <summary>Input dimension (number of variables).</summary>
    public int Dimension => Variables.Count;

    /// <inheritdoc/>
    public override string ToString() => $"{Id}: {Formula}";
}
