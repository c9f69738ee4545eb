using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Results;
using Kan.Physics.Solvers.Discovery;

namespace Kan.Physics.Tests.Cli;

/// <summary><c>kan discover-pde</c>: its data files (CSV long form, HDF5 grid), its errors, and a generator end to end.</summary>
public class DiscoverPdeTests
{
    private static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"kan-discover-pde-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static (double[] X, double[] T, double[] U) Grid(int nx, int nt)
    {
        var x = Enumerable.Range(0, nx).Select(i => -3 + 9.0 * i / (nx - 1)).ToArray();
        var t = Enumerable.Range(0, nt).Select(j => 3.0 * j / (nt - 1)).ToArray();
        var u = new double[nx * nt];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < nt; j++)
            {
                double s = 1 + 0.4 * t[j];
                u[i * nt + j] = Math.Exp(-(x[i] - t[j]) * (x[i] - t[j]) / s) / Math.Sqrt(s);
            }
        return (x, t, u);
    }

    [Fact]
    public void Hdf5_grid_and_csv_long_form_read_the_same_points()
    {
        string dir = TempDir();
        try
        {
            var (x, t, u) = Grid(12, 7);
            string h5 = Path.Combine(dir, "d.h5"), csv = Path.Combine(dir, "d.csv");
            FieldDataFile.WriteGrid(h5, ["x", "t"], [x, t], ["u"], [u]);
            var a = FieldDataFile.Read(h5);
            Assert.Equal(["x", "t"], a.Coordinates);
            Assert.Equal(["u"], a.Fields);
            Assert.Equal(84, a.Count);
            Assert.Equal((x[3], t[5], u[3 * 7 + 5]), (a.Points[2 * (3 * 7 + 5)], a.Points[2 * (3 * 7 + 5) + 1], a.Values[0][3 * 7 + 5]));
            FieldDataFile.WriteCsv(csv, a);
            var b = FieldDataFile.Read(csv);
            Assert.Equal(a.Points, b.Points);
            Assert.Equal(a.Values[0], b.Values[0]);
            // coordinates listed in the other order read the field's dimensions the other way round
            var wrong = Assert.Throws<FieldDataFileException>(() => FieldDataFile.Read(h5, coordinates: ["t", "x"]));
            Assert.Contains("shape (12, 7)", wrong.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Bad_files_exit_2_naming_the_file_and_the_problem()
    {
        string dir = TempDir();
        try
        {
            var (x, t, u) = Grid(12, 7);
            string Write(string name, string text) { string p = Path.Combine(dir, name); File.WriteAllText(p, text); return p; }
            string missing = Path.Combine(dir, "nope.csv");
            string nan = Write("nan.csv", "x,t,u\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => i == 40 ? "1,2,NaN" : $"{i},{i % 7},{i * 0.5}")));
            string few = Write("few.csv", "x,t,u\n1,2,3\n2,3,4\n");
            string noField = Write("nofield.csv", "x,t\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{i % 7}")));
            string shape = Path.Combine(dir, "shape.h5");
            // a field of 12 x 7 values over coordinates that span 12 x 6
            new PureHDF.H5File { ["x"] = x, ["t"] = t[..6], ["u"] = new PureHDF.H5Dataset(u, fileDims: [12, 7]) }.Write(shape);
            var cases = new (string Path, string[] Extra, string Says)[]
            {
                (missing, [], "does not exist"),
                (nan, [], "line 42, column 'u': the value is NaN"),
                (few, [], "2 points are too few"),
                (noField, [], "no field columns"),
                (nan, ["--fields", "v"], "no column 'v'"),
                (shape, [], "has shape (12, 7) but the coordinates x, t span (12, 6)"),
                (shape, ["--fields", "w"], "no dataset 'w'"),
            };
            foreach (var (path, extra, says) in cases)
            {
                var r = KanCommandLineRunner.Run(["discover-pde", path, .. extra, "--out", Path.Combine(dir, "out")]);
                Assert.True(r.ExitCode == 2, $"{path}: exit {r.ExitCode}: {r.Stderr}");
                Assert.Contains(path, r.Stderr);
                Assert.Contains(says, r.Stderr);
                Assert.False(Directory.Exists(Path.Combine(dir, "out")) && Directory.GetFiles(Path.Combine(dir, "out"), "*.h5").Length > 0);
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void The_command_finds_advection_diffusion_and_writes_the_result()
    {
        string dir = TempDir();
        try
        {
            var (x, t, u) = Grid(48, 24);
            string h5 = Path.Combine(dir, "ad.h5");
            FieldDataFile.WriteGrid(h5, ["x", "t"], [x, t], ["u"], [u]);
            var r = KanCommandLineRunner.Run("discover-pde", h5, "--order", "2", "--hidden", "5", "--grids", "5,10", "--steps", "30", "--out", Path.Combine(dir, "out"));
            Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
            Assert.Contains("PDE: u_t = ", r.Stdout);
            var doc = ResultFile.Read(Path.Combine(dir, "out", "discover-pde-ad-s0.h5"));
            Assert.Equal(2, doc.Metrics["u_t.terms"]);
            Assert.InRange(doc.Metrics["u_t.coef.u_x"], -1.05, -0.95);
            Assert.InRange(doc.Metrics["u_t.coef.u_xx"], 0.09, 0.11);
            Assert.Contains(@"u_{\mathrm{xx}}", doc.Formula!.Latex);
            Assert.True(File.Exists(Path.Combine(dir, "out", "discover-pde-ad-s0.field.png")));
            Assert.True(File.Exists(Path.Combine(dir, "out", "discover-pde-ad-s0.paths-u_t.png")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void The_burgers_generator_is_found_back_on_a_small_grid()
    {
        var module = new BurgersDiscovery();
        var o = new BurgersDiscoveryOptions { Nx = 64, Nt = 32, MaxPower = 2, Hidden = [6], Grids = [6, 12], Steps = 30, TrainPoints = 1500, Collocation = 1500 };
        var data = module.Simulate(o, 0);
        Assert.Equal(64 * 32, data.Count);
        var result = PdeDiscovery.Run(data, BurgersDiscovery.Options(o, 0));
        var score = DiscoveryReport.Score(result.Equations[0].Chosen, new KnownPde("u_t", new Dictionary<string, double> { ["u*u_x"] = -1, ["u_xx"] = 0.1 }));
        Assert.True(score.Correct, DiscoveryReport.Summary(result));
        Assert.True(score.MaxError < 15, DiscoveryReport.Summary(result)); // a tiny network on a 64 x 32 grid: 4.5 % and 12 % measured
        // the same seed gives the same data and the same noise
        var noisy = module.Simulate(o with { Noise = 0.05 }, 3);
        Assert.Equal(noisy.Values[0], module.Simulate(o with { Noise = 0.05 }, 3).Values[0]);
        Assert.NotEqual(noisy.Values[0], module.Simulate(o with { Noise = 0.05 }, 4).Values[0]);
    }

    [Fact]
    public void The_kdv_generator_is_found_back_by_the_weak_form_on_a_small_noisy_grid()
    {
        // the strong form needs u_xxx from the surrogate, which a small network cannot give on these narrow solitons;
        // the weak form moves it onto the test functions and reads the samples themselves
        var module = new KdvDiscovery();
        var o = new KdvDiscoveryOptions { Nx = 128, Nt = 64, Noise = 0.01, Hidden = [4], Grids = [6], Steps = 10, TrainPoints = 1500, Collocation = 500, Formulation = "weak" };
        var result = PdeDiscovery.Run(module.Simulate(o, 0), KdvDiscovery.Options(o, 0));
        Assert.Equal(DiscoveryFormulation.Weak, result.Formulation);
        Assert.True(result.Weak!.OnDataGrid);
        var score = DiscoveryReport.Score(result.Equations[0].Chosen, new KnownPde("u_t", new Dictionary<string, double> { ["u*u_x"] = -6, ["u_xxx"] = -1 }));
        Assert.True(score.Correct, DiscoveryReport.Summary(result));
        Assert.True(score.MaxError < 2, DiscoveryReport.Summary(result));
    }

    [Fact]
    public void The_ks_and_allen_cahn_generators_are_found_back_on_small_grids()
    {
        var ks = new KsDiscovery();
        var o = new KsDiscoveryOptions { Nx = 128, Nt = 64, Noise = 0.01, Hidden = [4], Grids = [6], Steps = 10, TrainPoints = 1500, Collocation = 500 };
        var result = PdeDiscovery.Run(ks.Simulate(o, 0), KsDiscovery.Options(o, 0));
        var score = DiscoveryReport.Score(result.Equations[0].Chosen, new KnownPde("u_t", new Dictionary<string, double> { ["u*u_x"] = -1, ["u_xx"] = -1, ["u_xxxx"] = -1 }));
        Assert.True(score.Correct, DiscoveryReport.Summary(result));
        Assert.True(score.MaxError < 2, DiscoveryReport.Summary(result));
        Assert.Throws<ArgumentException>(() => ks.Simulate(o with { Nx = 100 }, 0));

        var ac = new AllenCahnDiscovery();
        var p = new AllenCahnDiscoveryOptions { Nx = 128, Nt = 64, Diffusion = 0.003, Hidden = [4], Grids = [6], Steps = 10, TrainPoints = 1500, Collocation = 500, Formulation = "weak" };
        result = PdeDiscovery.Run(ac.Simulate(p, 0), AllenCahnDiscovery.Options(p, 0));
        score = DiscoveryReport.Score(result.Equations[0].Chosen, new KnownPde("u_t", new Dictionary<string, double> { ["u_xx"] = 0.003, ["u"] = 5, ["u^3"] = -5 }));
        Assert.True(score.Correct, DiscoveryReport.Summary(result));
        Assert.True(score.MaxError < 2, DiscoveryReport.Summary(result));
    }
}
