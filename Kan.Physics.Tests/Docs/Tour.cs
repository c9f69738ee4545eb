// README:tour:begin
using Kan.Physics.Jets;
using Kan.Physics.Networks;
using Kan.Physics.Serialization;
using Kan.Physics.Training;

namespace Kan.Physics.Examples;

public static class Tour
{
    static double F(double[] p) => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]);

    public static KanNetwork Run(string path = "toy.kan")
    {
        var train = Dataset.FromFunction(F, 1000, lower: [-1, -1], upper: [1, 1], seed: 1);
        var test = Dataset.FromFunction(F, 1000, lower: [-1, -1], upper: [1, 1], seed: 2);

        var net = KanNetwork.Create([2, 5, 1], new KanOptions { GridSize = 5, Order = 3, Seed = 0 });
        var result = new Trainer(new TrainingOptions { Steps = 50 })          // L-BFGS, grid updates every 5 steps
            .Fit(net, train, test, onStep: r => Console.WriteLine($"{r.Step}: {r.TestLoss:E2}"));
        Console.WriteLine($"{result.StopReason}: test RMSE {result.TestLoss:E2}");

        net = net.Refine(20);                                                  // grid extension, function kept
        new Trainer(new TrainingOptions { Steps = 50 }).Fit(net, train, test);

        double[] y = net.Forward(test.Inputs);                                 // N x 1
        JetBlock jet = net.ForwardJet(test.Inputs, order: 2);                  // values, gradients, Hessians
        double uxy = jet.Hessian(sample: 0, output: 0, a: 0, b: 1);
        KanNetworkSerializer.Save(net, path);                                  // temp file + rename
        return KanNetworkSerializer.Load(path);
    }
}
// README:tour:end
