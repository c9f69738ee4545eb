using Kan.Physics.Problems.Functions;

namespace Kan.Physics.Tests.Functions;

public class SpecialFunctionCatalogTests
{
    [Fact]
    public void Catalog_HasTheFifteenRowsOfTable1_WithConsistentFigures()
    {
        var entries = SpecialFunctionCatalog.Entries;
        Assert.Equal(15, entries.Count);
        Assert.Equal(15, entries.Select(e => e.Name).Distinct().Count());
        foreach (var e in entries)
        {
            // the minimal shape is by definition one with RMSE < 1e-2, and the best KAN is at least as good
            Assert.True(e.MinimalKanRmse < 1e-2, e.Name);
            Assert.True(e.BestKanRmse <= e.MinimalKanRmse, e.Name);
            Assert.True(e.MlpRmse > 0, e.Name);
            foreach (var shape in new[] { e.MinimalKanShape, e.BestKanShape })
            {
                Assert.Equal(2, shape[0]);
                Assert.Equal(1, shape[^1]);
            }
            Assert.True(e.XMin < e.XMax && e.YMin < e.YMax, e.Name);
        }
        Assert.Equal(0.1, SpecialFunctionCatalog.Get("yv").YMin);
        Assert.Equal(0.1, SpecialFunctionCatalog.Get("kv").YMin);
    }

    [Fact]
    public void Catalog_FunctionsAreFiniteOnTheirBoxes()
    {
        foreach (var e in SpecialFunctionCatalog.Entries)
            for (int i = 0; i <= 10; i++)
                for (int j = 0; j <= 10; j++)
                {
                    double x = e.XMin + (e.XMax - e.XMin) * i / 10, y = e.YMin + (e.YMax - e.YMin) * j / 10;
                    Assert.True(double.IsFinite(e.Function(x, y)), $"{e.Name}({x}, {y}) = {e.Function(x, y)}");
                }
    }

    [Fact]
    public void Catalog_FunctionsTakeThePapersArgumentOrder()
    {
        // spot values in the (x, y) order of the scipy calls, from closed forms
        const double x = 0.6, y = 0.35;
        Assert.Equal(Math.Sin(x), SpecialFunctionCatalog.Get("ellipj_sn").Function(x, 0), 15);
        Assert.Equal(SpecialFunctions.Ellipkinc(x, y), SpecialFunctionCatalog.Get("ellipkinc").Function(x, y));
        Assert.Equal(Math.Sqrt(2 / (Math.PI * y)) * Math.Sin(y), SpecialFunctionCatalog.Get("jv").Function(0.5, y), 14);
        Assert.Equal(Math.Sqrt(Math.PI / (2 * y)) * Math.Exp(-y), SpecialFunctionCatalog.Get("kv").Function(0.5, y), 14);
        Assert.Equal(1.5 * y * y - 0.5, SpecialFunctionCatalog.Get("lpmv_m0").Function(2, y), 15);
        Assert.Equal(-Math.Sqrt(1 - y * y), SpecialFunctionCatalog.Get("lpmv_m1").Function(1, y), 15);
        // Re Y_2^1 = -sqrt(15/(8 pi)) sin(phi) cos(phi) cos(theta) with theta = x azimuthal, phi = y polar
        Assert.Equal(-Math.Sqrt(15 / (8 * Math.PI)) * Math.Sin(y) * Math.Cos(y) * Math.Cos(x),
            SpecialFunctionCatalog.Get("sph_harm_m1_n2").Function(x, y), 15);
        Assert.Equal(Math.Sqrt(15 / (32 * Math.PI)) * Math.Pow(Math.Sin(y), 2) * Math.Cos(2 * x),
            SpecialFunctionCatalog.Get("SPH_HARM_M2_N2").Function(x, y), 15);
    }

    [Fact]
    public void Catalog_UnknownName_NamesTheArgumentAndValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => SpecialFunctionCatalog.Get("ellipj"));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains("'ellipj'", ex.Message);
    }
}
