using System.Buffers.Binary;
using Kan.Physics.Networks;
using Kan.Physics.Runs.Results;
using Kan.Physics.Serialization;
using PureHDF;

namespace Kan.Physics.Tests.Serialization;

/// <summary>
/// Both network formats against files written by the code before they shared <see cref="NetworkSnapshot"/> (commit
/// faf857f, see <see cref="FormatFixtures"/>): those files must still load to the same networks, and today's code must
/// write the same networks to the same bytes (.kan) and the same datasets and bytes (result files).
/// </summary>
public sealed class NetworkFormatRecordTests : IDisposable
{
    /// <summary>The <c>kan_physics_version</c> in the recorded .kan headers: the build that wrote them.</summary>
    private const string RecordedVersion = "0.1.0+faf857f2b41071b046c55fb5a243c7788ad39032";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-format-record-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Fixture(string name) => RepositoryFile.PathOf("Kan.Physics.Tests", "Serialization", "Fixtures", name);

    public static TheoryData<string, bool> KanFiles => new() { { "plain-v1.kan", false }, { "symbolic-v2.kan", true } };

    public static TheoryData<string, bool> ResultFiles => new() { { "plain-model.h5", false }, { "symbolic-model.h5", true } };

    private static KanNetwork Network(bool symbolic) => symbolic ? FormatFixtures.SymbolicNetwork() : FormatFixtures.PlainNetwork();

    [Theory]
    [MemberData(nameof(KanFiles))]
    public void KanFileWrittenBefore_LoadsToTheSameNetwork(string file, bool symbolic)
    {
        var saved = KanNetworkSerializer.LoadWithMetadata(Fixture(file));
        AssertSameNetwork(Network(symbolic), saved.Network);
        Assert.Equal(FormatFixtures.Metadata.OrderBy(p => p.Key), saved.Metadata.OrderBy(p => p.Key));
        Assert.Equal(RecordedVersion, saved.KanPhysicsVersion);
    }

    [Theory]
    [MemberData(nameof(KanFiles))]
    public void KanFile_IsWrittenByteForByteAsBefore(string file, bool symbolic)
    {
        byte[] recorded = File.ReadAllBytes(Fixture(file));
        // The header names the writing build; with the recorded build's name every other byte must come out the same.
        var snapshot = NetworkSnapshot.FromNetwork(Network(symbolic), FormatFixtures.Metadata) with { KanPhysicsVersion = RecordedVersion };
        using var ms = new MemoryStream();
        KanNetworkSerializer.Write(snapshot, ms);
        byte[] written = ms.ToArray();
        Assert.Equal(recorded.Length, written.Length);
        int first = Enumerable.Range(0, recorded.Length).FirstOrDefault(i => recorded[i] != written[i], -1);
        Assert.True(first < 0, $"{file}: byte {first} differs (recorded {(first < 0 ? 0 : recorded[first])}, written {(first < 0 ? 0 : written[first])})");
        Assert.Equal(symbolic ? 2 : 1, BinaryPrimitives.ReadInt32LittleEndian(written.AsSpan(6)));
        // the trailer is the standard CRC-32 of everything before it, as the old hand-written table computed it
        Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(recorded.AsSpan(recorded.Length - 10)), KanNetworkSerializer.Checksum(recorded.AsSpan(0, recorded.Length - 10)));
    }

    [Theory]
    [MemberData(nameof(ResultFiles))]
    public void ResultFileWrittenBefore_LoadsToTheSameNetwork(string file, bool symbolic)
    {
        AssertSameNetwork(Network(symbolic), ResultFile.ReadNetwork(Fixture(file)));
        AssertSameNetwork(Network(symbolic), ResultFile.Read(Fixture(file)).Model!);
    }

    [Theory]
    [MemberData(nameof(ResultFiles))]
    public void ResultFile_IsWrittenWithTheSameDatasetsAndBytesAsBefore(string file, bool symbolic)
    {
        string path = Path.Combine(_dir.FullName, file);
        ResultFile.Write(path, FormatFixtures.Document(Network(symbolic)));
        using (var recorded = H5File.OpenRead(Fixture(file)))
        using (var written = H5File.OpenRead(path))
        {
            Assert.Equal(recorded.Group("model").Attribute("widths").Read<int[]>(), written.Group("model").Attribute("widths").Read<int[]>());
            for (int l = 0; l < 2; l++)
            {
                string layer = $"model/layer_{l}";
                foreach (string attribute in new[] { "input_count", "output_count", "grid_size", "order" })
                    Assert.Equal(recorded.Group(layer).Attribute(attribute).Read<int>(), written.Group(layer).Attribute(attribute).Read<int>());
                var names = recorded.Group(layer).Children().Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
                Assert.Equal(names, written.Group(layer).Children().Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
                foreach (string name in names)
                {
                    var a = recorded.Dataset($"{layer}/{name}");
                    var b = written.Dataset($"{layer}/{name}");
                    Assert.Equal(a.Space.Dimensions, b.Space.Dimensions);
                    Assert.Equal(a.Type.Class, b.Type.Class);
                    Assert.Equal(a.Type.Size, b.Type.Size);
                    if (name == "symbolic_functions") Assert.Equal(a.Read<string[]>(), b.Read<string[]>());
                    else if (name == "symbolic_edges") Assert.Equal(a.Read<int[]>(), b.Read<int[]>());
                    else Assert.Equal(a.Read<double[]>().Select(BitConverter.DoubleToInt64Bits), b.Read<double[]>().Select(BitConverter.DoubleToInt64Bits));
                }
            }
            Assert.Equal(symbolic, recorded.Group("model/layer_0").Children().Any(c => c.Name == "symbolic_edges"));
        }
        Assert.Equal(File.ReadAllBytes(Fixture(file)), File.ReadAllBytes(path));
    }

    /// <summary>Same snapshot (every array bit for bit, formula edges included) and the same outputs.</summary>
    private static void AssertSameNetwork(KanNetwork expected, KanNetwork actual)
    {
        var a = NetworkSnapshot.FromNetwork(expected);
        var b = NetworkSnapshot.FromNetwork(actual);
        Assert.Equal(a.Widths, b.Widths);
        for (int l = 0; l < a.Layers.Count; l++)
        {
            var x = a.Layers[l];
            var y = b.Layers[l];
            Assert.Equal((x.InputCount, x.OutputCount, x.GridSize, x.Order), (y.InputCount, y.OutputCount, y.GridSize, y.Order));
            foreach (var (p, q, what) in new[] { (x.GridPoints, y.GridPoints, "grid points"), (x.Coefficients, y.Coefficients, "coefficients"),
                         (x.ScaleBase, y.ScaleBase, "scale_base"), (x.ScaleSpline, y.ScaleSpline, "scale_spline"), (x.Mask, y.Mask, "mask") })
                Assert.True(p.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(q.Select(BitConverter.DoubleToInt64Bits)), $"layer {l} {what} differ");
            Assert.Equal(x.SymbolicEdges, y.SymbolicEdges);
            for (int i = 0; i < x.InputCount; i++)
                Assert.Equal(expected.Layers[l].Basis(i).Knots.ToArray(), actual.Layers[l].Basis(i).Knots.ToArray());
        }
        var rng = new Random(5);
        double[] inputs = Enumerable.Range(0, 32 * expected.InputDimension).Select(_ => 3 * rng.NextDouble() - 1.5).ToArray();
        Assert.Equal(expected.Forward(inputs), actual.Forward(inputs));
    }
}
