using Kan.Physics.Symbolic;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Tests.Symbolic;

public class AffineFitTests
{
    private static double[] Linspace(double lo, double hi, int n)
        => Enumerable.Range(0, n).Select(i => lo + (hi - lo) * i / (n - 1)).ToArray();

    /// <summary>Per function: an x interval and a true (a, b) keeping a*x+b inside the safe domain; and whether a is identifiable.</summary>
    public static TheoryData<string, double, double, double, double, bool> Cases()
    {
        var data = new TheoryData<string, double, double, double, double, bool>();
        foreach (string n in new[] { "x", "x^2", "x^3", "x^4", "x^5", "tanh", "arctan", "sin", "cos", "abs", "sgn", "gaussian", "cosh", "sigmoid" })
            data.Add(n, -2, 2, 1.3, 0.2, n is "tanh" or "arctan" or "sigmoid");
        foreach (string n in new[] { "1/x", "1/x^2", "1/x^3", "1/x^4", "1/x^5", "sqrt", "x^1.5", "1/sqrt", "log" })
            data.Add(n, 0.5, 2, 1.3, 0.2, false);
        data.Add("exp", -1, 1, 1.3, 0.2, true);
        data.Add("tan", -1, 1, 1.1, 0.2, false);
        data.Add("arcsin", -1, 1, 0.7, 0.2, false);
        data.Add("arccos", -1, 1, 0.7, 0.2, false);
        data.Add("arctanh", -1, 1, 0.7, 0.1, false);
        return data;
    }

    [Fact]
    public void CasesCoverEveryLibraryFunctionButZero()
    {
        var covered = Cases().Select(row => (string)row[0]).ToHashSet();
        var expected = SymbolicLibrary.CreateDefault().Functions.Select(f => f.Name).Where(n => n != "0").ToHashSet();
        Assert.Equal(expected, covered);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RecoversKnownAffineTransform(string name, double xLo, double xHi, double a, double b, bool identifiable)
    {
        var f = SymbolicLibrary.CreateDefault()[name];
        const double c = 1.7, d = -0.4;
        var x = Linspace(xLo, xHi, 101);
        var y = x.Select(v => c * f.Evaluate(a * v + b) + d).ToArray();

        var fit = AffineFit.Fit(f, x, y);

        Assert.True(fit.Succeeded, fit.Failure);
        Assert.Null(fit.Failure);
        Assert.True(fit.RSquared > 0.9999, $"{name}: R^2 = {fit.RSquared} ({fit.ToFormula()})");
        double scale = y.Max(Math.Abs);
        double worst = x.Select((v, i) => Math.Abs(fit.Predict(v) - y[i])).Max();
        Assert.True(worst <= 1e-4 * scale, $"{name}: max error {worst} vs scale {scale} ({fit.ToFormula()})");
        if (identifiable)
        {
            // tanh, arctan and sigmoid are odd about a point, so (a, b, c) and (-a, -b, -c) fit equally: compare |a|, |b|.
            Assert.True(Math.Abs(Math.Abs(fit.A) - a) < 1e-3 * Math.Abs(a), $"{name}: a = {fit.A}, expected +-{a}");
            if (name != "exp") // c*e^(ax+b) = (c*e^b)*e^(ax): b is absorbed by c
                Assert.True(Math.Abs(Math.Abs(fit.B) - b) < 1e-3, $"{name}: b = {fit.B}, expected +-{b}");
        }
    }

    [Fact]
    public void ExpRecoversInnerScale()
    {
        // For exp, b is absorbed by c (c*e^(ax+b) = c e^b * e^(ax)), but a is identifiable.
        var f = SymbolicLibrary.CreateDefault()["exp"];
        var x = Linspace(-1, 1, 101);
        var y = x.Select(v => 1.7 * Math.Exp(1.3 * v + 0.2) - 0.4).ToArray();
        var fit = AffineFit.Fit(f, x, y);
        Assert.True(Math.Abs(fit.A - 1.3) < 1.3e-3, $"a = {fit.A}");
        Assert.True(Math.Abs(fit.C * Math.Exp(fit.B) - 1.7 * Math.Exp(0.2)) < 1e-3, fit.ToFormula());
    }

    [Fact]
    public void LogOnDataForcingNonPositiveArgumentsFailsWithMessage()
    {
        var f = SymbolicLibrary.CreateDefault()["log"];
        var x = Linspace(-1e6, 1e6, 11);
        var y = x.Select(v => v * 0.5).ToArray();
        var fit = AffineFit.Fit(f, x, y, aMin: -1, aMax: 1, bMin: -1, bMax: -0.1);
        Assert.False(fit.Succeeded);
        Assert.NotNull(fit.Failure);
        Assert.StartsWith("log:", fit.Failure);
        Assert.Contains("domain (x > 0)", fit.Failure);
        Assert.Equal(0, fit.RSquared);
        Assert.False(double.IsNaN(fit.A) || double.IsNaN(fit.B) || double.IsNaN(fit.C) || double.IsNaN(fit.D));
    }

    [Fact]
    public void EmptyDomainAndAlwaysNaNFunctionsFail()
    {
        var empty = new SymbolicFunction("nowhere", 1, x => x, _ => 1, _ => false, "no x", "nowhere({0})");
        var nan = new SymbolicFunction("nan", 1, _ => double.NaN, _ => double.NaN, _ => true, "all real x", "nan({0})");
        var x = Linspace(0, 1, 5);
        var y = x.ToArray();
        var e = AffineFit.Fit(empty, x, y);
        Assert.False(e.Succeeded);
        Assert.Contains("domain (no x)", e.Failure);
        var n = AffineFit.Fit(nan, x, y);
        Assert.False(n.Succeeded);
        Assert.Contains("NaN or infinite", n.Failure);
        Assert.Equal(double.NegativeInfinity, AffineFit.Score(n));

        var lib = new SymbolicLibrary();
        lib.Add(empty);
        lib.Add(nan);
        Assert.Empty(AffineFit.Rank(lib, x, y));
        Assert.Null(AffineFit.Best(lib, x, y));
    }

    [Fact]
    public void ConstantDataFitsExactlyWithZeroFunction()
    {
        var lib = SymbolicLibrary.CreateDefault();
        var x = Linspace(-1, 1, 21);
        var y = x.Select(_ => 3.0).ToArray();
        var fit = AffineFit.Fit(lib["0"], x, y);
        Assert.True(fit.Succeeded);
        Assert.Equal(1, fit.RSquared);
        Assert.Equal(0, fit.C);
        Assert.Equal(3, fit.D, 12);
        Assert.Equal("0", AffineFit.Rank(lib, x, y)[0].Function.Name);
    }

    [Fact]
    public void ZeroFunctionOnVaryingDataHasZeroRSquared()
    {
        var x = Linspace(-1, 1, 21);
        var fit = AffineFit.Fit(SymbolicLibrary.CreateDefault()["0"], x, x);
        Assert.True(fit.Succeeded);
        Assert.Equal(0, fit.RSquared);
        Assert.Equal(0, fit.C);
    }

    [Fact]
    public void RankPutsSinFirstForShiftedSine()
    {
        var x = Linspace(-2, 2, 101);
        var y = x.Select(v => 2 * Math.Sin(3 * v + 0.5) - 1).ToArray();
        var ranked = AffineFit.Rank(SymbolicLibrary.CreateDefault(), x, y);
        Assert.Equal("sin", ranked[0].Function.Name);
        Assert.True(ranked[0].RSquared > 0.999999);
        for (int i = 1; i < ranked.Count; i++)
            Assert.True(AffineFit.Score(ranked[i - 1]) >= AffineFit.Score(ranked[i]));
    }

    [Fact]
    public void RankPutsSquareFirstForShiftedParabola()
    {
        var x = Linspace(-1, 1, 101);
        var y = x.Select(v => (2 * v - 1) * (2 * v - 1)).ToArray();
        var best = AffineFit.Best(SymbolicLibrary.CreateDefault(), x, y);
        Assert.NotNull(best);
        Assert.Equal("x^2", best.Function.Name);
    }

    [Fact]
    public void RankHonoursThreshold()
    {
        var x = Linspace(-2, 2, 51);
        var y = x.Select(v => 2 * Math.Sin(3 * v + 0.5) - 1).ToArray();
        var ranked = AffineFit.Rank(SymbolicLibrary.CreateDefault(), x, y, r2Threshold: 0.99);
        Assert.NotEmpty(ranked);
        Assert.All(ranked, r => Assert.True(r.RSquared >= 0.99));
    }

    [Fact]
    public void ScorePrefersSimplerAmongExactFits()
    {
        var lib = SymbolicLibrary.CreateDefault();
        var exactSin = new AffineFitResult(lib["sin"], 1, 0, 1, 0, 1, true, null);
        var exactArcsin = new AffineFitResult(lib["arcsin"], 1, 0, 1, 0, 1, true, null);
        var roughX = new AffineFitResult(lib["x"], 1, 0, 1, 0, 0.9, true, null);
        Assert.True(AffineFit.Score(exactSin) > AffineFit.Score(exactArcsin));
        Assert.True(AffineFit.Score(exactSin) > AffineFit.Score(roughX));
        Assert.True(AffineFit.Score(roughX, weightSimple: 0) < AffineFit.Score(exactArcsin, weightSimple: 0));
    }

    [Fact]
    public void ValidatesArguments()
    {
        var f = SymbolicLibrary.CreateDefault()["sin"];
        double[] x = [0, 1, 2];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => AffineFit.Fit(f, x, new double[] { 1, 2 })).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => AffineFit.Fit(f, new double[] { 1 }, new double[] { 1 })).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => AffineFit.Fit(f, x, new[] { 1, double.NaN, 2 })).ParamName);
        Assert.Equal("gridPoints", Assert.Throws<ArgumentOutOfRangeException>(() => AffineFit.Fit(f, x, x, gridPoints: 1)).ParamName);
        Assert.Equal("refinements", Assert.Throws<ArgumentOutOfRangeException>(() => AffineFit.Fit(f, x, x, refinements: -1)).ParamName);
        Assert.Equal("aMax", Assert.Throws<ArgumentException>(() => AffineFit.Fit(f, x, x, aMin: 1, aMax: 0)).ParamName);
        Assert.Equal("weightSimple", Assert.Throws<ArgumentOutOfRangeException>(() => AffineFit.Rank(SymbolicLibrary.CreateDefault(), x, x, weightSimple: 2)).ParamName);
        Assert.Equal("r2Threshold", Assert.Throws<ArgumentOutOfRangeException>(() => AffineFit.Rank(SymbolicLibrary.CreateDefault(), x, x, r2Threshold: 1.5)).ParamName);
    }

    [Fact]
    public void FormulaPrintsFittedParameters()
    {
        var fit = new AffineFitResult(SymbolicLibrary.CreateDefault()["sin"], 3, 0.5, 2, -1, 1, true, null);
        Assert.Equal("2*sin(3*x+0.5)-1", fit.ToFormula());
    }
}
