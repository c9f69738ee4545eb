using Kan.Physics.Networks;

namespace Kan.Physics.Training;

/// <summary>Where a staged run is: the stage (index into the grid schedule), its grid size, and the outer step of the optimiser run in progress.</summary>
public readonly record struct StageStep(int Stage, int Grid, int Step);

/// <summary>
/// Something that changes the problem before chosen steps of a stage (a grid update, a new mini-batch, resampled or
/// reweighted points). <see cref="StageRunner"/> restarts L-BFGS before every step that some action marks as due,
/// since the curvature history describes the old problem, and there calls every action's <see cref="Prepare"/> in turn.
/// </summary>
public interface IStageAction
{
    /// <summary>Whether the problem changes before <paramref name="at"/>; may depend on nothing but <paramref name="at"/> and the settings.</summary>
    bool IsDue(StageStep at);

    /// <summary>
    /// Called before every restart step (whichever action made it one), in the order of the actions, with
    /// <paramref name="network"/> at the current parameters. An action does its own change only where it
    /// <see cref="IsDue"/>, but may refresh what depends on the others' changes at any restart step.
    /// </summary>
    void Prepare(KanNetwork network, StageStep at);

    /// <summary>Called once at the start of every stage, before its first step; nothing by default.</summary>
    void BeginStage(KanNetwork network, int stage) { }
}
