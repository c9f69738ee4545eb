using Kan.Physics.Expressions;
using Kan.Physics.Symbolic;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Symbolic;

public class DirectLawSearchTests
{
    private static (Dataset Train, Dataset Test, Dictionary<string, (double, double)> Box) Data(Func<double[], double> f, string[] names, double lo, double hi)
    {
        int n = names.Length;
        var train = Dataset.FromFunction(f, 600, Enumerable.Repeat(lo, n).ToArray(), Enumerable.Repeat(hi, n).ToArray(), seed: 1);
        var test = Dataset.FromFunction(f, 600, Enumerable.Repeat(lo, n).ToArray(), Enumerable.Repeat(hi, n).ToArray(), seed: 2);
        return (train, test, names.ToDictionary(v => v, _ => (lo, hi)));
    }

    [Theory]
    // Coulomb's law: a rational law of the variables (q1 q2 / (4 pi eps r^2))
    [InlineData("q1*q2/(4*pi*eps*r^2)", "q1,q2,eps,r", "polynomial and rational laws")]
    // relativistic mass: under a square root, m^2 = m0^2 c^2 / (c^2 - v^2), a rational law of degree 4
    [InlineData("m0/sqrt(1-(v/4)^2/c^2)", "m0,v,c", "polynomial and rational laws of higher degree")]
    // a product of powers with a fractional exponent: only its logarithm is linear
    [InlineData("a^(1/3)*b^2/c", "a,b,c", "power laws")]
    // Lorentz-force-type law: a polynomial in the variables and the sine of an angle
    [InlineData("q*(e+b*sin(t))", "q,e,b,t", "laws of sines and cosines")]
    // Boltzmann factor: exp of a rational law times a prefactor, found through log f = log n0 - m g x / (k T)
    [InlineData("n0*exp(-m*x/T)", "n0,m,x,T", "laws of logarithms")]
    public void Finds_the_law_on_the_raw_data_with_the_first_search_that_can_express_it(string formula, string variables, string plan)
    {
        string[] names = variables.Split(',');
        var truth = Expr.Parse(formula, names);
        var f = truth.Compile(names);
        var (train, test, box) = Data(f, names, 1, 3);
        var found = DirectLawSearch.Run(train, test, names);
        Assert.NotNull(found);
        Assert.Equal(plan, found!.Plan);
        Assert.True(Expr.NumericallyEqual(found.Law.Formula, truth, box, 500, 1e-9, seed: 5), $"{found.Law.Formula} is not {formula}");
    }

    [Fact]
    public void A_law_outside_every_search_gives_null_and_a_search_can_be_limited_to_few_variables()
    {
        // 1/(exp(x/y) - 1): an exponential of a ratio inside a rational law is in none of the searches
        string[] names = ["x", "y"];
        // (a rational function of degree 5 in x/y approximates it to 1e-11, but with constants that are not simple)
        var (train, test, _) = Data(p => 1 / (Math.Exp(p[0] / p[1]) - 1), names, 1, 3);
        var wrong = DirectLawSearch.Run(train, test, names);
        Assert.True(wrong is null, $"{wrong?.Plan}: {wrong?.Law.Formula}");
        // x*y is a polynomial, but a plan limited to one variable is skipped for two
        var (train2, test2, _) = Data(p => p[0] * p[1], names, 1, 3);
        DirectLawPlan[] one = [new("polynomial", ["x"], new LawSearchOptions(), MaxVariables: 1)];
        Assert.Null(DirectLawSearch.Run(train2, test2, names, one));
        Assert.NotNull(DirectLawSearch.Run(train2, test2, names, [one[0] with { MaxVariables = 2 }]));
    }

    [Fact]
    public void Noisy_data_give_no_law_rather_than_a_wrong_one()
    {
        // the acceptance is exactness to rounding: 1e-6 relative noise on a plain product is not "exact"
        string[] names = ["a", "b"];
        var rng = new Random(3);
        var (train, test, _) = Data(p => p[0] * p[1] * (1 + 1e-6 * (rng.NextDouble() - 0.5)), names, 1, 3);
        Assert.Null(DirectLawSearch.Run(train, test, names));
    }

    [Fact]
    public void A_cancelled_search_throws_instead_of_returning_a_partial_answer()
    {
        string[] names = ["x", "y", "z"];
        var (train, test, _) = Data(p => 1 / (Math.Exp(p[0] / p[1]) - p[2]), names, 1, 3);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DirectLawSearch.Run(train, test, names, cancellationToken: cts.Token));
    }
}
