using Kan.Physics.Networks;
using Kan.Physics.Jets;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// Per-thread scratch jets of a loss wrapper (<typeparamref name="TOwner"/>): the jet it hands to the loss it wraps and
/// that loss's adjoint, reused across blocks and calls instead of allocated for each block. Blocks of one batch run on
/// several threads at once, hence one pair per thread; one pair per owner type, because wrappers nest (an input
/// embedding around an output transform) and must not share.
/// </summary>
internal static class JetBuffers<TOwner>
{
    [ThreadStatic] private static Dictionary<(int, int, int, int), (JetBlock, JetBlock)>? t_buffers;

    /// <summary>A jet and a cleared adjoint of <paramref name="count"/> samples with the given width, dimension and order.</summary>
    public static (JetBlock Jet, JetBlock Adjoint) Get(int count, int width, int dimension, int order)
    {
        var key = (count, width, dimension, order);
        var cache = t_buffers ??= new();
        if (!cache.TryGetValue(key, out var pair))
        {
            if (cache.Count > 64) cache.Clear();
            cache[key] = pair = (new JetBlock(count, width, dimension, order), new JetBlock(count, width, dimension, order));
        }
        var (jet, adjoint) = pair;
        adjoint.Values.Clear(); adjoint.First.Clear(); adjoint.Second.Clear();
        return (jet, adjoint);
    }
}
