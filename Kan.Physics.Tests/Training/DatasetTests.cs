using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Training;

public class DatasetTests
{
    [Fact]
    public void Rmse_measures_the_network_against_the_targets_over_every_output()
    {
        var net = KanNetwork.Create([2, 3, 2], new KanOptions { GridSize = 4, Seed = 1 });
        var x = Dataset.FromFunction(p => p[0], 50, [-1, -1], [1, 1], seed: 2).Inputs;
        var y = net.Forward(x);
        // targets off by +0.3 on the first output and -0.4 on the second: RMSE sqrt((0.09 + 0.16) / 2) = sqrt(0.125)
        var targets = y.Select((v, i) => v + (i % 2 == 0 ? 0.3 : -0.4)).ToArray();
        var data = new Dataset(x, targets, 2, 2);
        Assert.Equal(Math.Sqrt(0.125), data.Rmse(net), 12);
        Assert.Equal(0, new Dataset(x, y, 2, 2).Rmse(net));
        Assert.Throws<ArgumentNullException>(() => data.Rmse(null!));
    }
}
