using Kan.Physics.Training;
using Kan.Physics.Optimization;

namespace Kan.Physics.Tests.Training;

public class LbfgsTests
{
    /// <summary>Chained Rosenbrock: Σᵢ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1); for n = 2 the classic one.</summary>
    private static double Rosenbrock(ReadOnlySpan<double> x, Span<double> g)
    {
        g.Clear();
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] += 200 * a;
        }

        return f;
    }

    /// <summary>Extended Rosenbrock (Moré, Garbow &amp; Hillstrom): independent 2-D Rosenbrock terms on pairs (x_{2j}, x_{2j+1}).</summary>
    private static double ExtendedRosenbrock(ReadOnlySpan<double> x, Span<double> g)
    {
        double f = 0;
        for (int i = 0; i < x.Length; i += 2)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] = -400 * a * x[i] - 2 * b;
            g[i + 1] = 200 * a;
        }

        return f;
    }

    private static double[] RosenbrockStart(int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i % 2 == 0 ? -1.2 : 1.0;
        }

        return x;
    }

    private static double LossAt(Objective objective, double[] x) => objective(x, new double[x.Length]);

    [Fact]
    public void Rosenbrock2D_ConvergesToMinimum()
    {
        var x = new[] { -1.2, 1.0 };
        var result = new Lbfgs().Minimize(Rosenbrock, x);

        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.True(result.Iterations < 100, $"iterations {result.Iterations}");
        Assert.True(result.Evaluations < 2 * result.Iterations, $"evaluations {result.Evaluations}"); // unit step mostly accepted
        Assert.Equal(1.0, x[0], 1e-6);
        Assert.Equal(1.0, x[1], 1e-6);
        Assert.Equal(LossAt(Rosenbrock, x), result.Loss);
        Assert.True(result.Loss < 1e-12);
    }

    [Fact]
    public void ExtendedRosenbrock10_Converges()
    {
        var x = RosenbrockStart(10);
        var result = new Lbfgs().Minimize(ExtendedRosenbrock, x);

        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.True(result.Iterations < 100, $"iterations {result.Iterations}");
        foreach (double xi in x)
        {
            Assert.Equal(1.0, xi, 1e-6);
        }
    }

    [Fact]
    public void ChainedRosenbrock10_Converges()
    {
        var x = RosenbrockStart(10);
        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 500 }).Minimize(Rosenbrock, x);

        Assert.Equal(StopReason.Converged, result.StopReason);

        // γ = s·y / y·y scaling makes the unit step acceptable most of the time; without it this takes ~7× more.
        Assert.True(result.Evaluations < 2 * result.Iterations, $"evaluations {result.Evaluations}");
        foreach (double xi in x)
        {
            Assert.Equal(1.0, xi, 1e-6);
        }
    }

    [Fact]
    public void IterationLimit_IsReportedWithExactCount()
    {
        var x = new[] { -1.2, 1.0 };
        int callbacks = 0;
        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 5 }).Minimize(Rosenbrock, x, _ => callbacks++);

        Assert.Equal(StopReason.IterationLimit, result.StopReason);
        Assert.Equal(5, result.Iterations);
        Assert.Equal(5, callbacks);
        Assert.Equal(LossAt(Rosenbrock, x), result.Loss);
    }

    [Fact]
    public void EvaluationLimit_IsReportedAndNotExceeded()
    {
        var x = new[] { -1.2, 1.0 };
        int calls = 0;
        double Counted(ReadOnlySpan<double> p, Span<double> g)
        {
            calls++;
            return Rosenbrock(p, g);
        }

        var result = new Lbfgs(new LbfgsOptions { MaxEvaluations = 12 }).Minimize(Counted, x);

        Assert.Equal(StopReason.EvaluationLimit, result.StopReason);
        Assert.Equal(12, calls);
        Assert.Equal(12, result.Evaluations);
        Assert.Equal(LossAt(Rosenbrock, x), result.Loss);
        Assert.True(result.Loss < Rosenbrock(new[] { -1.2, 1.0 }, new double[2]));
    }

    [Fact]
    public void CancellationInCallback_StopsWithBestPoint()
    {
        var x = new[] { -1.2, 1.0 };
        using var cts = new CancellationTokenSource();
        int lastIteration = 0;
        var result = new Lbfgs().Minimize(
            Rosenbrock,
            x,
            info =>
            {
                lastIteration = info.Iteration;
                if (info.Iteration == 3)
                {
                    cts.Cancel();
                }
            },
            cts.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(3, result.Iterations);
        Assert.Equal(3, lastIteration);
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(LossAt(Rosenbrock, x), result.Loss);
    }

    [Fact]
    public void CancellationDuringLineSearch_KeepsBestPointWithoutThrowing()
    {
        var x = new[] { -1.2, 1.0 };
        using var cts = new CancellationTokenSource();
        int calls = 0;
        double Cancelling(ReadOnlySpan<double> p, Span<double> g)
        {
            if (++calls == 7)
            {
                cts.Cancel();
            }

            return Rosenbrock(p, g);
        }

        var result = new Lbfgs().Minimize(Cancelling, x, null, cts.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(7, result.Evaluations);
        Assert.Equal(LossAt(Rosenbrock, x), result.Loss);
        Assert.True(result.Loss <= Rosenbrock(new[] { -1.2, 1.0 }, new double[2]));
    }

    [Fact]
    public void NaNAtStart_ReportsNonFiniteLossAndLeavesXUnchanged()
    {
        var x = new[] { 0.5, 0.5 };
        var result = new Lbfgs().Minimize((p, g) => { g.Clear(); return double.NaN; }, x);

        Assert.Equal(StopReason.NonFiniteLoss, result.StopReason);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(1, result.Evaluations);
        Assert.Equal(new[] { 0.5, 0.5 }, x);
    }

    [Fact]
    public void NoFinitePointAlongDirection_ReportsNonFiniteLoss()
    {
        // Finite only at the start point itself: every trial point is NaN.
        var start = new[] { 0.3, -0.7 };
        var x = (double[])start.Clone();
        double Objective(ReadOnlySpan<double> p, Span<double> g)
        {
            g[0] = 1;
            g[1] = -2;
            return p.SequenceEqual(start) ? 0 : double.NaN;
        }

        var result = new Lbfgs().Minimize(Objective, x);

        Assert.Equal(StopReason.NonFiniteLoss, result.StopReason);
        Assert.Equal(start, x);
        Assert.Equal(0, result.Loss);
    }

    [Fact]
    public void NaNOutsideDomain_LineSearchBacksOffAndStillMinimises()
    {
        // Minimum at (1.9, −1.9) close to the edge of the domain |x_i| ≤ 2; the first trial step (length ≈ 1 along
        // a gradient dominated by the second coordinate) lands outside it.
        int nanCount = 0;
        double Objective(ReadOnlySpan<double> p, Span<double> g)
        {
            if (Math.Abs(p[0]) > 2 || Math.Abs(p[1]) > 2)
            {
                nanCount++;
                g[0] = double.NaN;
                g[1] = double.NaN;
                return double.NaN;
            }

            double a = p[0] - 1.9, b = p[1] + 1.9;
            g[0] = 2 * a;
            g[1] = 20 * b;
            return a * a + 10 * b * b;
        }

        var x = new[] { 1.5, -1.5 };
        var losses = new List<double>();
        var result = new Lbfgs().Minimize(Objective, x, i => losses.Add(i.Loss));

        Assert.True(nanCount > 0, "the test must actually step into the NaN region");
        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.Equal(1.9, x[0], 1e-6);
        Assert.Equal(-1.9, x[1], 1e-6);
        Assert.All(losses, l => Assert.True(double.IsFinite(l)));
    }

    [Fact]
    public void IllConditionedQuadratic_ConvergesInAboutNIterations()
    {
        const int n = 20;
        var lambda = new double[n];
        var center = new double[n];
        for (int i = 0; i < n; i++)
        {
            lambda[i] = Math.Pow(1e4, i / (double)(n - 1)); // condition number 1e4
            center[i] = Math.Sin(i + 1);
        }

        double Quadratic(ReadOnlySpan<double> p, Span<double> g)
        {
            double f = 0;
            for (int i = 0; i < n; i++)
            {
                double r = p[i] - center[i];
                g[i] = lambda[i] * r;
                f += 0.5 * lambda[i] * r * r;
            }

            return f;
        }

        // With a full history and a nearly exact line search, L-BFGS on a quadratic behaves like conjugate gradients
        // and terminates in about n steps. (With the loose default C2 = 0.9 the unit step is accepted early and the
        // same problem takes hundreds of iterations; that is a property of the method, not of this implementation.)
        var x = new double[n];
        var options = new LbfgsOptions { History = n, C2 = 0.01, GradientTolerance = 1e-8 };
        var result = new Lbfgs(options).Minimize(Quadratic, x);

        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.True(result.Iterations <= n + 5, $"iterations {result.Iterations}");
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(center[i], x[i], 1e-9);
        }
    }

    [Fact]
    public void CallbackLosses_NeverIncrease_AndCountsAreConsistent()
    {
        var x = RosenbrockStart(6);
        var infos = new List<IterationInfo>();
        double start = Rosenbrock(x, new double[6]);
        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 500 }).Minimize(Rosenbrock, x, infos.Add);

        Assert.Equal(result.Iterations, infos.Count);
        Assert.True(infos.Count > 10);
        double previous = start;
        for (int k = 0; k < infos.Count; k++)
        {
            Assert.Equal(k + 1, infos[k].Iteration);
            Assert.True(infos[k].Loss <= previous, $"loss increased at iteration {k + 1}");
            Assert.True(infos[k].StepSize > 0);
            Assert.True(k == 0 || infos[k].Evaluations > infos[k - 1].Evaluations);
            previous = infos[k].Loss;
        }

        Assert.Equal(infos[^1].Loss, result.Loss);
        Assert.Equal(infos[^1].Evaluations, result.Evaluations);
    }

    [Fact]
    public void LineSearchBudgetExhausted_AcceptsBestDecreaseAndContinues()
    {
        // f = x², start 10: the first trial (α = 1/|g| = 0.05, x = 9) decreases f but fails the tight curvature
        // condition; with a budget of one evaluation it must still be taken. The secant pair then gives the exact
        // Newton step to 0.
        var x = new[] { 10.0 };
        var infos = new List<IterationInfo>();
        var options = new LbfgsOptions { C2 = 0.1, MaxLineSearchEvaluations = 1 };
        var result = new Lbfgs(options).Minimize((p, g) => { g[0] = 2 * p[0]; return p[0] * p[0]; }, x, infos.Add);

        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.Equal(81.0, infos[0].Loss);
        Assert.Equal(0.05, infos[0].StepSize);
        Assert.Equal(2, result.Iterations);
        Assert.Equal(3, result.Evaluations);
        Assert.Equal(0.0, x[0]);
    }

    [Fact]
    public void FailedQuasiNewtonStep_RetriesWithSteepestDescent()
    {
        // f = √(1 + x²) from x = 10: curvature grows towards the minimum, so the secant-based unit step overshoots far
        // past it. With a one-evaluation line search that trial fails; the history must be reset and the steepest
        // descent step tried instead of stopping with LineSearchFailed.
        var x = new[] { 10.0 };
        var infos = new List<IterationInfo>();
        var options = new LbfgsOptions { MaxLineSearchEvaluations = 1 };
        var result = new Lbfgs(options).Minimize(
            (p, g) =>
            {
                double q = Math.Sqrt(1 + p[0] * p[0]);
                g[0] = p[0] / q;
                return q;
            },
            x,
            infos.Add);

        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.Equal(0.0, x[0], 1e-8);
        Assert.Equal(4, infos[1].Evaluations); // iteration 2: failed quasi-Newton trial + steepest-descent retry
        Assert.Equal(1.0, infos[1].StepSize);
    }

    [Fact]
    public void WrongGradient_ReportsLineSearchFailedAndKeepsStart()
    {
        // The reported gradient points uphill, so no trial point along −g decreases the loss.
        var x = new[] { 1.0, -2.0 };
        var result = new Lbfgs().Minimize(
            (p, g) =>
            {
                g[0] = -2 * p[0];
                g[1] = -2 * p[1];
                return p[0] * p[0] + p[1] * p[1];
            },
            x);

        Assert.Equal(StopReason.LineSearchFailed, result.StopReason);
        Assert.Equal(new[] { 1.0, -2.0 }, x);
        Assert.Equal(5.0, result.Loss);
        Assert.True(result.Evaluations <= 1 + new LbfgsOptions().MaxLineSearchEvaluations);
    }

    [Fact]
    public void StartAtMinimum_ConvergesWithoutIterating()
    {
        var x = new[] { 1.0, 1.0 };
        var result = new Lbfgs().Minimize(Rosenbrock, x);

        Assert.Equal(new OptimizationResult(StopReason.Converged, 0, 1, 0.0, 0.0), result);
    }

    [Fact]
    public void AlreadyCancelledToken_ReturnsCancelledAfterStartEvaluation()
    {
        var x = new[] { -1.2, 1.0 };
        var result = new Lbfgs().Minimize(Rosenbrock, x, null, new CancellationToken(true));

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(1, result.Evaluations);
        Assert.Equal(new[] { -1.2, 1.0 }, x);
    }

    [Fact]
    public void Runs_AreBitwiseDeterministic()
    {
        var x1 = RosenbrockStart(8);
        var x2 = RosenbrockStart(8);
        var r1 = new Lbfgs(new LbfgsOptions { MaxIterations = 40 }).Minimize(Rosenbrock, x1);
        var r2 = new Lbfgs(new LbfgsOptions { MaxIterations = 40 }).Minimize(Rosenbrock, x2);

        Assert.Equal(r1, r2);
        Assert.Equal(x1, x2);
    }

    [Fact]
    public void IterationLoop_DoesNotAllocate()
    {
        static long Allocated(int iterations)
        {
            var x = RosenbrockStart(10);
            var lbfgs = new Lbfgs(new LbfgsOptions { MaxIterations = iterations, History = 5 });
            Objective objective = Rosenbrock;
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = lbfgs.Minimize(objective, x);
            long after = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal(StopReason.IterationLimit, result.StopReason);
            return after - before;
        }

        Allocated(30); // warm up (JIT, tiering)
        long few = Allocated(3);
        long many = Allocated(30);
        Assert.Equal(few, many);
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        var lbfgs = new Lbfgs();
        Assert.Throws<ArgumentNullException>(() => lbfgs.Minimize(null!, new[] { 1.0 }));
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => lbfgs.Minimize(Rosenbrock, Array.Empty<double>())).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => lbfgs.Minimize(Rosenbrock, new[] { 1.0, double.NaN })).ParamName);
        Assert.Equal("x", Assert.ThrowsAny<ArgumentException>(() => lbfgs.Minimize(Rosenbrock, null!)).ParamName);
    }

    [Theory]
    [InlineData(nameof(LbfgsOptions.MaxIterations))]
    [InlineData(nameof(LbfgsOptions.MaxEvaluations))]
    [InlineData(nameof(LbfgsOptions.History))]
    [InlineData(nameof(LbfgsOptions.GradientTolerance))]
    [InlineData(nameof(LbfgsOptions.ChangeTolerance))]
    [InlineData(nameof(LbfgsOptions.MaxLineSearchEvaluations))]
    [InlineData(nameof(LbfgsOptions.C1))]
    [InlineData(nameof(LbfgsOptions.C2))]
    public void InvalidOptions_ThrowNamingTheProperty(string property)
    {
        var options = property switch
        {
            nameof(LbfgsOptions.MaxIterations) => new LbfgsOptions { MaxIterations = -1 },
            nameof(LbfgsOptions.MaxEvaluations) => new LbfgsOptions { MaxEvaluations = 0 },
            nameof(LbfgsOptions.History) => new LbfgsOptions { History = 0 },
            nameof(LbfgsOptions.GradientTolerance) => new LbfgsOptions { GradientTolerance = double.NaN },
            nameof(LbfgsOptions.ChangeTolerance) => new LbfgsOptions { ChangeTolerance = -1 },
            nameof(LbfgsOptions.MaxLineSearchEvaluations) => new LbfgsOptions { MaxLineSearchEvaluations = 0 },
            nameof(LbfgsOptions.C1) => new LbfgsOptions { C1 = 0 },
            _ => new LbfgsOptions { C2 = 1e-5 },
        };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgs(options));
        Assert.Equal(property, ex.ParamName);
    }

    [Fact]
    public void CubicMinimizer_IsExactForACubic()
    {
        // φ(a) = (a − 1)³/3 − (a − 1) + … has its local minimum at a = 2; any two points determine it exactly.
        static double F(double a) => Math.Pow(a - 1, 3) / 3 - (a - 1);
        static double D(double a) => (a - 1) * (a - 1) - 1;
        double m = StrongWolfeLineSearch.CubicMinimizer(1.5, F(1.5), D(1.5), 3, F(3), D(3));
        Assert.Equal(2.0, m, 1e-12);
        double reversed = StrongWolfeLineSearch.CubicMinimizer(3, F(3), D(3), 1.5, F(1.5), D(1.5));
        Assert.Equal(2.0, reversed, 1e-12);
    }

    [Fact]
    public void TwoLoop_SatisfiesSecantEquationForNewestPair()
    {
        // For any stored pairs, the L-BFGS inverse Hessian maps the newest y onto the newest s.
        const int n = 5, m = 3, slots = m + 1;
        var s = new double[slots * n];
        var y = new double[slots * n];
        var rho = new double[slots];
        var alpha = new double[slots];
        var d = new double[n];
        int head = 2, count = 0;
        double gamma = 1;
        for (int k = 0; k < 6; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double si = Math.Sin(3.1 * k + 1.7 * i);
                s[head * n + i] = si;
                y[head * n + i] = (1 + i * i) * si + 0.1 * Math.Cos(k + i); // some curvature, not symmetric
            }

            var sk = s.AsSpan(head * n, n);
            var yk = y.AsSpan(head * n, n);
            double sy = StrongWolfeLineSearch.Dot(sk, yk);
            Assert.True(sy > 0);
            rho[head] = 1 / sy;
            gamma = sy / StrongWolfeLineSearch.Dot(yk, yk);
            int newest = head;
            head = (head + 1) % slots;
            count = Math.Min(count + 1, m);

            Lbfgs.TwoLoop(y.AsSpan(newest * n, n), d, s, y, rho, alpha, head, count, slots, gamma);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(-s[newest * n + i], d[i], 1e-12);
            }
        }
    }
}
