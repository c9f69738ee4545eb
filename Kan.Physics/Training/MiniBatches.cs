using Kan.Physics.Jets;
using Kan.Physics.Networks;

namespace Kan.Physics.Training;

/// <summary>
/// Mini-batch training (<see cref="TrainingOptions.BatchSize"/>): before every step a new batch of the training rows,
/// drawn uniformly without replacement from a generator seeded once per run.
/// </summary>
internal sealed class MiniBatches(Dataset train, IJetLoss trainLoss, int size, int seed, Func<Dataset, IJetLoss> loss) : IStageAction
{
    private readonly Random _rng = new(seed);
    private readonly Dataset _train = train;

    /// <summary>The batch of the current step (the whole set before the first).</summary>
    public Dataset Batch { get; private set; } = train;

    /// <summary>The loss on <see cref="Batch"/>.</summary>
    public IJetLoss Loss { get; private set; } = trainLoss;

    public bool IsDue(StageStep at) => true;

    public void Prepare(KanNetwork network, StageStep at)
    {
        Batch = _train.Subset(Sample(_rng, _train.Count, size));
        Loss = loss(Batch);
    }

    private static int[] Sample(Random rng, int count, int size)
    {
        // partial Fisher-Yates: a uniform sample without replacement
        var idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = i;
        for (int i = 0; i < size; i++)
        {
            int j = i + rng.Next(count - i);
            (idx[i], idx[j]) = (idx[j], idx[i]);
        }
        return idx[..size];
    }
}
