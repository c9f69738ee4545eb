using Kan.Physics.Networks;

namespace Kan.Physics.Training;

/// <summary>
/// The grid updates of a stage (<see cref="StageOptions.UpdateGrid"/>): every <see cref="StageOptions.GridUpdateEvery"/>
/// steps before <see cref="StageOptions.StopGridUpdateStep"/>, each layer's grids are placed on the samples' range and
/// quantiles (<see cref="GridAdaptation.UpdateFromSamples"/>).
/// </summary>
public sealed class GridUpdate : IStageAction
{
    private readonly StageOptions _options;
    private readonly Func<double[]> _samples;
    private readonly IReadOnlyList<(double Lo, double Hi)>? _domain;

    /// <param name="options">When and how: <see cref="StageOptions.GridUpdateDue"/> and <see cref="StageOptions.GridEps"/>.</param>
    /// <param name="samples">The network inputs to place the grids on, read at every update (they may change during a run).</param>
    /// <param name="domain">The inputs' known ranges, or null for the samples' range.</param>
    public GridUpdate(StageOptions options, Func<double[]> samples, IReadOnlyList<(double Lo, double Hi)>? domain = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(samples);
        (_options, _samples, _domain) = (options, samples, domain);
    }

    /// <inheritdoc/>
    public bool IsDue(StageStep at) => _options.GridUpdateDue(at.Step);

    /// <inheritdoc/>
    public void Prepare(KanNetwork network, StageStep at)
    {
        if (IsDue(at)) network.UpdateGrid(_samples(), _options.GridEps, _domain);
    }
}
