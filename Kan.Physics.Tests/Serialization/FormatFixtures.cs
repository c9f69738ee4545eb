using Kan.Physics.EdgeFunctions;
using Kan.Physics.Layers;
using Kan.Physics.Expressions;
using Kan.Physics.Networks;
using Kan.Physics.Runs.Results;
using Kan.Physics.Splines;

namespace Kan.Physics.Tests;

/// <summary>
/// The networks, documents and expressions behind the files in Serialization/Fixtures, which were written by the code
/// before the shared network snapshot and the printer visitor (commit faf857f); rebuilding them here lets a test write
/// the same content with today's code and compare.
/// </summary>
internal static class FormatFixtures
{
    public static readonly IReadOnlyDictionary<string, string> Metadata = new Dictionary<string, string>
    {
        ["dataset"] = "fixture", ["note"] = "ünïcode λ, \"quoted\"", ["seed"] = "7",
    };

    /// <summary>[3,4,2], G=6, k=3: a masked and a half-masked edge, one non-uniform input grid, one finer layer.</summary>
    public static KanNetwork PlainNetwork()
    {
        var net = KanNetwork.Create([3, 4, 2], new KanOptions { GridSize = 6, Order = 3, Seed = 11 });
        net.Layers[0].Mask[5] = 0;
        net.Layers[1].Mask[2] = 0.25;
        net.Layers[1].SetBasis(2, new BSplineBasis([-1.3, -0.9, -0.2, 0.05, 0.1, 0.7, 1.6], 3));
        net.Layers[0].SetBasis(0, new BSplineBasis([-2, -1.5, -0.75, 0, 0.5, 1.25, 2.5], 3));
        return net;
    }

    /// <summary>The plain network with three formula edges, one of them beside its spline, constants with full mantissas.</summary>
    public static KanNetwork SymbolicNetwork()
    {
        var net = PlainNetwork();
        var library = SymbolicLibrary.CreateDefault();
        net.FixSymbolic(0, 1, 2, library["sin"], new SymbolicAffine(Math.PI, 0.1 + 0.2, 1 / 3.0, -Math.E));
        net.FixSymbolic(1, 3, 0, library["x^2"], new SymbolicAffine(0.7, -0.2, 1.1, 0.05), keepSpline: true);
        net.FixSymbolic(0, 0, 0, library["exp"], new SymbolicAffine(1, 0, 2, 0));
        return net;
    }

    /// <summary>A result document with fixed time, version and content around <paramref name="model"/>.</summary>
    public static ResultDocument Document(KanNetwork model)
    {
        var doc = new ResultDocument
        {
            Problem = "fixture",
            Seed = 7,
            KanPhysicsVersion = "0.1.0-fixture",
            CreatedUtc = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero),
            WallSeconds = 1.5,
            ConfigJson = """{"problem":"fixture"}""",
            Model = model,
            Formula = new FormulaData { Text = "x", Latex = "x" },
        };
        doc.Metrics["rmse"] = 0.1 + 0.2;
        return doc;
    }
}
