using Kan.Physics.Problems.Anderson;

namespace Kan.Physics.Tests.Anderson;

public class LocalizationTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(233)]
    [InlineData(987)]
    public void UniformState_HasIprOneOverN_AndDimensionOne(int n)
    {
        var psi = Enumerable.Repeat(1 / Math.Sqrt(n), n).ToArray();
        Assert.Equal(1.0 / n, Localization.InverseParticipationRatio(psi), 1e-15);
        Assert.Equal(1, Localization.FractalDimension(psi), 1e-12);
        // normalisation does not matter, and signs do not either
        var scaled = psi.Select((x, i) => (i % 2 == 0 ? 3 : -3) * x).ToArray();
        Assert.Equal(1.0 / n, Localization.InverseParticipationRatio(scaled), 1e-15);
    }

    [Fact]
    public void SiteLocalisedState_HasIprOne_AndDimensionZero()
    {
        var psi = new double[233];
        psi[57] = -0.4;
        Assert.Equal(1, Localization.InverseParticipationRatio(psi), 1e-15);
        Assert.Equal(0, Localization.FractalDimension(psi), 1e-15);
        Assert.True(Localization.IsLocalized(0));
    }

    [Fact]
    public void StateOnMSites_HasIprOneOverM()
    {
        // evenly on m of N sites: IPR = 1/m, D = log m / log N
        var psi = new double[377];
        for (int i = 0; i < 20; i++) psi[3 * i] = 1;
        Assert.Equal(1.0 / 20, Localization.InverseParticipationRatio(psi), 1e-15);
        Assert.Equal(Math.Log(20) / Math.Log(377), Localization.FractalDimension(psi), 1e-12);
    }

    [Fact]
    public void ZeroState_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Localization.InverseParticipationRatio(new double[4]));
        Assert.Equal("psi", e.ParamName);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => Localization.FractalDimension(1.5, 10));
        Assert.Equal(1.5, e2.ActualValue);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    public void AubryAndreLimit_WeakPotential_AllStatesExtended(double lambda)
    {
        // alpha = 0 and kappa = 1 are both the plain Aubry-Andre model (V = 2 lambda cos), self-dual at lambda = 1
        var gaam = new GeneralizedAubryAndreModel().Diagonalise(233, lambda, 0, 0.37);
        Assert.All(gaam.FractalDimensions, d => Assert.False(Localization.IsLocalized(d), $"D = {d}"));
        Assert.True(gaam.FractalDimensions.Min() > 0.7, $"min D = {gaam.FractalDimensions.Min()}");
        var mosaic = new MosaicModel(1).Diagonalise(233, 2 * lambda, 1, 0.37);
        Assert.Equal(gaam.Energies, mosaic.Energies, (a, b) => Math.Abs(a - b) < 1e-10);
        Assert.All(mosaic.FractalDimensions, d => Assert.False(Localization.IsLocalized(d)));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(3)]
    public void AubryAndreLimit_StrongPotential_AllStatesLocalised(double lambda)
    {
        var gaam = new GeneralizedAubryAndreModel().Diagonalise(233, lambda, 0, 0.37);
        Assert.All(gaam.FractalDimensions, d => Assert.True(Localization.IsLocalized(d), $"D = {d}"));
        Assert.True(gaam.FractalDimensions.Max() < 0.3, $"max D = {gaam.FractalDimensions.Max()}");
        // and MAAM at large p is the same chain (hops beyond the neighbours ~ e^{-p})
        var maam = new ModifiedAubryAndreModel().Diagonalise(233, 2 * lambda, 30, 0.37);
        Assert.Equal(gaam.Energies, maam.Energies, (a, b) => Math.Abs(a - b) < 1e-9);
    }
}
