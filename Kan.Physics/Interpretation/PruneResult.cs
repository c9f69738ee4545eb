using Kan.Physics.Networks;

namespace Kan.Physics.Interpretation;

/// <summary>
/// The outcome of <see cref="Pruning.Prune"/>: the smaller network and, so that callers can map its nodes back to the
/// original (e.g. to relabel plots or carry over symbolic fits), which original nodes survived.
/// </summary>
/// <param name="Network">The pruned network (a new instance; the original is unchanged).</param>
/// <param name="KeptNodes">
/// Per width index l = 0..L, the original indices (ascending) of the nodes kept at that width. Node a of width l in
/// <paramref name="Network"/> is original node <c>KeptNodes[l][a]</c>. Entries 0 and L list every input and output,
/// which are never removed; the hidden widths are l = 1..L-1.
/// </param>
public sealed record PruneResult(KanNetwork Network, int[][] KeptNodes);
