using Kan.Physics.Training;

namespace Kan.Physics.Problems.Feynman;

/// <summary>
/// Train and test samples of one equation from <see cref="FeynmanDataset.Generate(FeynmanEquation, int, int, int)"/>:
/// row-major inputs (one column per variable) and one target per row, all finite.
/// </summary>
/// <param name="Id">The equation's id.</param>
/// <param name="Train">Training samples.</param>
/// <param name="Test">Test samples, drawn from a stream independent of the training one.</param>
/// <param name="Redrawn">
/// How many points were drawn again because the target was not finite (0 for all 27 Table 2 equations in their
/// ranges); non-zero means the sampled distribution is the uniform one restricted to where the formula is finite.
/// </param>
internal sealed record FeynmanData(string Id, Dataset Train, Dataset Test, int Redrawn);
