using System.Buffers.Binary;
using System.Text;
using Kan.Physics.Networks;
using Kan.Physics.Serialization;
using Kan.Physics.Splines;

namespace Kan.Physics.Tests.Serialization;

/// <summary>
/// Save/load of networks: exact round trips (parameters, masks, non-uniform grids, outputs), metadata, and that every
/// kind of damaged file fails loudly with a message naming the file and the problem instead of loading something wrong.
/// </summary>
public sealed class KanNetworkSerializerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-serializer-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    /// <summary>The brief's network: [3,4,2], G=6, k=3, with a masked edge and one non-uniform input grid.</summary>
    private static KanNetwork SampleNetwork()
    {
        var net = KanNetwork.Create([3, 4, 2], new KanOptions { GridSize = 6, Order = 3, Seed = 1 });
        net.Layers[0].Mask[5] = 0;
        net.Layers[1].Mask[2] = 0.25;
        double[] points = [-1.3, -0.9, -0.2, 0.05, 0.1, 0.7, 1.6];
        net.Layers[1].SetBasis(2, new BSplineBasis(points, 3));
        return net;
    }

    private static byte[] Bytes(KanNetwork net, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var ms = new MemoryStream();
        KanNetworkSerializer.Save(net, ms, metadata);
        return ms.ToArray();
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
        }
        var rng = new Random(7);
        double[] x = Enumerable.Range(0, 64 * expected.InputDimension).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
        AssertBitwiseEqual(expected.Forward(x), actual.Forward(x), "outputs");
    }

    private InvalidDataException LoadFails(byte[] bytes, string name)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => KanNetworkSerializer.Load(path));
        Assert.Contains(name, ex.Message);
        return ex;
    }

    /// <summary>Offset where layer <paramref name="layer"/>'s record starts in the sample network's bytes.</summary>
    private static int LayerOffset(byte[] bytes, KanNetwork net, int layer)
    {
        int offset = 14 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(10));
        for (int l = 0; l < layer; l++)
        {
            var x = net.Layers[l];
            offset += 16 + 8 * (x.InputCount * (x.GridSize + 1) + x.Coefficients.Length + 3 * x.EdgeCount);
        }
        return offset;
    }

    /// <summary>Rewrites the CRC so a deliberately inconsistent file gets past the checksum to the check under test.</summary>
    private static void FixChecksum(byte[] bytes)
    {
        int crcAt = bytes.Length - 10;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(crcAt), KanNetworkSerializer.Checksum(bytes.AsSpan(0, crcAt)));
    }

    [Fact]
    public void Crc32_MatchesTheStandardCheckValue()
        => Assert.Equal(0xCBF43926u, KanNetworkSerializer.Checksum("123456789"u8)); // System.IO.Hashing, as the trailer

    [Fact]
    public void RoundTrip_ThroughAFile_IsBitForBit()
    {
        var net = SampleNetwork();
        string path = PathOf("network.kan");
        KanNetworkSerializer.Save(net, path);
        var loaded = KanNetworkSerializer.Load(path);
        AssertSameNetwork(net, loaded);
        Assert.Equal(0, loaded.Layers[0].Mask[5]);
        AssertBitwiseEqual(net.Layers[1].Basis(2).GridPoints, loaded.Layers[1].Basis(2).GridPoints, "non-uniform grid");
        // saving the loaded network reproduces the file byte for byte
        Assert.Equal(File.ReadAllBytes(path), Bytes(loaded));
    }

    [Fact]
    public void RoundTrip_ThroughAStream_ReadsExactlyOneNetwork()
    {
        var first = SampleNetwork();
        var second = KanNetwork.Create([2, 1], new KanOptions { GridSize = 3, Order = 2, Seed = 5 });
        using var ms = new MemoryStream();
        KanNetworkSerializer.Save(first, ms);
        KanNetworkSerializer.Save(second, ms);
        ms.WriteByte(42);
        ms.Position = 0;
        AssertSameNetwork(first, KanNetworkSerializer.Load(ms));
        AssertSameNetwork(second, KanNetworkSerializer.Load(ms));
        Assert.Equal(42, ms.ReadByte());
    }

    [Fact]
    public void Metadata_RoundTrips()
    {
        var metadata = new Dictionary<string, string>
        {
            ["run"] = "pde-42",
            ["units"] = "m/s \u00b2 \u2013 \u6e2c\u5b9a",
            ["quote\"and\\slash"] = "line\nbreak",
            ["empty"] = "",
        };
        string path = PathOf("meta.kan");
        KanNetworkSerializer.Save(SampleNetwork(), path, metadata);
        var saved = KanNetworkSerializer.LoadWithMetadata(path);
        Assert.Equal(metadata.OrderBy(p => p.Key), saved.Metadata.OrderBy(p => p.Key));
        Assert.False(string.IsNullOrEmpty(saved.KanPhysicsVersion));
        AssertSameNetwork(SampleNetwork(), saved.Network);

        KanNetworkSerializer.Save(SampleNetwork(), path);
        Assert.Empty(KanNetworkSerializer.LoadWithMetadata(path).Metadata);
    }

    [Fact]
    public void Header_IsReadableJson()
    {
        byte[] bytes = Bytes(SampleNetwork(), new Dictionary<string, string> { ["a"] = "b" });
        Assert.Equal("KANNET"u8.ToArray(), bytes[..6]);
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(6)));
        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(10));
        string json = Encoding.UTF8.GetString(bytes, 14, length);
        Assert.Contains("\"widths\":[3,4,2]", json);
        Assert.Contains("\"grid_size\":6", json);
        Assert.Contains("\"kan_physics_version\"", json);
        Assert.Contains("\"metadata\":{\"a\":\"b\"}", json);
        Assert.Equal("KANEND"u8.ToArray(), bytes[^6..]);
    }

    [Fact]
    public void Truncated_FailsWithTruncatedAndTheFileName()
    {
        var net = SampleNetwork();
        byte[] bytes = Bytes(net);
        int layer1 = LayerOffset(bytes, net, 1);
        int coefficients1 = layer1 + 16 + 8 * 4 * 7;
        int[] cuts = [0, 3, 8, 12, 20, bytes.Length / 2, coefficients1 + 5, bytes.Length - 1];
        foreach (int cut in cuts)
        {
            var ex = LoadFails(bytes[..cut], $"cut{cut}.kan");
            Assert.Contains("truncated", ex.Message);
            Assert.Contains($"ends at byte {cut}", ex.Message);
        }
        var inCoefficients = LoadFails(bytes[..(coefficients1 + 5)], "coef.kan");
        Assert.Contains("expected 72 coefficient values of layer 1", inCoefficients.Message);
        Assert.Contains("end marker", LoadFails(bytes[..^1], "last.kan").Message);
    }

    [Fact]
    public void Truncated_NonSeekableStream_FailsToo()
    {
        byte[] bytes = Bytes(SampleNetwork());
        using var stream = new ForwardOnlyStream(bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<InvalidDataException>(() => KanNetworkSerializer.Load(stream));
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void FlippedByte_FailsWithChecksumMismatch()
    {
        byte[] bytes = Bytes(SampleNetwork());
        bytes[bytes.Length / 2] ^= 0x10;
        var ex = LoadFails(bytes, "flipped.kan");
        Assert.Contains("checksum mismatch", ex.Message);
    }

    [Fact]
    public void WrongMagic_Fails()
    {
        byte[] bytes = Bytes(SampleNetwork());
        bytes[0] = (byte)'X';
        Assert.Contains("bad magic", LoadFails(bytes, "magic.kan").Message);
        Assert.Contains("bad magic", LoadFails("hello, world"u8.ToArray(), "text.kan").Message);
    }

    [Fact]
    public void FutureVersion_Fails()
    {
        byte[] bytes = Bytes(SampleNetwork());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(6), 7);
        Assert.Contains("unsupported format version 7 (this build reads 1 to 3)", LoadFails(bytes, "future.kan").Message);
    }

    [Fact]
    public void InconsistentWidths_Fail()
    {
        var net = SampleNetwork();
        byte[] bytes = Bytes(net);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(LayerOffset(bytes, net, 1)), 3);
        FixChecksum(bytes);
        Assert.Contains("layer 1 has 3 inputs but layer 0 has 4 outputs", LoadFails(bytes, "widths.kan").Message);
    }

    [Fact]
    public void NonFiniteValue_Fails()
    {
        var net = SampleNetwork();
        byte[] bytes = Bytes(net);
        int maskOfLayer1 = bytes.Length - 10 - 8 * 8;
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(maskOfLayer1 + 8), double.NaN);
        FixChecksum(bytes);
        var ex = LoadFails(bytes, "nan.kan");
        Assert.Contains("mask value 1 of layer 1 is non-finite", ex.Message);
        Assert.Contains($"at byte {maskOfLayer1 + 8}", ex.Message);
    }

    [Fact]
    public void DecreasingGrid_Fails()
    {
        var net = SampleNetwork();
        byte[] bytes = Bytes(net);
        int grid = LayerOffset(bytes, net, 0) + 16;
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(grid + 8), -5.0);
        FixChecksum(bytes);
        var ex = LoadFails(bytes, "grid.kan");
        Assert.Contains("grid point 1 of input 0 of layer 0 is -5, not above the grid point before it", ex.Message);
        Assert.Contains($"at byte {grid + 8}", ex.Message);
    }

    /// <summary>The symbolic fixture's bytes with one same-length edit of the JSON header, checksum rewritten.</summary>
    private static byte[] WithHeaderEdit(string from, string to)
    {
        using var ms = new MemoryStream();
        KanNetworkSerializer.Save(FormatFixtures.SymbolicNetwork(), ms);
        byte[] bytes = ms.ToArray();
        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(10));
        string header = Encoding.UTF8.GetString(bytes, 14, length);
        Assert.Equal(from.Length, to.Length);
        int at = header.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' is not in the header {header}");
        Encoding.UTF8.GetBytes(header.Remove(at, from.Length).Insert(at, to)).CopyTo(bytes, 14);
        FixChecksum(bytes);
        return bytes;
    }

    [Fact]
    public void FormulaEdgeWithAnUnknownFunction_Fails()
    {
        var ex = LoadFails(WithHeaderEdit("\"function\":\"exp\"", "\"function\":\"xyz\""), "function.kan");
        Assert.Contains("\"layers\"[0]: \"symbolic\"[0]: \"function\" is 'xyz', which is not in the default symbolic library", ex.Message);
    }

    [Fact]
    public void FormulaEdgeOutsideItsLayer_Fails()
    {
        var ex = LoadFails(WithHeaderEdit("\"input\":0", "\"input\":7"), "edge.kan");
        Assert.Contains("\"layers\"[0]: \"symbolic\"[0] is edge (7,0), outside the layer's 3x4 edges", ex.Message);
    }

    [Fact]
    public void TrailingBytesInAFile_Fail()
    {
        byte[] bytes = [.. Bytes(SampleNetwork()), 0];
        Assert.Contains("unexpected bytes after the end marker", LoadFails(bytes, "trailing.kan").Message);
    }

    [Fact]
    public void MissingFile_ThrowsFileNotFound()
    {
        string path = PathOf("absent.kan");
        var ex = Assert.Throws<FileNotFoundException>(() => KanNetworkSerializer.Load(path));
        Assert.Equal(path, ex.FileName);
        Assert.Throws<FileNotFoundException>(() => KanNetworkSerializer.Load(Path.Combine(_dir.FullName, "no-dir", "x.kan")));
    }

    [Fact]
    public void NullArguments_Throw()
    {
        var net = SampleNetwork();
        Assert.Throws<ArgumentNullException>(() => KanNetworkSerializer.Save(null!, new MemoryStream()));
        Assert.Throws<ArgumentNullException>(() => KanNetworkSerializer.Save(net, (Stream)null!));
        Assert.Throws<ArgumentNullException>(() => KanNetworkSerializer.Save(null!, PathOf("x.kan")));
        Assert.Throws<ArgumentNullException>(() => KanNetworkSerializer.Save(net, (string)null!));
        Assert.Throws<ArgumentNullException>(() => KanNetworkSerializer.Load((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => KanNetworkSerializer.Load((string)null!));
        Assert.Throws<ArgumentNullException>(() => KanNetworkSerializer.LoadWithMetadata((string)null!));
    }

    [Fact]
    public void SuccessfulSave_ReplacesTheFileAndLeavesNoTemporaries()
    {
        string path = PathOf("net.kan");
        File.WriteAllText(path, "old contents");
        var net = SampleNetwork();
        KanNetworkSerializer.Save(net, path);
        KanNetworkSerializer.Save(net, path);
        AssertSameNetwork(net, KanNetworkSerializer.Load(path));
        Assert.Empty(_dir.GetFiles("*.tmp"));
        Assert.Single(_dir.GetFiles());
    }

    [Fact]
    public void FailedSave_LeavesTheOldFileIntact()
    {
        string path = PathOf("keep.kan");
        var original = SampleNetwork();
        KanNetworkSerializer.Save(original, path);
        byte[] before = File.ReadAllBytes(path);

        // an I/O failure midway through writing
        var other = KanNetwork.Create([3, 5, 2], new KanOptions { GridSize = 6, Order = 3, Seed = 2 });
        Assert.Throws<IOException>(() => KanNetworkSerializer.SaveToFile(other, path, null, s => new FailingStream(s, failAfter: 700)));
        // an invalid network (not finite), and invalid metadata
        var invalid = SampleNetwork();
        invalid.Layers[1].ScaleSpline[3] = double.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => KanNetworkSerializer.Save(invalid, path));
        Assert.Throws<ArgumentException>(() => KanNetworkSerializer.Save(other, path, new Dictionary<string, string> { ["k"] = null! }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(_dir.GetFiles("*.tmp"));
        AssertSameNetwork(original, KanNetworkSerializer.Load(path));
    }

    /// <summary>Passes writes through until <c>failAfter</c> bytes, then throws, like a full disk.</summary>
    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long _written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > failAfter) throw new IOException("Simulated write failure (disk full).");
            _written += buffer.Length;
            inner.Write(buffer);
        }
    }

    /// <summary>A readable stream without seeking, like a network or pipe stream.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, 5), data.Length - _position); // short reads on purpose
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }
}
