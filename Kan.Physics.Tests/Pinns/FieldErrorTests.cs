using Kan.Physics.Networks;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Tests.Plotting;

namespace Kan.Physics.Tests.Pinns;

/// <summary>
/// Errors per field of a system: a 3-field reference (u, v, p) on a grid with known gradients, and predictions whose
/// errors per field are known in closed form or by direct sums written out here.
/// </summary>
public class FieldErrorTests
{
    private const int N = 11;

    private static double U(double x, double y) => Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y);
    private static double V(double x, double y) => x * x + y;
    private static double P(double x, double y) => x * y + 2;

    /// <summary>The N x N grid on [0, 1]^2, first coordinate slowest.</summary>
    private static double[] Grid()
    {
        var pts = new double[N * N * 2];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) { pts[(i * N + j) * 2] = i / (N - 1.0); pts[(i * N + j) * 2 + 1] = j / (N - 1.0); }
        return pts;
    }

    private static ReferenceSolution Reference(bool pressureUpToConstant, bool names = true)
        => ReferenceSolution.FromFunctions(Grid(), 2, [x => U(x[0], x[1]), x => V(x[0], x[1]), x => P(x[0], x[1])],
            [
                [x => Math.PI * Math.Cos(Math.PI * x[0]) * Math.Sin(Math.PI * x[1]), x => Math.PI * Math.Sin(Math.PI * x[0]) * Math.Cos(Math.PI * x[1])],
                [x => 2 * x[0], x => 1.0],
                [x => x[1], x => x[0]],
            ]) is var r && (names || pressureUpToConstant)
            ? new ReferenceSolution(r.Points, 2, r.Values, 3, r.Gradients)
            {
                FieldNames = names ? ["u", "v", "p"] : null,
                UpToConstant = pressureUpToConstant ? [false, false, true] : null,
            }
            : r;

    /// <summary>
    /// u + 0.02 x (error 0.02 x, gradient error (0.02, 0)), 1.1 v (error 0.1 v, everywhere 10 %), p + 3 (a constant:
    /// gradients exact).
    /// </summary>
    private static (double[] Values, double[] Gradients) Prediction(ReferenceSolution reference)
    {
        int n = reference.Count;
        var values = (double[])reference.Values.Clone();
        var grads = (double[])reference.Gradients!.Clone();
        for (int s = 0; s < n; s++)
        {
            double x = reference.Points[s * 2];
            values[s * 3] += 0.02 * x;
            grads[(s * 3) * 2] += 0.02;
            values[s * 3 + 1] *= 1.1;
            grads[(s * 3 + 1) * 2] *= 1.1; grads[(s * 3 + 1) * 2 + 1] *= 1.1;
            values[s * 3 + 2] += 3;
        }
        return (values, grads);
    }

    [Fact]
    public void EachFieldHasItsOwnRelativeL2MaxAndH1Errors()
    {
        var reference = Reference(pressureUpToConstant: false);
        var (values, grads) = Prediction(reference);
        var e = ErrorMetrics.Compute(values, grads, reference);
        var fields = e.Fields!;
        Assert.Equal(["u", "v", "p"], fields.Select(f => f.Name));

        // by hand, from the grid: sums of the exact fields and of the known errors
        var pts = Grid();
        double uu = 0, xx = 0, vv = 0, pp = 0, gu = 0, vmax = 0;
        for (int s = 0; s < N * N; s++)
        {
            double x = pts[2 * s], y = pts[2 * s + 1];
            uu += U(x, y) * U(x, y); xx += x * x; vv += V(x, y) * V(x, y); pp += P(x, y) * P(x, y);
            gu += Math.Pow(Math.PI * Math.Cos(Math.PI * x) * Math.Sin(Math.PI * y), 2) + Math.Pow(Math.PI * Math.Sin(Math.PI * x) * Math.Cos(Math.PI * y), 2);
            vmax = Math.Max(vmax, Math.Abs(V(x, y)));
        }
        int n = N * N;
        Assert.Equal(0.02 * Math.Sqrt(xx / uu), fields[0].RelativeL2, 1e-12);
        Assert.Equal(0.02, fields[0].MaxAbs, 1e-12);                       // at x = 1
        Assert.Equal(Math.Sqrt(n * 0.02 * 0.02 / gu), fields[0].RelativeH1Seminorm, 1e-12);
        Assert.Equal(0.0004 * xx / n, fields[0].Mse, 1e-15);
        Assert.Equal(0.1, fields[1].RelativeL2, 1e-12);
        Assert.Equal(0.1 * vmax, fields[1].MaxAbs, 1e-12);               // 0.1 * max(x^2 + y) = 0.2
        Assert.Equal(0.1, fields[1].RelativeH1Seminorm, 1e-12);
        Assert.Equal(3 * Math.Sqrt(n / pp), fields[2].RelativeL2, 1e-12);  // raw pressure: off by 3 everywhere
        Assert.Equal(3, fields[2].MaxAbs, 1e-12);
        Assert.Equal(0, fields[2].RelativeH1Seminorm, 1e-12);
        Assert.All(fields, f => Assert.Equal(0, f.Shift));

        // the headline of a system is the worst field's: here the raw pressure's rel. L2 and max, v's H1
        Assert.Equal(fields.Max(f => f.RelativeL2), e.RelativeL2);
        Assert.Equal(fields[2].RelativeL2, e.RelativeL2);
        Assert.Equal(3, e.MaxAbs, 1e-12);
        Assert.Equal(0.1, e.RelativeH1Seminorm, 1e-12);
        Assert.Equal(fields.Max(f => f.Mse), e.Mse);
    }

    [Fact]
    public void APressureComparedUpToAConstantLosesItsOffset()
    {
        var reference = Reference(pressureUpToConstant: true);
        var (values, grads) = Prediction(reference);
        var e = ErrorMetrics.Compute(values, grads, reference);
        var p = e.Fields![2];
        Assert.Equal(3, p.Shift, 1e-12);
        Assert.True(p.RelativeL2 < 1e-14, $"p rel. L2 {p.RelativeL2}");
        Assert.True(p.MaxAbs < 1e-13, $"p max {p.MaxAbs}");
        // u and v are untouched by p's flag; the headline is now v's 10 %
        var raw = ErrorMetrics.Compute(values, grads, Reference(pressureUpToConstant: false));
        Assert.Equal(raw.Fields![0], e.Fields[0]);
        Assert.Equal(raw.Fields[1], e.Fields[1]);
        Assert.Equal(0.1, e.RelativeL2, 1e-12);
        Assert.Equal(0.2, e.MaxAbs, 1e-12);

        // the shift is the mean difference, not the difference at one point: a non-constant error keeps its spread
        var tilted = (double[])values.Clone();
        for (int s = 0; s < N * N; s++) tilted[s * 3 + 2] += 0.5 * reference.Points[2 * s];   // p + 3 + x/2
        var t = ErrorMetrics.Compute(tilted, grads, reference).Fields![2];
        Assert.Equal(3.25, t.Shift, 1e-12);                   // mean of 3 + x/2 over x in [0, 1] on the grid
        Assert.Equal(0.25, t.MaxAbs, 1e-12);                  // |x/2 - 1/4| at x = 0 or 1
    }

    [Fact]
    public void OneFieldKeepsThePooledNumbersAndUnnamedFieldsAreNumbered()
    {
        var reference = ReferenceSolution.FromFunctions(Grid(), 2, [x => U(x[0], x[1])]);
        var values = reference.Values.Select((v, i) => v + 1e-3 * Math.Cos(i)).ToArray();
        var e = ErrorMetrics.Compute(values, null, reference);
        double se = 0, norm = 0, max = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double d = values[i] - reference.Values[i];
            se += d * d; norm += reference.Values[i] * reference.Values[i]; max = Math.Max(max, Math.Abs(d));
        }
        Assert.Equal(se / values.Length, e.Mse);
        Assert.Equal(Math.Sqrt(se / norm), e.RelativeL2);
        Assert.Equal(max, e.MaxAbs);
        Assert.True(double.IsNaN(e.RelativeH1Seminorm));
        Assert.Equal("0", Assert.Single(e.Fields!).Name);

        var unnamed = Reference(pressureUpToConstant: false, names: false);
        Assert.Equal(["0", "1", "2"], ErrorMetrics.Compute(Prediction(unnamed).Values, null, unnamed).Fields!.Select(f => f.Name));
    }

    [Fact]
    public void BadNamesOrFlagsAreRefused()
    {
        var r = ReferenceSolution.FromFunctions(Grid(), 2, [x => 1.0, x => 2.0]);
        var e = Assert.Throws<ArgumentException>(() => new ReferenceSolution(r.Points, 2, r.Values, 2) { FieldNames = ["u"] });
        Assert.Contains("Expected 2 field names", e.Message);
        Assert.Throws<ArgumentException>(() => new ReferenceSolution(r.Points, 2, r.Values, 2) { FieldNames = ["u", "u"] });
        e = Assert.Throws<ArgumentException>(() => new ReferenceSolution(r.Points, 2, r.Values, 2) { UpToConstant = [true] });
        Assert.Contains("one per field", e.Message);
    }

    /// <summary>The output of h5dump with <paramref name="arguments"/>, or null when h5dump is not installed.</summary>
    private static string? H5Dump(string arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("h5dump", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        System.Diagnostics.Process? process;
        try { process = System.Diagnostics.Process.Start(info); }
        catch (System.ComponentModel.Win32Exception) { return null; }
        using (process)
        {
            string output = process!.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"h5dump {arguments} failed: {error}");
            return output;
        }
    }

    /// <summary>Three equations u = U, v = V, p = P: the network only has to fit the reference.</summary>
    private sealed class Fit() : Pde(2, fields: 3, equations: 3, order: 1)
    {
        public override void Residuals<T>(PdePoint<T> p, Span<T> residuals)
        {
            residuals[0] = p.Field(0).Value - T.Constant(U(p.X, p.Y));
            residuals[1] = p.Field(1).Value - T.Constant(V(p.X, p.Y));
            residuals[2] = p.Field(2).Value - T.Constant(P(p.X, p.Y));
        }
    }

    [Fact]
    public void ASystemsResultFileAndFigureCarryEveryField()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kan-fields-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var reference = Reference(pressureUpToConstant: true);
            var problem = new PinnProblem(new Fit(), Grid(), [], reference: reference);
            var network = KanNetwork.Create([2, 3], new KanOptions { GridSize = 3, Seed = 1 });
            // grid updates on: checkpoints are taken at restart steps, and the second grid's first update checkpoints the first grid's history
            var options = new PinnOptions { GridSchedule = [3, 4], StepsPerGrid = 2, Seed = 1, UpdateGrid = true };
            var context = new ProblemContext
            {
                Job = new JobSpec("fields-test", "fields", 0, new Dictionary<string, string>()),
                Settings = new ProblemSettings("fields", new SettingsSchema<object>(), new Dictionary<string, string>()),
                Checkpoints = new CheckpointStore(Path.Combine(dir, "ckpt")),
            };
            var doc = PdeJob.Run(context, new PdeSetup(problem, network, options) { GridShape = [N, N] });

            var expected = ErrorMetrics.Compute(doc.Model!, reference);
            var ef = expected.Fields!;
            foreach (var (f, i) in new[] { ("u", 0), ("v", 1), ("p", 2) })
            {
                Assert.Equal(ef[i].RelativeL2, doc.Metrics[$"rel_l2_{f}"]);
                Assert.Equal(ef[i].MaxAbs, doc.Metrics[$"max_abs_{f}"]);
                Assert.Equal(ef[i].RelativeH1Seminorm, doc.Metrics[$"rel_h1_seminorm_{f}"]);
                Assert.True(doc.Training.ContainsKey($"rel_l2_{f}"), $"no history column rel_l2_{f}");
            }
            Assert.Equal(expected.RelativeL2, doc.Metrics["rel_l2"]);
            Assert.Equal(ef[2].Shift, doc.Metrics["constant_p"]);
            Assert.False(doc.Metrics.ContainsKey("constant_u"));
            Assert.Equal(doc.Training["rel_l2"][^1], doc.Training["rel_l2_u"].Zip(doc.Training["rel_l2_v"], Math.Max).Zip(doc.Training["rel_l2_p"], Math.Max).Last());

            // the checkpoint keeps the per-field errors of its history rows, so a resumed run writes the same columns
            using (var stream = context.Checkpoints.TryOpen(PdeJob.CheckpointName))
            {
                Assert.NotNull(stream);
                var last = PinnCheckpoint.Load(stream).History[^1].Errors!.Value;
                var lastFields = last.Fields!;
                Assert.Equal(["u", "v", "p"], lastFields.Select(f => f.Name));
                Assert.Equal(last.RelativeL2, lastFields.Max(f => f.RelativeL2));
            }

            string path = Path.Combine(dir, "fields.h5");
            ResultFile.Write(path, doc);
            if (H5Dump($"-m %.17g -a /metrics/rel_l2_p -a /solution/field_names {path}") is { } dump)
            {
                // as HDF5's own tools read it: the per-field metric at full precision, the field names
                Assert.Contains(doc.Metrics["rel_l2_p"].ToString("R", System.Globalization.CultureInfo.InvariantCulture), dump);
                Assert.Contains("\"u,v,p\"", dump);
            }
            var back = ResultFile.Read(path);
            foreach (var name in doc.Metrics.Keys) Assert.Equal(doc.Metrics[name], back.Metrics[name]);
            Assert.Equal(doc.Training["rel_l2_p"], back.Training["rel_l2_p"]);
            Assert.Equal(["u", "v", "p"], back.Solution!.FieldNames!);
            // the stored pressure has its constant removed, so the stored error is the measured one
            double maxP = 0;
            for (int s = 0; s < N * N; s++) maxP = Math.Max(maxP, Math.Abs(back.Solution!.Error![s * 3 + 2]));
            Assert.Equal(doc.Metrics["max_abs_p"], maxP, 1e-12);

            var written = ResultFigures.Draw(back, path);
            string solution = Assert.Single(written, w => w.EndsWith(".solution.png", StringComparison.Ordinal));
            // one row of three panels per field under the title band
            using var bitmap = PlotImages.ReadPng(solution, 3 * FieldPlot.DefaultPanelWidth + 2 * FieldPlot.PanelGap, 3 * FieldPlot.DefaultPanelHeight + 44);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
