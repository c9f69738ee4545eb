using Kan.Physics.Runs.Results;

namespace Kan.Physics.Tests.Results;

/// <summary>Typed result records written by one schema: names in declaration order, optional fields, groups, parts.</summary>
public class RecordSchemaTests
{
    private sealed record Fit(double Rmse, int Steps, bool Exact, double? FormulaRmse, IReadOnlyList<KeyValuePair<string, double>> Attribution);

    private sealed record Step(int Index, double Loss, double? Error, IReadOnlyDictionary<string, double> Terms);

    private static readonly RecordSchema<int> Part = new RecordSchema<int>().Integer("seed", s => s).Number("half", s => s / 2.0);

    private static RecordSchema<Fit> FitSchema() => new RecordSchema<Fit>()
        .Number("rmse", f => f.Rmse)
        .Group("attr_", f => f.Attribution)
        .Integer("steps", f => f.Steps)
        .Include(Part, f => f.Steps + 1)
        .Flag("exact", f => f.Exact)
        .Optional("formula_rmse", f => f.FormulaRmse);

    [Fact]
    public void MetricsAreWrittenInDeclarationOrderAndOptionalOnesOnlyWhenPresent()
    {
        var metrics = new OrderedDictionary<string, double>();
        FitSchema().WriteMetrics(new Fit(double.NaN, 7, true, null, [new("x", 0.75), new("y", 0.25)]), metrics);
        Assert.Equal(["rmse", "attr_x", "attr_y", "steps", "seed", "half", "exact"], metrics.Keys);
        Assert.Equal([double.NaN, 0.75, 0.25, 7, 8, 4, 1], metrics.Values);

        var again = new OrderedDictionary<string, double>();
        FitSchema().WriteMetrics(new Fit(1e-3, 2, false, 2e-3, []), again);
        Assert.Equal(["rmse", "steps", "seed", "half", "exact", "formula_rmse"], again.Keys);
        Assert.Equal([1e-3, 2, 3, 1.5, 0, 2e-3], again.Values);
    }

    [Fact]
    public void ColumnsHoldOneValuePerRowWithNaNWhereARowLacksOne()
    {
        var schema = new RecordSchema<Step>()
            .Integer("step", s => s.Index)
            .Number("loss", s => s.Loss)
            .Group("loss_", s => s.Terms)
            .Optional("error", s => s.Error);
        var rows = new[]
        {
            new Step(0, 1.0, null, new Dictionary<string, double> { ["pde"] = 0.5 }),
            new Step(1, 0.5, 0.1, new Dictionary<string, double> { ["bc"] = 0.2, ["pde"] = 0.25 }),
        };
        var columns = new OrderedDictionary<string, double[]>();
        schema.WriteColumns(rows, columns);
        Assert.Equal(["step", "loss", "loss_pde", "loss_bc", "error"], columns.Keys);
        Assert.Equal([0.0, 1.0], columns["step"]);
        Assert.Equal([0.5, 0.25], columns["loss_pde"]);
        Assert.Equal([double.NaN, 0.2], columns["loss_bc"]);
        Assert.Equal([double.NaN, 0.1], columns["error"]);

        var empty = new OrderedDictionary<string, double[]>();
        schema.WriteColumns([], empty);
        Assert.Equal(["step", "loss", "error"], empty.Keys);
        Assert.All(empty.Values, c => Assert.Empty(c));
    }

    [Fact]
    public void ANameIsDeclaredOnceAndWrittenOnce()
    {
        Assert.Throws<ArgumentException>(() => new RecordSchema<int>().Number("a", x => x).Integer("a", x => x));
        Assert.Throws<ArgumentException>(() => new RecordSchema<int>().Integer("seed", x => x).Include(Part, x => x));
        // a group can only clash when it is written: the message names the metric
        var clash = new RecordSchema<Fit>().Number("attr_x", f => f.Rmse).Group("attr_", f => f.Attribution);
        var e = Assert.Throws<InvalidOperationException>(() => clash.WriteMetrics(new Fit(1, 1, false, null, [new("x", 1)]), new Dictionary<string, double>()));
        Assert.Contains("'attr_x'", e.Message);
    }
}
