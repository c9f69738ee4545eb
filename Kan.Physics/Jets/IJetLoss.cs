namespace Kan.Physics.Jets;

/// <summary>
/// A loss that is a sum over samples of terms depending on each sample's output jet. The network calls
/// <see cref="Accumulate"/> block by block, possibly from several threads at once on disjoint blocks,
/// so implementations must not keep mutable state.
/// </summary>
public interface IJetLoss
{
    /// <summary>Jet order the loss needs: 0 values, 1 first derivatives, 2 second derivatives.</summary>
    int Order { get; }

    /// <summary>
    /// Adds this block's contribution: returns its loss and writes d loss / d output jet into
    /// <paramref name="adjoint"/> (zeroed on entry, same shape as <paramref name="outputs"/>).
    /// </summary>
    /// <param name="start">Index of the block's first sample in the whole batch.</param>
    double Accumulate(int start, JetBlock outputs, JetBlock adjoint);
}
