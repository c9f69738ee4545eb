using System.Security.Cryptography;
using System.Text;
using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Runs.Results;
using Kan.Physics.Splines;
using Kan.Physics.Symbolic;
using PureHDF;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Tests.Results;

/// <summary>
/// HDF5 result files: every field round-trips exactly (the network bit for bit), files are real HDF5 that other tools
/// can read, writes are atomic, and every kind of damaged or foreign file fails with a <see cref="ResultFileException"/>
/// that names the file.
/// </summary>
public sealed class ResultFileTests : IDisposable
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-results-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    /// <summary>[2,5,1], G=5, k=3, a masked edge, a half-masked edge and a non-uniform grid on one input.</summary>
    private static KanNetwork SampleNetwork()
    {
        var net = KanNetwork.Create([2, 5, 1], new KanOptions { GridSize = 5, Order = 3, Seed = 3 });
        net.Layers[0].Mask[3] = 0;
        net.Layers[1].Mask[1] = 0.5;
        net.Layers[0].SetBasis(1, new BSplineBasis([-1.4, -0.8, -0.1, 0.2, 0.9, 1.7], 3));
        return net;
    }

    /// <summary>The sample network with formula edges: one replacing a spline edge, one beside it, constants with full mantissas.</summary>
    private static KanNetwork SymbolicNetwork()
    {
        var net = SampleNetwork();
        var library = SymbolicLibrary.CreateDefault();
        net.FixSymbolic(0, 1, 2, library["sin"], new SymbolicAffine(Math.PI, 0.1 + 0.2, 1 / 3.0, -Math.E));
        net.FixSymbolic(1, 4, 0, library["x^2"], new SymbolicAffine(0.7, -0.2, 1.1, 0.05), keepSpline: true);
        net.FixSymbolic(0, 0, 0, library["exp"], new SymbolicAffine(1, 0, 2, 0));
        return net;
    }

    /// <summary>A document with every field set: NaN and infinite metrics, unordered column names, two solution fields on a 4x3 grid.</summary>
    private static ResultDocument FullDocument()
    {
        const int nx = 4, ny = 3, n = nx * ny;
        var coords = new double[2 * n];
        var prediction = new double[2 * n];
        var reference = new double[2 * n];
        for (int p = 0; p < n; p++)
        {
            double x = p / ny / (nx - 1.0), y = p % ny / (ny - 1.0);
            coords[2 * p] = x; coords[2 * p + 1] = y;
            reference[2 * p] = Math.Sin(Math.PI * x) * y; reference[2 * p + 1] = x * x - y;
            prediction[2 * p] = reference[2 * p] + 1e-3 * p; prediction[2 * p + 1] = reference[2 * p + 1] - 2e-3 * p;
        }
        var doc = new ResultDocument
        {
            Problem = "poisson2d",
            Seed = -1234567890123L,
            KanPhysicsVersion = "0.1.0-test",
            CreatedUtc = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567),
            WallSeconds = 12.375,
            ConfigJson = """{"problem":"poisson2d","widths":[2,5,1],"note":"ünïcode λ"}""",
            Model = SampleNetwork(),
            Solution = new SolutionData
            {
                CoordinateNames = ["x", "y"],
                Coordinates = coords,
                Prediction = prediction,
                FieldCount = 2,
                Reference = reference,
                Error = prediction.Zip(reference, (a, b) => a - b).ToArray(),
                GridShape = [nx, ny],
            },
            Notes = { ["stop_reason"] = "Stalled", ["stop_hint"] = "loss stalled at 6.0e-1 on grid 5 from step 12 (less than 0.1 % decrease over 10 steps); λ" },
            Formula = new FormulaData { Text = "sin(pi*x)*y", Latex = @"\sin(\pi x)\,y", Rmse = 3.5e-4 },
        };
        doc.Metrics["rel_l2"] = 1.25e-3;
        doc.Metrics["mse"] = 0.1 + 0.2; // not a short decimal: checks full precision
        doc.Metrics["diverged"] = double.NaN;
        doc.Metrics["max_abs"] = double.PositiveInfinity;
        doc.Training["step"] = [0, 1, 2, 3];
        doc.Training["loss"] = [1.0, 0.5, 0.25, double.NaN];
        doc.Training["a_pde"] = [0.9, 0.4, 0.2, 0.1];
        doc.Training["seconds"] = [0.01, 0.02, 0.03, 0.04];
        return doc;
    }

    private static void AssertBitwiseEqual(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }

    private static void AssertSameNetwork(KanNetwork expected, KanNetwork actual)
    {
        Assert.Equal(expected.Widths, actual.Widths);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            var a = expected.Layers[l];
            var b = actual.Layers[l];
            Assert.Equal((a.InputCount, a.OutputCount, a.GridSize, a.Order), (b.InputCount, b.OutputCount, b.GridSize, b.Order));
            AssertBitwiseEqual(a.Coefficients, b.Coefficients, $"layer {l} coefficients");
            AssertBitwiseEqual(a.ScaleBase, b.ScaleBase, $"layer {l} scale_base");
            AssertBitwiseEqual(a.ScaleSpline, b.ScaleSpline, $"layer {l} scale_spline");
            AssertBitwiseEqual(a.Mask, b.Mask, $"layer {l} mask");
            for (int i = 0; i < a.InputCount; i++)
                AssertBitwiseEqual(a.Basis(i).Knots, b.Basis(i).Knots, $"layer {l} input {i} knots");
            Assert.Equal(a.Symbolic.ActiveEdges, b.Symbolic.ActiveEdges);
            foreach (int e in a.Symbolic.ActiveEdges)
            {
                int i = e / a.OutputCount, j = e % a.OutputCount;
                Assert.Equal(a.Symbolic.Function(i, j)!.Name, b.Symbolic.Function(i, j)!.Name);
                var (ka, kb) = (a.Symbolic.Affine(i, j), b.Symbolic.Affine(i, j));
                AssertBitwiseEqual([ka.A, ka.B, ka.C, ka.D], [kb.A, kb.B, kb.C, kb.D], $"layer {l} edge ({i},{j}) affine");
            }
        }
        var rng = new Random(11);
        double[] x = Enumerable.Range(0, 200 * expected.InputDimension).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
        AssertBitwiseEqual(expected.Forward(x), actual.Forward(x), "outputs");
    }

    private string WriteSample(string name = "run.h5")
    {
        string path = PathOf(name);
        ResultFile.Write(path, FullDocument());
        return path;
    }

    private ResultFileException ReadFails(string path, string expectedProblem)
    {
        var ex = Assert.Throws<ResultFileException>(() => ResultFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Equal(path, ex.FilePath);
        Assert.True(ex.Message.Contains(expectedProblem, StringComparison.Ordinal), $"expected '{expectedProblem}' in: {ex.Message}");
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    private string[] Leftovers() => _dir.GetFiles("*.tmp").Select(f => f.Name).ToArray();

    // ------------------------------------------------------------------ round trips

    [Fact]
    public void RoundTrip_EveryField_IsExact()
    {
        var doc = FullDocument();
        string path = WriteSample();
        var back = ResultFile.Read(path);

        Assert.Equal(doc.Problem, back.Problem);
        Assert.Equal(doc.Seed, back.Seed);
        Assert.Equal(doc.KanPhysicsVersion, back.KanPhysicsVersion);
        Assert.Equal(doc.CreatedUtc, back.CreatedUtc);
        Assert.Equal(TimeSpan.Zero, back.CreatedUtc.Offset);
        Assert.Equal(doc.WallSeconds, back.WallSeconds);
        Assert.Equal(doc.ConfigJson, back.ConfigJson);
        Assert.Equal(ResultFile.CompletedStatus, back.Status);

        Assert.Equal(doc.Metrics.Keys.Order(StringComparer.Ordinal), back.Metrics.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in doc.Metrics)
            AssertBitwiseEqual([value], [back.Metrics[name]], $"metric {name}");

        Assert.Equal(["step", "loss", "a_pde", "seconds"], back.Training.Keys); // insertion order, not alphabetical
        foreach (var (name, column) in doc.Training) AssertBitwiseEqual(column, back.Training[name], $"column {name}");

        AssertSameNetwork(doc.Model!, back.Model!);

        var s = back.Solution!;
        Assert.Equal(["x", "y"], s.CoordinateNames);
        Assert.Equal(2, s.FieldCount);
        Assert.Equal(12, s.PointCount);
        Assert.Equal([4, 3], s.GridShape!);
        AssertBitwiseEqual(doc.Solution!.Coordinates, s.Coordinates, "coordinates");
        AssertBitwiseEqual(doc.Solution.Prediction, s.Prediction, "prediction");
        AssertBitwiseEqual(doc.Solution.Reference, s.Reference, "reference");
        AssertBitwiseEqual(doc.Solution.Error, s.Error, "error");

        Assert.Equal(doc.Formula!.Text, back.Formula!.Text);
        Assert.Equal(doc.Formula.Latex, back.Formula.Latex);
        Assert.Equal(doc.Formula.Rmse, back.Formula.Rmse);

        Assert.Equal(doc.Notes, back.Notes);
        Assert.Equal(["stop_reason", "stop_hint"], back.Notes.Keys);
    }

    [Fact]
    public void ReadNetwork_ReturnsTheNetworkBitForBit()
    {
        string path = WriteSample();
        AssertSameNetwork(SampleNetwork(), ResultFile.ReadNetwork(path));
    }

    [Fact]
    public void FormulaEdges_RoundTripBitForBit()
    {
        string path = PathOf("symbolic.h5");
        var doc = FullDocument();
        doc.Model = SymbolicNetwork();
        ResultFile.Write(path, doc);
        var back = ResultFile.ReadNetwork(path);
        Assert.Equal(2, back.Layers[0].Symbolic.ActiveCount);
        Assert.Equal(0, back.Layers[0].Mask[back.Layers[0].Edge(1, 2)]);
        AssertSameNetwork(SymbolicNetwork(), back);

        using var file = H5File.OpenRead(path);
        Assert.Equal(["exp", "sin"], file.Dataset("model/layer_0/symbolic_functions").Read<string[]>());
        Assert.Equal([0, 0, 1, 2], file.Dataset("model/layer_0/symbolic_edges").Read<int[]>());
        Assert.Equal([2UL, 4], file.Dataset("model/layer_0/symbolic_affine").Space.Dimensions);
    }

    [Fact]
    public void MultiplicationNodes_RoundTripBitForBit()
    {
        string path = PathOf("mult.h5");
        var doc = FullDocument();
        var net = KanNetwork.Create(NodeWidth.ParseList("2,[1,2],1"), new KanOptions { Seed = 3, MultiplicationArity = 3 });
        doc.Model = net;
        ResultFile.Write(path, doc);
        var back = ResultFile.ReadNetwork(path);
        Assert.Equal(net.NodeWidths, back.NodeWidths);
        Assert.Equal(3, back.Layers[0].MultiplicationArity);
        AssertSameNetwork(net, back);
        double[] x = [0.3, -0.2, 0.9, 0.5];
        Assert.Equal(net.Forward(x), back.Forward(x));

        using var file = H5File.OpenRead(path);
        Assert.Equal([2, 3, 1], file.Group("model").Attribute("widths").Read<int[]>());
        Assert.Equal(7, file.Group("model/layer_0").Attribute("output_count").Read<int>());
        Assert.Equal(2, file.Group("model/layer_0").Attribute("mult_count").Read<int>());
    }

    [Fact]
    public void FormulaEdgeOutsideTheDefaultLibrary_IsRejectedBeforeWriting()
    {
        var doc = FullDocument();
        var custom = new SymbolicFunction("cube_root", 3, Math.Cbrt, x => 1 / (3 * Math.Cbrt(x * x)), _ => true, "all real x", "cbrt({0})");
        doc.Model!.FixSymbolic(1, 2, 0, custom, new SymbolicAffine(1, 0, 1, 0));
        var ex = Assert.Throws<ArgumentException>(() => ResultFile.Write(PathOf("custom.h5"), doc));
        Assert.Contains("'cube_root'", ex.Message);
        Assert.False(File.Exists(PathOf("custom.h5")));
    }

    [Fact]
    public void RoundTrip_MinimalDocument_LeavesOptionalPartsOut()
    {
        string path = PathOf("minimal.h5");
        var doc = new ResultDocument
        {
            Problem = "fit",
            Solution = new SolutionData { CoordinateNames = ["t"], Coordinates = [0, 0.5, 1], Prediction = [1, 2, 3] },
            Formula = new FormulaData { Text = "x", Latex = "" },
        };
        ResultFile.Write(path, doc);
        var back = ResultFile.Read(path);
        Assert.Null(back.Model);
        Assert.Empty(back.Metrics);
        Assert.Empty(back.Training);
        Assert.Equal("{}", back.ConfigJson);
        Assert.Equal(1, back.Solution!.FieldCount);
        Assert.Null(back.Solution.Reference);
        Assert.Null(back.Solution.Error);
        Assert.Null(back.Solution.GridShape);
        Assert.Equal([1.0, 2, 3], back.Solution.Prediction);
        Assert.Equal("", back.Formula!.Latex);
        Assert.Null(back.Formula.Rmse);
        var ex = Assert.Throws<ResultFileException>(() => ResultFile.ReadNetwork(path));
        Assert.Contains("no model", ex.Message);
    }

    // ------------------------------------------------------------------ real HDF5

    /// <summary>
    /// The file is HDF5 after a 512-byte header whose SHA-256 is right, PureHDF sees the schema's shapes and types,
    /// and, when KAN_H5DUMP_SAMPLE is set (by .ci/run), the sample is left there for h5dump to read.
    /// </summary>
    [Fact]
    public void File_IsHdf5WithTheSchemaLayout()
    {
        string path = WriteSample();
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(Hdf5Signature, bytes[512..520]);
        string header = Encoding.ASCII.GetString(bytes, 0, 512).TrimEnd('\0');
        Assert.StartsWith("Kan.Physics result file\n", header);
        Assert.Contains($"hdf5-length: {bytes.Length - 512}\n", header);
        Assert.Contains($"hdf5-sha256: {Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(512)))}\n", header);

        using (var file = H5File.OpenRead(path))
        {
            Assert.Equal("poisson2d", file.Attribute("problem").Read<string>());
            Assert.Equal("completed", file.Attribute("status").Read<string>());
            Assert.Equal(H5DataTypeClass.FixedPoint, file.Attribute("seed").Type.Class);
            Assert.Equal(8, file.Attribute("seed").Type.Size);
            Assert.Equal(double.Parse("12.375", System.Globalization.CultureInfo.InvariantCulture), file.Attribute("wall_seconds").Read<double>());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", file.Attribute("created_utc").Read<string>());
            Assert.Equal(0.1 + 0.2, file.Group("metrics").Attribute("mse").Read<double>());
            Assert.Equal([4UL], file.Dataset("training/loss").Space.Dimensions);
            Assert.Equal(["step", "loss", "a_pde", "seconds"], file.Group("training").Attribute("columns").Read<string[]>());
            Assert.Equal([2, 5, 1], file.Group("model").Attribute("widths").Read<int[]>());
            Assert.Equal([2UL, 5, 8], file.Dataset("model/layer_0/coefficients").Space.Dimensions);
            Assert.Equal([2UL, 6], file.Dataset("model/layer_0/grid_points").Space.Dimensions);
            Assert.Equal([5UL, 1], file.Dataset("model/layer_1/mask").Space.Dimensions);
            Assert.Equal([12UL, 2], file.Dataset("solution/coordinates").Space.Dimensions);
            Assert.Equal([12UL, 2], file.Dataset("solution/prediction").Space.Dimensions);
            Assert.Equal("x,y", file.Group("solution").Attribute("coordinate_names").Read<string>());
            Assert.Equal([4L, 3], file.Group("solution").Attribute("grid_shape").Read<long[]>());
            Assert.Equal(@"\sin(\pi x)\,y", file.Group("formula").Attribute("latex").Read<string>());
        }

        string? sample = Environment.GetEnvironmentVariable("KAN_H5DUMP_SAMPLE");
        if (!string.IsNullOrEmpty(sample))
        {
            var doc = FullDocument();
            doc.Model = SymbolicNetwork(); // so h5dump also meets the string and integer datasets of formula edges
            ResultFile.Write(sample, doc);
            Assert.Equal("poisson2d", ResultFile.Read(sample).Problem);
            AssertSameNetwork(SymbolicNetwork(), ResultFile.ReadNetwork(sample));
        }
    }

    // ------------------------------------------------------------------ atomic writes

    [Fact]
    public void Write_ReplacesAnExistingFileAndLeavesNoTemporaries()
    {
        string path = WriteSample();
        var doc = FullDocument();
        doc.Problem = "heat";
        ResultFile.Write(path, doc);
        Assert.Equal("heat", ResultFile.Read(path).Problem);
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void InvalidDocument_LeavesTheExistingFileUntouched()
    {
        string path = WriteSample();
        byte[] before = File.ReadAllBytes(path);
        var doc = FullDocument();
        doc.Training["rel_l2"] = [1, 2, 3];
        var ex = Assert.Throws<ArgumentException>(() => ResultFile.Write(path, doc));
        Assert.Contains("'rel_l2' has 3 values", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void FailureMidWrite_LeavesTheExistingFileUntouched()
    {
        string path = WriteSample();
        byte[] before = File.ReadAllBytes(path);
        var ex = Assert.Throws<IOException>(() => ResultFile.WriteCore(path, FullDocument(), s => new FailingStream(s, failAfter: 3000)));
        Assert.Contains(path, ex.Message);
        Assert.Contains("disk full (simulated)", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void WriteIntoAMissingFolder_SaysWhich()
    {
        string folder = PathOf("no-such-folder");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => ResultFile.Write(Path.Combine(folder, "run.h5"), FullDocument()));
        Assert.Contains(folder, ex.Message);
        Assert.False(Directory.Exists(folder));
    }

    // ------------------------------------------------------------------ validation

    public static TheoryData<string, Action<ResultDocument>, string> InvalidDocuments => new()
    {
        { "empty metric name", d => d.Metrics[""] = 1, "Metrics key ''" },
        { "slash in metric", d => d.Metrics["a/b"] = 1, "Metrics key 'a/b'" },
        { "dot column", d => d.Training["."] = [1, 2, 3, 4], "Training key '.'" },
        { "slash in column", d => d.Training["loss/pde"] = [1, 2, 3, 4], "Training key 'loss/pde'" },
        { "null column", d => d.Training["x"] = null!, "'x' is null" },
        { "empty problem", d => d.Problem = " ", "Problem is ' '" },
        { "bad json", d => d.ConfigJson = "{widths:", "ConfigJson is not valid JSON" },
        { "negative wall time", d => d.WallSeconds = -1, "WallSeconds is " },
        { "NaN wall time", d => d.WallSeconds = double.NaN, "WallSeconds is " },
        { "non-finite parameter", d => d.Model!.Layers[1].Coefficients[4] = double.NaN, "layer 1 coefficients value 4 is " },
        { "grid shape", d => d.Solution = With(d.Solution!, gridShape: [5, 3]), "GridShape [5,3] holds 15 points, but there are 12" },
        { "prediction length", d => d.Solution = With(d.Solution!, fields: 3), "Prediction has 24 values; 12 points x 3 fields need 36" },
        { "comma in a coordinate name", d => d.Solution = With(d.Solution!, names: ["x,y", "t"]), "CoordinateNames[0] is 'x,y'" },
        { "reference length", d => d.Solution = With(d.Solution!, reference: [1.0]), "Reference has 1 values" },
    };

    private static SolutionData With(SolutionData s, int[]? gridShape = null, int? fields = null, string[]? names = null, double[]? reference = null) => new()
    {
        CoordinateNames = names ?? s.CoordinateNames,
        Coordinates = s.Coordinates,
        Prediction = s.Prediction,
        FieldCount = fields ?? s.FieldCount,
        Reference = reference ?? s.Reference,
        GridShape = gridShape ?? s.GridShape,
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void InvalidDocument_IsRejectedBeforeWriting(string what, Action<ResultDocument> spoil, string expected)
    {
        var doc = FullDocument();
        spoil(doc);
        string path = PathOf("invalid.h5");
        var ex = Assert.Throws<ArgumentException>(() => ResultFile.Write(path, doc));
        Assert.True(ex.Message.Contains(expected, StringComparison.Ordinal), $"{what}: {ex.Message}");
        Assert.False(File.Exists(path), what);
        Assert.Empty(Leftovers());
    }

    // ------------------------------------------------------------------ damaged and foreign files

    [Theory]
    [InlineData(0, "empty")]
    [InlineData(100, "truncated")]
    [InlineData(515, "truncated")]
    [InlineData(2000, "truncated")]
    [InlineData(-1, "truncated")] // one byte short
    public void TruncatedFile_Fails(int length, string expected)
    {
        string path = WriteSample();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(length < 0 ? bytes.Length + length : length)]);
        ReadFails(path, expected);
        Assert.Throws<ResultFileException>(() => ResultFile.ReadNetwork(path));
    }

    [Fact]
    public void ExtraBytesAtTheEnd_Fail()
    {
        string path = WriteSample();
        File.AppendAllText(path, "junk");
        ReadFails(path, "4 unexpected bytes");
    }

    /// <summary>Flips one byte in the superblock, metadata, raw data and the recorded hash: all are caught before parsing.</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.7)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void FlippedByte_Fails(double where)
    {
        string path = WriteSample();
        byte[] bytes = File.ReadAllBytes(path);
        int at = 512 + (int)(where * (bytes.Length - 513));
        bytes[at] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        ReadFails(path, "checksum mismatch");
        var ex = Assert.Throws<ResultFileException>(() => ResultFile.ReadNetwork(path));
        Assert.Contains("checksum mismatch", ex.Message);
    }

    [Fact]
    public void FlippedDoubleInRawData_Fails()
    {
        // Find the stored bytes of a known parameter and change one bit of its mantissa: plain HDF5 would not notice.
        string path = WriteSample();
        byte[] bytes = File.ReadAllBytes(path);
        byte[] needle = BitConverter.GetBytes(SampleNetwork().Layers[1].Coefficients[3]);
        int at = bytes.AsSpan().IndexOf(needle);
        Assert.True(at > 512);
        bytes[at] ^= 1;
        File.WriteAllBytes(path, bytes);
        ReadFails(path, "checksum mismatch");
    }

    [Fact]
    public void DamagedHeader_Fails()
    {
        string path = WriteSample();
        byte[] bytes = File.ReadAllBytes(path);
        int at = Encoding.ASCII.GetString(bytes, 0, 512).IndexOf("hdf5-length: ", StringComparison.Ordinal) + "hdf5-length: ".Length;
        bytes[at] = (byte)'x';
        File.WriteAllBytes(path, bytes);
        ReadFails(path, "damaged header: hdf5-length");
    }

    [Fact]
    public void TextFileRenamedH5_Fails()
    {
        string path = PathOf("notes.h5");
        File.WriteAllText(path, "step,loss\n0,1.0\n1,0.5\n");
        ReadFails(path, "not an HDF5 file");
    }

    [Fact]
    public void MissingFile_ThrowsFileNotFound()
    {
        string path = PathOf("absent.h5");
        var ex = Assert.Throws<FileNotFoundException>(() => ResultFile.Read(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void ForeignHdf5WithoutOurAttributes_Fails()
    {
        string path = PathOf("foreign.h5");
        new H5File { ["data"] = new double[] { 1, 2, 3 }, Attributes = new() { ["title"] = "something else" } }.Write(path);
        Assert.Equal(Hdf5Signature, File.ReadAllBytes(path)[..8]);
        ReadFails(path, "no 'problem' attribute");
        Assert.Throws<ResultFileException>(() => ResultFile.ReadNetwork(path));

        new H5File { Attributes = new() { ["problem"] = "heat" } }.Write(path);
        ReadFails(path, "no 'status' attribute");
    }

    [Fact]
    public void ForeignHdf5FollowingTheSchema_IsRead()
    {
        // As h5py would write it: int64 counts, no header, no 'columns' list (columns come in link order).
        string path = PathOf("from-python.h5");
        var tree = ResultFile.Build(FullDocument());
        ((H5Group)tree["training"]).Attributes.Remove("columns");
        var layer = (H5Group)((H5Group)tree["model"])["layer_0"];
        layer.Attributes["grid_size"] = 5L;
        tree.Write(path);
        var back = ResultFile.Read(path);
        Assert.Equal(["step", "loss", "a_pde", "seconds"], back.Training.Keys);
        AssertSameNetwork(SampleNetwork(), back.Model!);
    }

    /// <summary>Files with our header whose content breaks the schema (written through the internal tree writer).</summary>
    public static TheoryData<string, Action<H5File>, string> SchemaViolations => new()
    {
        { "no status", t => t.Attributes.Remove("status"), "no 'status' attribute" },
        { "seed is a string", t => t.Attributes["seed"] = "42", "attribute 'seed' of / is" },
        { "bad time", t => t.Attributes["created_utc"] = "yesterday", "not an ISO-8601 time" },
        { "unequal columns", t => ((H5Group)t["training"])["loss"] = new double[] { 1, 2 }, "/training/loss has 2 values but /training/step has 4" },
        { "listed column missing", t => ((H5Group)t["training"]).Remove("a_pde"), "missing dataset /training/a_pde" },
        { "2-D column", t => ((H5Group)t["training"])["loss"] = new double[,] { { 1, 2 }, { 3, 4 } }, "/training/loss has shape (2, 2); expected a 1-D array" },
        { "missing layer", t => ((H5Group)t["model"]).Remove("layer_1"), "missing group /model/layer_1" },
        { "wrong coefficient shape", t => Layer(t, 0)["coefficients"] = new H5Dataset(new double[80], fileDims: [2, 5, 8, 1]), "/model/layer_0/coefficients has shape (2, 5, 8, 1); expected a 3-D array (2, 5, 8)" },
        { "wrong grid shape", t => Layer(t, 1)["grid_points"] = new H5Dataset(new double[25], fileDims: [5, 5]), "/model/layer_1/grid_points has shape (5, 5); expected (5, 6)" },
        { "float32 mask", t => Layer(t, 1)["mask"] = new H5Dataset(new float[5], fileDims: [5, 1]), "/model/layer_1/mask holds FloatingPoint values of 4 bytes" },
        { "inconsistent counts", t => Layer(t, 1).Attributes["input_count"] = 4, "/model/layer_1 has 4 inputs and 1 outputs, but the model's widths give 5 and 1" },
        { "decreasing grid", t => Layer(t, 0)["grid_points"] = new H5Dataset(new double[] { 0, 1, 2, 3, 4, 5, 0, 1, 2, 2, 4, 5 }, fileDims: [2, 6]), "/model/layer_0/grid_points[1, 3] is 2" },
        { "non-finite mask", t => Layer(t, 1)["mask"] = new H5Dataset(new[] { 1, 1, double.PositiveInfinity, 1, 1 }, fileDims: [5, 1]), "/model/layer_1/mask value 2 (row-major) is " },
        { "grid shape attribute", t => ((H5Group)t["solution"]).Attributes["grid_shape"] = new long[] { 6, 3 }, "[6, 3], which does not hold the 12 points" },
        { "coordinate names", t => ((H5Group)t["solution"]).Attributes["coordinate_names"] = "x,y,t", "/solution/coordinates has shape (12, 2); expected (any, 3)" },
        { "reference shape", t => ((H5Group)t["solution"])["reference"] = new double[24], "/solution/reference has shape (24); expected a 2-D array (12, 2)" },
    };

    public static TheoryData<string, Action<H5File>, string> SymbolicViolations => new()
    {
        { "unknown function", t => Layer(t, 0)["symbolic_functions"] = new[] { "exp", "sinc" }, "symbolic_functions[1] is 'sinc', which is not in the default symbolic library" },
        { "edge out of range", t => Layer(t, 0)["symbolic_edges"] = new H5Dataset(new[] { 0, 0, 2, 2 }, fileDims: [2, 2]), "symbolic_edges[1] is edge (2,2), outside the layer's 2x5 edges" },
        { "edges out of order", t => Layer(t, 0)["symbolic_edges"] = new H5Dataset(new[] { 1, 2, 0, 0 }, fileDims: [2, 2]), "symbolic_edges[1] is edge (0,0); edges must be listed once each" },
        { "missing functions", t => Layer(t, 0).Remove("symbolic_functions"), "missing dataset /model/layer_0/symbolic_functions" },
        { "short affine", t => Layer(t, 0)["symbolic_affine"] = new H5Dataset(new double[4], fileDims: [1, 4]), "/model/layer_0/symbolic_affine has shape (1, 4); expected (2, 4)" },
        { "NaN constant", t => Layer(t, 1)["symbolic_affine"] = new H5Dataset(new[] { 1, double.NaN, 1, 0 }, fileDims: [1, 4]), "/model/layer_1/symbolic_affine value 1 (row-major) is " },
    };

    [Theory]
    [MemberData(nameof(SymbolicViolations))]
    public void FormulaEdgesBreakingTheSchema_Fail(string what, Action<H5File> spoil, string expected)
    {
        string path = PathOf($"symbolic-{what.Replace(' ', '-')}.h5");
        var doc = FullDocument();
        doc.Model = SymbolicNetwork();
        var tree = ResultFile.Build(doc);
        spoil(tree);
        ResultFile.WriteTree(path, tree);
        ReadFails(path, expected);
    }

    private static H5Group Layer(H5File tree, int l) => (H5Group)((H5Group)tree["model"])[$"layer_{l}"];

    [Theory]
    [MemberData(nameof(SchemaViolations))]
    public void FileBreakingTheSchema_Fails(string what, Action<H5File> spoil, string expected)
    {
        string path = PathOf($"schema-{what.Replace(' ', '-')}.h5");
        var tree = ResultFile.Build(FullDocument());
        spoil(tree);
        ResultFile.WriteTree(path, tree);
        ReadFails(path, expected);
    }

    [Fact]
    public void UnknownItems_AreIgnored()
    {
        // What a later writer may add: another dataset per layer, a new root attribute, a new group, a text "metric".
        string path = PathOf("newer.h5");
        var tree = ResultFile.Build(FullDocument());
        Layer(tree, 0)["pruning_scores"] = new H5Dataset(new double[10], fileDims: [2, 5]);
        Layer(tree, 0).Attributes["symbolic_count"] = 2;
        ((H5Group)tree["model"]).Attributes["note"] = "pruned";
        tree.Attributes["host"] = "ci-runner";
        tree["plots"] = new H5Group { ["x"] = new double[] { 1 } };
        ((H5Group)tree["metrics"]).Attributes["units"] = "SI";
        ((H5Group)tree["training"])["unlisted"] = new double[] { 1 };
        ResultFile.WriteTree(path, tree);
        var back = ResultFile.Read(path);
        AssertSameNetwork(SampleNetwork(), back.Model!);
        Assert.DoesNotContain("units", back.Metrics.Keys);
        Assert.Equal(4, back.Metrics.Count);
        Assert.Equal(4, back.Training.Count);
    }

    /// <summary>Passes everything through to the file, then fails a write once <paramref name="failAfter"/> bytes went through.</summary>
    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long _written;

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > failAfter) throw new IOException("disk full (simulated)");
            _written += buffer.Length;
            inner.Write(buffer);
        }
    }
}
