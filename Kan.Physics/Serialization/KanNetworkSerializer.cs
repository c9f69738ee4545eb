using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Splines;

namespace Kan.Physics.Serialization;

/// <summary>
/// Saves a <see cref="KanNetwork"/> to, and loads it from, a versioned, checksummed binary file, so trained networks
/// (parameters, masks and per-input grids) can be kept, shared and reloaded bit for bit.
/// </summary>
/// <remarks>
/// Layout (all integers and doubles little-endian, as <see cref="BinaryWriter"/> writes them):
/// <list type="number">
/// <item>the 6 ASCII bytes <c>KANNET</c>, then the format version as int32 (<see cref="FormatVersion"/>);</item>
/// <item>an int32 byte length and a UTF-8 JSON header: <c>kan_physics_version</c>, <c>widths</c>,
/// <c>layers</c> (<c>grid_size</c> G and <c>order</c> k of each layer) and <c>metadata</c> (string to string);
/// it makes a file self-describing to tools that do not want to parse the binary part;</item>
/// <item>per layer: int32 inputs, outputs, G, k; the G+1 grid points of each input
/// (<see cref="BSplineBasis.GridPoints"/>; the extension knots are rebuilt deterministically from them, so grids and
/// outputs round-trip exactly); then the coefficients, scale_base, scale_spline and mask arrays of
/// <see cref="KanLayer"/> as float64, in their storage order;</item>
/// <item>a trailer: the CRC-32 (IEEE 802.3, as zip, gzip and PNG use it; <see cref="System.IO.Hashing.Crc32"/>) of every
/// byte before it, as uint32, then the 6 ASCII bytes <c>KANEND</c>.</item>
/// </list>
/// The content is a <see cref="NetworkSnapshot"/>: saving maps the network's snapshot onto these bytes, loading reads
/// the bytes into a snapshot and lets <see cref="NetworkSnapshot.ToNetwork(ISnapshotLocator)"/> validate it and build the
/// network, as the <c>model</c> group of a result file does.
/// Loading reads and validates the whole file, checksum included, before it builds anything, so it either returns a
/// complete network or throws <see cref="InvalidDataException"/> saying what is wrong and at which byte; it never
/// returns a half-loaded network. Structural problems (truncation, inconsistent sizes) are reported as they are met;
/// value problems (non-finite numbers, grids that do not increase, formula edges outside their layer or the library) only after the checksum matched, so plain corruption
/// is reported as a checksum mismatch rather than as a puzzling bad value.
/// <para>Saving to a path writes a temporary file next to the target, flushes it to disk and renames it over the
/// target, so an existing file is replaced whole or not at all.</para>
/// </remarks>
public static class KanNetworkSerializer
{
    /// <summary>
    /// The newest format version this build reads. Version 2 adds the formula edges (an optional <c>symbolic</c> list in
    /// each layer's header entry); a network without formula edges is still written as version 1, byte for byte as
    /// before, so older readers load it. A network with formula edges is written as version 2, which version-1 readers
    /// refuse instead of silently dropping its formulas. Version 3 adds multiplication nodes (<c>mult</c> and
    /// <c>mult_arity</c> in a layer's header entry; the layer record's output count is then its outputs, the sub-nodes,
    /// while <c>widths</c> count nodes); only a network with multiplication nodes is written as version 3.
    /// </summary>
    public const int FormatVersion = 3;

    /// <summary>Largest JSON header accepted, so a corrupt length cannot make a load allocate gigabytes.</summary>
    internal const int MaxHeaderBytes = 16 << 20;

    private static ReadOnlySpan<byte> Magic => "KANNET"u8;
    private static ReadOnlySpan<byte> EndMarker => "KANEND"u8;
    private const int ChunkBytes = 8192;

    /// <summary>The checksum of the trailer, CRC-32 (IEEE), of <paramref name="data"/> alone.</summary>
    internal static uint Checksum(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(data);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // ------------------------------------------------------------------ saving

    /// <summary>
    /// Writes <paramref name="network"/> (and optional free-form <paramref name="metadata"/>) to <paramref name="stream"/>,
    /// which is left open. Everything is validated before the first byte is written.
    /// </summary>
    /// <exception cref="ArgumentNullException">A null network or stream.</exception>
    /// <exception cref="ArgumentException">The stream is not writable, the metadata holds a null key or value, or a
    /// parameter is not finite (such a file could not be loaded back).</exception>
    public static void Save(KanNetwork network, Stream stream, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        Write(NetworkSnapshot.FromNetwork(network, metadata), stream);
    }

    /// <summary>Validates <paramref name="snapshot"/> and writes it to <paramref name="stream"/> (left open).</summary>
    internal static void Write(NetworkSnapshot snapshot, Stream stream)
    {
        byte[] header = BuildHeader(snapshot);
        snapshot.Validate(SaveLocator.Instance);
        WritePayload(snapshot, header, stream);
        stream.Flush();
    }

    /// <summary>
    /// Writes <paramref name="network"/> to the file <paramref name="path"/> atomically: the data goes to a uniquely named
    /// <c>.tmp</c> file in the same directory, is flushed to disk and then renamed over <paramref name="path"/>, so an
    /// existing file is never left half-overwritten; on failure the temporary file is deleted.
    /// </summary>
    /// <exception cref="ArgumentNullException">A null network or path.</exception>
    /// <exception cref="ArgumentException">An empty path, bad metadata or a non-finite parameter.</exception>
    public static void Save(KanNetwork network, string path, IReadOnlyDictionary<string, string>? metadata = null)
        => SaveToFile(network, path, metadata, wrap: null);

    /// <summary>
    /// <see cref="Save(KanNetwork, string, IReadOnlyDictionary{string, string}?)"/> with a hook that may wrap the temporary
    /// file's stream, so tests can make a write fail midway and check that the old file survives.
    /// </summary>
    internal static void SaveToFile(KanNetwork network, string path, IReadOnlyDictionary<string, string>? metadata, Func<Stream, Stream>? wrap)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var snapshot = NetworkSnapshot.FromNetwork(network, metadata);
        byte[] header = BuildHeader(snapshot);
        snapshot.Validate(SaveLocator.Instance);

        string target = Path.GetFullPath(path);
        string temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Stream output = wrap?.Invoke(file) ?? file;
                WritePayload(snapshot, header, output);
                output.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); }
            catch (IOException) { } // best effort: the original error matters more
            catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private static byte[] BuildHeader(NetworkSnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kan_physics_version", snapshot.KanPhysicsVersion);
            json.WriteStartArray("widths");
            foreach (int w in snapshot.Widths) json.WriteNumberValue(w);
            json.WriteEndArray();
            json.WriteStartArray("layers");
            foreach (var layer in snapshot.Layers)
            {
                json.WriteStartObject();
                json.WriteNumber("grid_size", layer.GridSize);
                json.WriteNumber("order", layer.Order);
                if (layer.MultiplicationCount > 0)
                {
                    json.WriteNumber("mult", layer.MultiplicationCount);
                    json.WriteNumber("mult_arity", layer.MultiplicationArity);
                }
                if (layer.SymbolicEdges.Count > 0)
                {
                    json.WriteStartArray("symbolic");
                    foreach (var edge in layer.SymbolicEdges)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("input", edge.Input);
                        json.WriteNumber("output", edge.Output);
                        json.WriteString("function", edge.Function);
                        // doubles are written in their shortest round-trip form, so the constants reload bit for bit
                        var k = edge.Affine;
                        json.WriteNumber("a", k.A); json.WriteNumber("b", k.B); json.WriteNumber("c", k.C); json.WriteNumber("d", k.D);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("metadata");
            foreach (var (key, value) in snapshot.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        if (buffer.Length > MaxHeaderBytes)
            throw new ArgumentException($"The header with its metadata takes {buffer.Length} bytes; at most {MaxHeaderBytes} are allowed.", "metadata");
        return buffer.ToArray();
    }

    /// <summary>Names a network's values for <see cref="NetworkSnapshot.Validate"/> before saving; problems are <see cref="ArgumentException"/>s.</summary>
    private sealed class SaveLocator : ISnapshotLocator
    {
        public static readonly SaveLocator Instance = new();

        public string Describe(SnapshotItem item) => item.Describe();

        public Exception Error(SnapshotItem item, string message)
            => new ArgumentException($"The network cannot be saved: {message}; a saved network must load back.", "network");
    }

    private static void WritePayload(NetworkSnapshot snapshot, byte[] header, Stream stream)
    {
        using var checksummed = new ChecksumWriteStream(stream);
        using var writer = new BinaryWriter(checksummed, Encoding.UTF8, leaveOpen: true);
        byte[] chunk = new byte[ChunkBytes];
        writer.Write(Magic);
        writer.Write(snapshot.HasMultiplicationNodes ? 3 : snapshot.HasSymbolicEdges ? 2 : 1);
        writer.Write(header.Length);
        writer.Write(header);
        foreach (var layer in snapshot.Layers)
        {
            writer.Write(layer.InputCount);
            writer.Write(layer.OutputCount);
            writer.Write(layer.GridSize);
            writer.Write(layer.Order);
            WriteDoubles(writer, layer.GridPoints, chunk);
            WriteDoubles(writer, layer.Coefficients, chunk);
            WriteDoubles(writer, layer.ScaleBase, chunk);
            WriteDoubles(writer, layer.ScaleSpline, chunk);
            WriteDoubles(writer, layer.Mask, chunk);
        }
        writer.Flush();
        uint crc = checksummed.Checksum; // everything before the trailer
        writer.Write(crc);
        writer.Write(EndMarker);
        writer.Flush();
    }

    /// <summary>Encodes doubles in chunks so the underlying stream sees a few large writes, not one per value.</summary>
    private static void WriteDoubles(BinaryWriter writer, ReadOnlySpan<double> values, byte[] chunk)
    {
        int perChunk = chunk.Length / sizeof(double);
        for (int start = 0; start < values.Length; start += perChunk)
        {
            int n = Math.Min(perChunk, values.Length - start);
            for (int i = 0; i < n; i++)
                BinaryPrimitives.WriteDoubleLittleEndian(chunk.AsSpan(i * sizeof(double), sizeof(double)), values[start + i]);
            writer.Write(chunk.AsSpan(0, n * sizeof(double)));
        }
    }

    // ------------------------------------------------------------------ loading

    /// <summary>Loads a network from the file <paramref name="path"/>; the file must hold exactly one saved network.</summary>
    /// <exception cref="ArgumentNullException">A null path.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid saved network; the message names the file, the problem and the byte.</exception>
    public static KanNetwork Load(string path) => LoadWithMetadata(path).Network;

    /// <summary>Loads a network from <paramref name="stream"/>, reading exactly through its end marker (the stream is left open, positioned after it).</summary>
    /// <exception cref="ArgumentNullException">A null stream.</exception>
    /// <exception cref="InvalidDataException">The data is not a valid saved network.</exception>
    public static KanNetwork Load(Stream stream) => LoadWithMetadata(stream).Network;

    /// <summary>Like <see cref="Load(string)"/>, also returning the metadata the network was saved with.</summary>
    public static SavedNetwork LoadWithMetadata(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No saved network file at '{path}'.", path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(file, path, "file", wholeStream: true);
    }

    /// <summary>Like <see cref="Load(Stream)"/>, also returning the metadata the network was saved with.</summary>
    public static SavedNetwork LoadWithMetadata(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        return Read(stream, "stream", "stream", wholeStream: false);
    }

    private sealed record LayerHeader(int GridSize, int Order, SymbolicEdgeSnapshot[] Symbolic, int Mult, int MultArity);

    private sealed record Header(int[] Widths, LayerHeader[] Layers, string Version, Dictionary<string, string> Metadata, string Where);

    /// <summary>Where a layer's arrays start in the data, so a bad value is reported with its byte.</summary>
    private sealed record LayerOffsets(long Record, long GridPoints, long Coefficients, long ScaleBase, long ScaleSpline, long Mask);

    private static SavedNetwork Read(Stream stream, string source, string noun, bool wholeStream)
    {
        var r = new FormatReader(stream, source, noun);
        var (snapshot, locator) = ReadSnapshot(r, stream, noun, wholeStream);
        var network = snapshot.ToNetwork(locator);
        return new SavedNetwork(network, snapshot.Metadata) { KanPhysicsVersion = snapshot.KanPhysicsVersion };
    }

    /// <summary>
    /// Reads the bytes into a snapshot, checking what reading needs (magic, version, header, record sizes against the
    /// header) and then the checksum and end marker; the values are left to <see cref="NetworkSnapshot.Validate"/>, so
    /// plain corruption is reported as a checksum mismatch rather than as a puzzling bad value.
    /// </summary>
    private static (NetworkSnapshot Snapshot, ISnapshotLocator Locator) ReadSnapshot(FormatReader r, Stream stream, string noun, bool wholeStream)
    {
        Span<byte> magic = stackalloc byte[Magic.Length];
        r.ReadExactly(magic, "the 6-byte magic \"KANNET\"");
        if (!magic.SequenceEqual(Magic))
            throw r.Error($"bad magic at byte 0: expected \"KANNET\", found {Printable(magic)}; this is not a saved Kan.Physics network");
        long versionAt = r.Position;
        int version = r.ReadInt32("the format version (int32)");
        if (version is < 1 or > FormatVersion)
            throw r.Error($"unsupported format version {version} (this build reads 1 to {FormatVersion}) at byte {versionAt}");

        long lengthAt = r.Position;
        int headerLength = r.ReadInt32("the header length (int32)");
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
            throw r.Error($"header length {headerLength} at byte {lengthAt} is out of range [2, {MaxHeaderBytes}]");
        long headerAt = r.Position;
        byte[] headerBytes = r.ReadBytes(headerLength, $"{headerLength} header bytes");
        Header header = ParseHeader(headerBytes, headerAt, r, version);

        var layers = new LayerSnapshot[header.Layers.Length];
        var offsets = new LayerOffsets[layers.Length];
        for (int l = 0; l < layers.Length; l++)
            (layers[l], offsets[l]) = ReadLayer(r, header, layers, l);

        uint computed = r.Checksum;
        long crcAt = r.Position;
        uint stored = r.ReadUInt32("the CRC-32 checksum (uint32)");
        Span<byte> end = stackalloc byte[EndMarker.Length];
        r.ReadExactly(end, "the 6-byte end marker \"KANEND\"");
        if (stored != computed)
            throw r.Error($"checksum mismatch: the CRC-32 stored at byte {crcAt} is 0x{stored:X8} but bytes 0..{crcAt - 1} give 0x{computed:X8}; the {noun} is corrupted");
        if (!end.SequenceEqual(EndMarker))
            throw r.Error($"bad end marker at byte {crcAt + 4}: expected \"KANEND\", found {Printable(end)}");
        if (wholeStream && stream.CanSeek && stream.Length > stream.Position)
            throw r.Error($"{stream.Length - stream.Position} unexpected bytes after the end marker, from byte {r.Position}");

        var snapshot = new NetworkSnapshot
        {
            Widths = header.Widths,
            Layers = layers,
            Metadata = new ReadOnlyDictionary<string, string>(header.Metadata),
            KanPhysicsVersion = header.Version,
        };
        return (snapshot, new ByteLocator(r, header, offsets));
    }

    /// <summary>Names a loaded value by layer, input and index, and its byte; header items by their JSON path.</summary>
    private sealed class ByteLocator(FormatReader r, Header header, LayerOffsets[] offsets) : ISnapshotLocator
    {
        public string Describe(SnapshotItem item)
        {
            int l = item.Layer, t = item.Index;
            string symbolic = $"{header.Where}: \"layers\"[{l}]: \"symbolic\"[{(item.Part == SnapshotPart.SymbolicAffine ? t / 4 : t)}]";
            return item.Part switch
            {
                SnapshotPart.Widths => $"{header.Where}: \"widths\"",
                SnapshotPart.Layer => $"layer {l} (record at byte {offsets[l].Record})",
                SnapshotPart.GridPoints => $"grid point {t % (header.Layers[l].GridSize + 1)} of input {t / (header.Layers[l].GridSize + 1)} of layer {l}",
                SnapshotPart.SymbolicEdge => symbolic,
                SnapshotPart.SymbolicFunction => $"{symbolic}: \"function\"",
                SnapshotPart.SymbolicAffine => $"{symbolic}: \"{"abcd"[t % 4]}\"",
                _ => item.Describe(),
            };
        }

        public Exception Error(SnapshotItem item, string message)
        {
            long? start = item.Part switch
            {
                SnapshotPart.GridPoints => offsets[item.Layer].GridPoints,
                SnapshotPart.Coefficients => offsets[item.Layer].Coefficients,
                SnapshotPart.ScaleBase => offsets[item.Layer].ScaleBase,
                SnapshotPart.ScaleSpline => offsets[item.Layer].ScaleSpline,
                SnapshotPart.Mask => offsets[item.Layer].Mask,
                _ => null,
            };
            return r.Error(start is long at ? $"{message} at byte {at + (long)item.Index * sizeof(double)}" : message);
        }
    }

    private static Header ParseHeader(byte[] bytes, long at, FormatReader r, int formatVersion)
    {
        string where = $"header (bytes {at}..{at + bytes.Length - 1})";
        string text;
        try { text = StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException ex) { throw r.Error($"{where} is not valid UTF-8", ex); }
        JsonDocument document;
        try { document = JsonDocument.Parse(text); }
        catch (JsonException ex) { throw r.Error($"{where} is not valid JSON: {ex.Message}", ex); }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw r.Error($"{where} is not a JSON object");

            var version = Property(root, "kan_physics_version", JsonValueKind.String, where, r).GetString() ?? "";

            var widthsJson = Property(root, "widths", JsonValueKind.Array, where, r);
            var widths = new int[widthsJson.GetArrayLength()];
            if (widths.Length < 2) throw r.Error($"{where}: \"widths\" has {widths.Length} entries; at least 2 are needed");
            int idx = 0;
            foreach (var w in widthsJson.EnumerateArray())
            {
                if (w.ValueKind != JsonValueKind.Number || !w.TryGetInt32(out int width) || width < 1)
                    throw r.Error($"{where}: \"widths\"[{idx}] is {w.GetRawText()}, not an integer >= 1");
                widths[idx++] = width;
            }

            var layersJson = Property(root, "layers", JsonValueKind.Array, where, r);
            if (layersJson.GetArrayLength() != widths.Length - 1)
                throw r.Error($"{where}: \"layers\" has {layersJson.GetArrayLength()} entries but \"widths\" implies {widths.Length - 1}");
            var layers = new LayerHeader[widths.Length - 1];
            idx = 0;
            foreach (var layer in layersJson.EnumerateArray())
            {
                string lw = $"{where}: \"layers\"[{idx}]";
                if (layer.ValueKind != JsonValueKind.Object) throw r.Error($"{lw} is not an object");
                int mult = layer.TryGetProperty("mult", out _) ? PositiveInt(layer, "mult", lw, r) : 0;
                int arity = layer.TryGetProperty("mult_arity", out _) ? PositiveInt(layer, "mult_arity", lw, r) : 2;
                if (mult > 0 && formatVersion < 3)
                    throw r.Error($"{lw}: \"mult\" (multiplication nodes) needs format version 3, but the file says {formatVersion}");
                if (arity < 2) throw r.Error($"{lw}: \"mult_arity\" is {arity}; a multiplication node multiplies at least 2 outputs");
                layers[idx] = new LayerHeader(PositiveInt(layer, "grid_size", lw, r), PositiveInt(layer, "order", lw, r), ParseSymbolic(layer, lw, r),
                    mult, mult > 0 ? arity : 2);
                idx++;
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("metadata", out var meta))
            {
                if (meta.ValueKind != JsonValueKind.Object) throw r.Error($"{where}: \"metadata\" is not an object");
                foreach (var entry in meta.EnumerateObject())
                {
                    if (entry.Value.ValueKind != JsonValueKind.String)
                        throw r.Error($"{where}: metadata value of key '{entry.Name}' is not a string");
                    if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
                        throw r.Error($"{where}: metadata key '{entry.Name}' appears twice");
                }
            }
            return new Header(widths, layers, version, metadata, where);
        }
    }

    private static JsonElement Property(JsonElement obj, string name, JsonValueKind kind, string where, FormatReader r)
    {
        if (!obj.TryGetProperty(name, out var value)) throw r.Error($"{where} lacks \"{name}\"");
        if (value.ValueKind != kind) throw r.Error($"{where}: \"{name}\" is {value.ValueKind}, expected {kind}");
        return value;
    }

    /// <summary>The JSON of a layer's formula edges; whether they fit the layer and name known functions is checked with the values.</summary>
    private static SymbolicEdgeSnapshot[] ParseSymbolic(JsonElement layer, string where, FormatReader r)
    {
        if (!layer.TryGetProperty("symbolic", out var list)) return [];
        if (list.ValueKind != JsonValueKind.Array) throw r.Error($"{where}: \"symbolic\" is not an array");
        var edges = new List<SymbolicEdgeSnapshot>();
        int t = 0;
        foreach (var item in list.EnumerateArray())
        {
            string w = $"{where}: \"symbolic\"[{t++}]";
            if (item.ValueKind != JsonValueKind.Object) throw r.Error($"{w} is not an object");
            int i = Property(item, "input", JsonValueKind.Number, w, r).TryGetInt32(out int ii) ? ii : -1;
            int j = Property(item, "output", JsonValueKind.Number, w, r).TryGetInt32(out int jj) ? jj : -1;
            string name = Property(item, "function", JsonValueKind.String, w, r).GetString()!;
            double Number(string key)
            {
                var v = Property(item, key, JsonValueKind.Number, w, r);
                return v.TryGetDouble(out double x) ? x : throw r.Error($"{w}: \"{key}\" is {v.GetRawText()}, not a finite number");
            }
            edges.Add(new SymbolicEdgeSnapshot(i, j, name, new SymbolicAffine(Number("a"), Number("b"), Number("c"), Number("d"))));
        }
        return [.. edges];
    }

    private static int PositiveInt(JsonElement obj, string name, string where, FormatReader r)
    {
        var value = Property(obj, name, JsonValueKind.Number, where, r);
        if (!value.TryGetInt32(out int n) || n < 1) throw r.Error($"{where}: \"{name}\" is {value.GetRawText()}, not an integer >= 1");
        return n;
    }

    private static (LayerSnapshot Layer, LayerOffsets Offsets) ReadLayer(FormatReader r, Header header, LayerSnapshot[] previous, int l)
    {
        long at = r.Position;
        int inputs = r.ReadInt32($"the input count of layer {l} (int32)");
        int outputs = r.ReadInt32($"the output count of layer {l} (int32)");
        int g = r.ReadInt32($"the grid size G of layer {l} (int32)");
        int k = r.ReadInt32($"the order k of layer {l} (int32)");

        string record = $"layer {l} record at byte {at}";
        if (inputs < 1 || outputs < 1 || g < 1 || k < 1)
            throw r.Error($"{record}: inputs {inputs}, outputs {outputs}, G {g}, k {k}; all must be >= 1");
        var lh = header.Layers[l];
        long nodes = outputs - (long)(lh.MultArity - 1) * lh.Mult;
        if ((long)lh.Mult * lh.MultArity > outputs)
            throw r.Error($"{record}: {outputs} outputs cannot feed the header's {lh.Mult} multiplication node(s) of arity {lh.MultArity}");
        if (l > 0 && inputs != previous[l - 1].NodeCount)
            throw r.Error($"layer {l} has {inputs} inputs but layer {l - 1} has {previous[l - 1].NodeCount} {(previous[l - 1].MultiplicationCount > 0 ? "nodes" : "outputs")} ({record})");
        if (inputs != header.Widths[l] || nodes != header.Widths[l + 1])
            throw r.Error(lh.Mult == 0
                ? $"{record}: {inputs} inputs and {outputs} outputs, but the header's widths give {header.Widths[l]} and {header.Widths[l + 1]}"
                : $"{record}: {inputs} inputs and {nodes} nodes ({outputs} outputs, {lh.Mult} multiplication nodes), but the header's widths give {header.Widths[l]} and {header.Widths[l + 1]}");
        if (g != header.Layers[l].GridSize || k != header.Layers[l].Order)
            throw r.Error($"{record}: G={g}, k={k}, but the header says G={header.Layers[l].GridSize}, k={header.Layers[l].Order}");
        if (!NetworkSnapshot.FitsInMemory(inputs, outputs, g, k))
            throw r.Error($"{record}: {inputs}x{outputs} edges with G={g}, k={k} is too large to load");

        int edges = inputs * outputs;
        long gridAt = r.Position;
        var grid = new double[inputs * (g + 1)];
        for (int i = 0; i < inputs; i++)
            r.ReadDoubles(g + 1, $"{g + 1} grid points of input {i} of layer {l}").CopyTo(grid, i * (g + 1));
        long coefficientsAt = r.Position;
        var coefficients = r.ReadDoubles(edges * (g + k), $"{(long)edges * (g + k)} coefficient values of layer {l}");
        long scaleBaseAt = r.Position;
        var scaleBase = r.ReadDoubles(edges, $"{edges} scale_base values of layer {l}");
        long scaleSplineAt = r.Position;
        var scaleSpline = r.ReadDoubles(edges, $"{edges} scale_spline values of layer {l}");
        long maskAt = r.Position;
        var mask = r.ReadDoubles(edges, $"{edges} mask values of layer {l}");
        var layer = new LayerSnapshot(inputs, outputs, g, k, grid, coefficients, scaleBase, scaleSpline, mask, lh.Symbolic, lh.Mult, lh.MultArity);
        return (layer, new LayerOffsets(at, gridAt, coefficientsAt, scaleBaseAt, scaleSplineAt, maskAt));
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder("\"");
        foreach (byte b in bytes) sb.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Sequential little-endian reader that tracks the byte offset (for messages), keeps the running CRC of what it
    /// consumed, and turns a premature end of data into a "truncated" <see cref="InvalidDataException"/>.
    /// </summary>
    private sealed class FormatReader(Stream stream, string source, string noun)
    {
        private readonly Crc32 _crc = new();
        private readonly byte[] _chunk = new byte[ChunkBytes];

        /// <summary>Bytes consumed so far, i.e. the offset of the next byte from the start of the saved network.</summary>
        public long Position { get; private set; }

        /// <summary>CRC-32 of the bytes consumed so far.</summary>
        public uint Checksum => _crc.GetCurrentHashAsUInt32();

        public InvalidDataException Error(string message, Exception? inner = null) => new($"{source}: {message}", inner);

        private InvalidDataException Truncated(string what, long end) => Error($"truncated: expected {what}, {noun} ends at byte {end}");

        public void ReadExactly(Span<byte> destination, string what)
        {
            int got = 0;
            while (got < destination.Length)
            {
                int n = stream.Read(destination[got..]);
                if (n <= 0) throw Truncated(what, Position + got);
                got += n;
            }
            _crc.Append(destination);
            Position += destination.Length;
        }

        public int ReadInt32(string what)
        {
            Span<byte> b = stackalloc byte[4];
            ReadExactly(b, what);
            return BinaryPrimitives.ReadInt32LittleEndian(b);
        }

        public uint ReadUInt32(string what)
        {
            Span<byte> b = stackalloc byte[4];
            ReadExactly(b, what);
            return BinaryPrimitives.ReadUInt32LittleEndian(b);
        }

        /// <summary>On a seekable stream, fails before allocating when fewer than <paramref name="bytes"/> remain.</summary>
        private void EnsureAvailable(long bytes, string what)
        {
            if (!stream.CanSeek) return;
            long remaining = stream.Length - stream.Position;
            if (remaining < bytes) throw Truncated(what, Position + Math.Max(0, remaining));
        }

        /// <summary>
        /// Initial capacity for <paramref name="count"/> items: all of it when the stream's length vouches for it,
        /// otherwise a bounded start that grows as data actually arrives.
        /// </summary>
        private int InitialCapacity(int count) => stream.CanSeek ? count : Math.Min(count, 1 << 16);

        public byte[] ReadBytes(int count, string what)
        {
            EnsureAvailable(count, what);
            var result = new byte[InitialCapacity(count)];
            for (int done = 0; done < count;)
            {
                int n = Math.Min(count - done, ChunkBytes);
                if (done + n > result.Length) Array.Resize(ref result, (int)Math.Min(count, Math.Max(2L * result.Length, done + n)));
                ReadExactly(result.AsSpan(done, n), what);
                done += n;
            }
            return result;
        }

        public double[] ReadDoubles(int count, string what)
        {
            EnsureAvailable((long)count * sizeof(double), what);
            var result = new double[InitialCapacity(count)];
            int perChunk = ChunkBytes / sizeof(double);
            for (int done = 0; done < count;)
            {
                int n = Math.Min(count - done, perChunk);
                if (done + n > result.Length) Array.Resize(ref result, (int)Math.Min(count, Math.Max(2L * result.Length, done + n)));
                var bytes = _chunk.AsSpan(0, n * sizeof(double));
                ReadExactly(bytes, what);
                for (int i = 0; i < n; i++)
                    result[done + i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(i * sizeof(double), sizeof(double)));
                done += n;
            }
            return result;
        }
    }

    /// <summary>Write-only pass-through stream that keeps the CRC-32 of everything written through it.</summary>
    private sealed class ChecksumWriteStream(Stream inner) : Stream
    {
        private readonly Crc32 _crc = new();

        public uint Checksum => _crc.GetCurrentHashAsUInt32();

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
            _crc.Append(buffer);
            inner.Write(buffer);
        }

        public override void WriteByte(byte value) => Write([value]);
    }
}
