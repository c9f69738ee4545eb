using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Tests.Pdes;

/// <summary>A system whose residual does not match the fields and equations its constructor declares is named when the problem is built.</summary>
public class DeclaredSizesTests
{
    /// <summary>Steady Stokes flow in 2-D, fields (u, v, p), three equations; the sizes are constructor arguments so tests can get them wrong.</summary>
    private sealed class Stokes(int fields, int equations) : Pde(spatialDimension: 2, fields: fields, equations: equations)
    {
        public override void Residuals<T>(PdePoint<T> p, Span<T> r)
        {
            var u = p.Field(0);
            var v = p.Field(1);
            var q = p.Field(2);
            r[0] = q.Dx - (u.Dxx + u.Dyy);
            r[1] = q.Dy - (v.Dxx + v.Dyy);
            r[2] = u.Dx + v.Dy;
        }
    }

    private static readonly double[] Points = [0.1, 0.2, 0.3, 0.4];

    [Fact]
    public void MatchingSizesBuild()
    {
        var problem = new PinnProblem(new Stokes(3, 3), Points, [new DirichletCondition([0.0, 0.0], x => 0, field: 2)]);
        Assert.Equal(3, problem.Pde.Fields);
    }

    [Fact]
    public void MissingEquationsNamesThePdeAndBothCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => new PinnProblem(new Stokes(3, 1), Points, []));
        Assert.Equal("pde", e.ParamName);
        Assert.Contains("Stokes", e.Message);
        Assert.Contains("writes 3 residual components", e.Message);
        Assert.Contains("declares equations: 1", e.Message);
        Assert.Contains("Pass equations: 3", e.Message);
        Assert.DoesNotContain("fields", e.Message);
    }

    [Fact]
    public void MissingFieldsNamesThePdeAndBothCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => new PinnProblem(new Stokes(2, 3), Points, []));
        Assert.Equal("pde", e.ParamName);
        Assert.Contains("Stokes", e.Message);
        Assert.Contains("reads 3 fields (up to p.Field(2))", e.Message);
        Assert.Contains("declares fields: 2", e.Message);
        Assert.Contains("Pass fields: 3", e.Message);
        Assert.DoesNotContain("equations", e.Message);
    }

    [Fact]
    public void BothMissingAreReportedTogether()
    {
        var e = Assert.Throws<ArgumentException>(() => new PinnProblem(new Stokes(1, 1), Points, []));
        Assert.Contains("declares fields: 1", e.Message);
        Assert.Contains("declares equations: 1", e.Message);
        Assert.Contains("Pass fields: 3, equations: 3", e.Message);
    }

    [Fact]
    public void AConditionOnAMissingFieldIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new PinnProblem(new Stokes(3, 3), Points, [new DirichletCondition([0.0, 0.0], x => 0, field: 3, name: "outflow")]));
        Assert.Equal("conditions", e.ParamName);
        Assert.Contains("'outflow' reads field 3", e.Message);
        Assert.Contains("Stokes has 3 field(s)", e.Message);
    }

    /// <summary>A residual that fails at a zero jet for its own reasons is left to the real evaluation: building the problem does not throw.</summary>
    private sealed class FailsForItsOwnReasons() : Pde(spatialDimension: 1)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + p.Y;
    }

    [Fact]
    public void OtherErrorsAreNotReportedAsSizeMismatches()
    {
        var problem = new PinnProblem(new FailsForItsOwnReasons(), [0.5], []);
        Assert.Equal(1, problem.Pde.Equations);
    }

    [Fact]
    public void AFieldOutOfRangeIsStillAnArgumentOutOfRangeException()
    {
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() =>
        {
            var jet = new Real[3 * 6];
            var point = new PdePoint<Real>([0.0, 0.0], default, jet, 3, 2, 2);
            point.Field(3);
        });
    }
}
