using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Kan.Physics.Networks;
using PureHDF;

namespace Kan.Physics.Runs.Results;

/// <summary>
/// Writes and reads the one HDF5 result file per job (<see cref="ResultDocument"/>), readable by h5py, h5dump and
/// any HDF5 tool, so that results can be plotted and compared outside .NET.
/// </summary>
/// <remarks>
/// File layout (all floats float64, all strings variable-length UTF-8; n = number of points, D = coordinates,
/// M = solution fields):
/// <list type="table">
/// <listheader><term>HDF5 path</term><description>contents</description></listheader>
/// <item><term>/ (attributes)</term><description><c>problem</c> (string), <c>seed</c> (int64), <c>kan_physics_version</c>
/// (string), <c>created_utc</c> (ISO-8601 string), <c>wall_seconds</c> (float64), <c>config</c> (the job's configuration
/// as a JSON string), <c>status</c> ("completed").</description></item>
/// <item><term>/metrics</term><description>one scalar float64 attribute per headline figure (free-form names; NaN kept).</description></item>
/// <item><term>/notes (optional)</term><description>one string attribute per note (free-form names), e.g.
/// <c>stop_reason</c> and <c>stop_hint</c>; left out when there are none.</description></item>
/// <item><term>/training</term><description>one 1-D dataset per history column (free-form names), all of equal length;
/// attribute <c>columns</c> (string array) lists them in order.</description></item>
/// <item><term>/model (optional)</term><description>the trained network; see <see cref="ModelGroup"/>: attribute
/// <c>widths</c>, subgroups <c>layer_&lt;l&gt;</c> with attributes <c>input_count</c>, <c>output_count</c>,
/// <c>grid_size</c>, <c>order</c> and datasets <c>grid_points</c> (inputs x (G+1)), <c>coefficients</c>
/// (inputs x outputs x (G+k)), <c>scale_base</c>, <c>scale_spline</c>, <c>mask</c> (inputs x outputs), and for layers
/// with formula edges <c>symbolic_edges</c> (n x 2 int32), <c>symbolic_functions</c> (n strings), <c>symbolic_affine</c>
/// (n x 4: a, b, c, d).</description></item>
/// <item><term>/solution (optional)</term><description><c>coordinates</c> (n x D), <c>prediction</c> (n, or n x M),
/// optional <c>reference</c> and <c>error</c> (same shape); attributes <c>coordinate_names</c> ("x,y") and optional
/// <c>field_names</c> ("u,v,p") and <c>grid_shape</c> (int64 array, e.g. [51, 51]).</description></item>
/// <item><term>/formula (optional)</term><description>attributes <c>text</c>, <c>latex</c> (strings) and optional
/// <c>rmse</c> (float64).</description></item>
/// </list>
/// The HDF5 data starts at byte 512, after a user block with a short text header that records the SHA-256 of the
/// rest (see <see cref="ResultFileHeader"/>), so truncated or corrupted files are rejected before they are parsed.
/// <para>Readers look up only the names they know and ignore other groups, datasets and attributes, so newer
/// writers can add items without breaking older readers. HDF5 files written by other tools (without the header)
/// are read too, and must then satisfy the same schema checks.</para>
/// </remarks>
public static class ResultFile
{
    /// <summary>Version of the layout this build writes, recorded in the file header; the only one it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The status writers record for a finished job.</summary>
    public const string CompletedStatus = "completed";

    internal static readonly string LibraryVersion =
        typeof(KanNetwork).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(KanNetwork).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private const string CreatedFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    // ------------------------------------------------------------------ writing

    /// <summary>
    /// Writes <paramref name="document"/> to <paramref name="path"/>. Everything is validated first; the file is then
    /// written to a uniquely named <c>.h5.tmp</c> file in the same folder, flushed to disk and renamed over
    /// <paramref name="path"/>, so an existing file is replaced whole or not at all.
    /// </summary>
    /// <exception cref="ArgumentNullException">A null path or document.</exception>
    /// <exception cref="ArgumentException">An empty path, or a document that breaks the schema (the message names the
    /// field, key and value).</exception>
    /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
    /// <exception cref="IOException">The file cannot be written (the message names the target).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file is not writable.</exception>
    public static void Write(string path, ResultDocument document) => WriteCore(path, document, wrap: null);

    /// <summary><see cref="Write"/> with a hook that may wrap the temporary file's stream, so tests can make a write fail midway.</summary>
    internal static void WriteCore(string path, ResultDocument document, Func<Stream, Stream>? wrap)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(document);
        WriteTree(path, Build(document), wrap); // Build validates before anything touches the disk
    }

    /// <summary>Writes an HDF5 tree with the result file header, atomically (tests use it to write files that break the schema).</summary>
    internal static void WriteTree(string path, H5File file, Func<Stream, Stream>? wrap = null)
    {
        string target = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(target);
        if (folder != null && !Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot write the result file '{target}': the folder '{folder}' does not exist.");
        if (Directory.Exists(target))
            throw new IOException($"Cannot write the result file '{target}': a folder of that name exists.");

        string temp = $"{target}.{Guid.NewGuid():N}.h5.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                Stream output = wrap?.Invoke(stream) ?? stream;
                file.Write(output, new H5WriteOptions(UserBlockSize: ResultFileHeader.Size));
                output.Flush();
                ResultFileHeader.Stamp(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception ex)
        {
            try { File.Delete(temp); }
            catch (IOException) { } // best effort: the original error matters more
            catch (UnauthorizedAccessException) { }
            // PureHDF calls its encoders through reflection, so a failed disk write arrives wrapped.
            Exception cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            if (cause is UnauthorizedAccessException)
                throw new UnauthorizedAccessException($"Cannot write the result file '{target}': {cause.Message}", cause);
            if (cause is IOException)
                throw new IOException($"Cannot write the result file '{target}': {cause.Message}", cause);
            throw;
        }
    }

    /// <summary>The in-memory HDF5 tree of <paramref name="document"/>; throws <see cref="ArgumentException"/> for anything the schema forbids.</summary>
    internal static H5File Build(ResultDocument document)
    {
        const string param = "document";
        RequireText(document.Problem, "Problem");
        RequireText(document.Status, "Status");
        if (document.KanPhysicsVersion is null) throw new ArgumentException("KanPhysicsVersion is null.", param);
        if (!double.IsFinite(document.WallSeconds) || document.WallSeconds < 0)
            throw new ArgumentException($"WallSeconds is {document.WallSeconds}; it must be finite and not negative.", param);
        if (document.ConfigJson is null) throw new ArgumentException("ConfigJson is null.", param);
        try { using var _ = JsonDocument.Parse(document.ConfigJson); }
        catch (JsonException ex) { throw new ArgumentException($"ConfigJson is not valid JSON: {ex.Message}", param, ex); }

        var file = new H5File
        {
            Attributes = new()
            {
                ["problem"] = document.Problem,
                ["seed"] = document.Seed,
                ["kan_physics_version"] = document.KanPhysicsVersion,
                ["created_utc"] = document.CreatedUtc.UtcDateTime.ToString(CreatedFormat, CultureInfo.InvariantCulture),
                ["wall_seconds"] = document.WallSeconds,
                ["config"] = document.ConfigJson,
                ["status"] = document.Status,
            },
        };

        if (document.Metrics is null) throw new ArgumentException("Metrics is null.", param);
        var metrics = new H5Group();
        foreach (var (name, value) in document.Metrics)
        {
            CheckName(name, "Metrics");
            metrics.Attributes[name] = value;
        }
        file["metrics"] = metrics;

        if (document.Notes is null) throw new ArgumentException("Notes is null.", param);
        if (document.Notes.Count > 0)
        {
            var notes = new H5Group();
            foreach (var (name, text) in document.Notes)
            {
                CheckName(name, "Notes");
                notes.Attributes[name] = text ?? throw new ArgumentException($"Note '{name}' is null.", param);
            }
            file["notes"] = notes;
        }

        file["training"] = BuildTraining(document.Training);

        if (document.Model != null)
        {
            file[ModelGroup.Name] = ModelGroup.Build(ModelGroup.Snapshot(document.Model, param));
        }
        if (document.Solution != null) file["solution"] = BuildSolution(document.Solution);
        if (document.Formula != null) file["formula"] = BuildFormula(document.Formula);
        return file;

        static void RequireText(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{field} is '{value}'; it must not be empty.", param);
        }
    }

    private static H5Group BuildTraining(IDictionary<string, double[]>? training)
    {
        if (training is null) throw new ArgumentException("Training is null.", "document");
        var group = new H5Group();
        var names = new List<string>();
        int length = -1;
        string? first = null;
        foreach (var (name, column) in training)
        {
            CheckName(name, "Training");
            if (column is null) throw new ArgumentException($"Training column '{name}' is null.", "document");
            if (length >= 0 && column.Length != length)
                throw new ArgumentException($"Training column '{name}' has {column.Length} values but '{first}' has {length}; all columns must have equal length.", "document");
            if (length < 0) { length = column.Length; first = name; }
            group[name] = column;
            names.Add(name);
        }
        if (names.Count > 0) group.Attributes["columns"] = names.ToArray();
        return group;
    }

    private static H5Group BuildSolution(SolutionData solution)
    {
        solution.Validate("document");
        ulong n = (ulong)solution.PointCount;
        ulong[] fieldShape = solution.FieldCount == 1 ? [n] : [n, (ulong)solution.FieldCount];
        var group = new H5Group
        {
            Attributes = new() { ["coordinate_names"] = string.Join(",", solution.CoordinateNames) },
            ["coordinates"] = new H5Dataset(solution.Coordinates, fileDims: [n, (ulong)solution.Dimension]),
            ["prediction"] = new H5Dataset(solution.Prediction, fileDims: fieldShape),
        };
        if (solution.Reference != null) group["reference"] = new H5Dataset(solution.Reference, fileDims: fieldShape);
        if (solution.Error != null) group["error"] = new H5Dataset(solution.Error, fileDims: fieldShape);
        if (solution.FieldNames != null) group.Attributes["field_names"] = string.Join(",", solution.FieldNames);
        if (solution.GridShape != null) group.Attributes["grid_shape"] = solution.GridShape.Select(s => (long)s).ToArray();
        return group;
    }

    private static H5Group BuildFormula(FormulaData formula)
    {
        if (formula.Text is null) throw new ArgumentException("Formula.Text is null.", "document");
        if (formula.Latex is null) throw new ArgumentException("Formula.Latex is null.", "document");
        var group = new H5Group { Attributes = new() { ["text"] = formula.Text, ["latex"] = formula.Latex } };
        if (formula.Rmse is double rmse) group.Attributes["rmse"] = rmse;
        return group;
    }

    /// <summary>Metric and column names become HDF5 link or attribute names: not empty, no '/', not "." (HDF5 path syntax), no NUL.</summary>
    private static void CheckName(string? name, string collection)
    {
        if (string.IsNullOrEmpty(name) || name == "." || name.Contains('/') || name.Contains('\0'))
            throw new ArgumentException($"{collection} key '{name}' is not a valid HDF5 name (it must be non-empty, not \".\", without '/' or NUL).", "document");
    }

    // ------------------------------------------------------------------ reading

    /// <summary>Reads a whole result file.</summary>
    /// <exception cref="ArgumentNullException">A null path.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ResultFileException">The file is not HDF5, is truncated or corrupted, or breaks the schema; the message names the file and the problem.</exception>
    public static ResultDocument Read(string path) => Open(path, ReadDocument);

    /// <summary>Reads only the trained network of a result file (group <c>model</c>), bit for bit as it was written.</summary>
    /// <exception cref="ArgumentNullException">A null path.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ResultFileException">As for <see cref="Read"/>, or the file holds no model.</exception>
    public static KanNetwork ReadNetwork(string path) => Open(path, (r, root) =>
    {
        RequireOurs(r, root);
        var model = r.OptionalGroup(root, "/", ModelGroup.Name) ?? throw r.Error("the result file holds no model (group /model is missing)");
        return ModelGroup.Read(r, model, "/" + ModelGroup.Name);
    });

    private static T Open<T>(string path, Func<HdfReader, IH5Group, T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No result file at '{path}'.", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        ResultFileHeader.Verify(stream, path);
        stream.Position = 0;
        var r = new HdfReader(path);
        using var file = r.Guard("the HDF5 superblock", () => H5File.Open(stream, leaveOpen: true));
        return read(r, file);
    }

    /// <summary>The two attributes every result file has; without them it is some other HDF5 file.</summary>
    private static void RequireOurs(HdfReader r, IH5Group root)
    {
        foreach (string name in (ReadOnlySpan<string>)["problem", "status"])
            if (r.OptionalAttribute(root, "/", name) is null)
                throw r.Error($"not a Kan.Physics result file: the root group has no '{name}' attribute");
    }

    private static ResultDocument ReadDocument(HdfReader r, IH5Group root)
    {
        RequireOurs(r, root);
        string created = r.String(root, "/", "created_utc");
        if (!DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdUtc))
            throw r.Error($"{HdfReader.AttributePath("/", "created_utc")} is '{created}', not an ISO-8601 time");

        var document = new ResultDocument
        {
            Problem = r.String(root, "/", "problem"),
            Status = r.String(root, "/", "status"),
            Seed = r.Integer(root, "/", "seed"),
            KanPhysicsVersion = r.String(root, "/", "kan_physics_version"),
            CreatedUtc = createdUtc.ToUniversalTime(),
            WallSeconds = r.Double(root, "/", "wall_seconds"),
            ConfigJson = r.String(root, "/", "config"),
        };

        if (r.OptionalGroup(root, "/", "metrics") is { } metrics)
            foreach (var attribute in r.Attributes(metrics, "/metrics"))
                // Only numbers are metrics; anything else is a later addition this build does not know.
                if (r.ReadNumber(attribute, HdfReader.AttributePath("/metrics", attribute.Name)) is double value)
                    document.Metrics[attribute.Name] = value;

        if (r.OptionalGroup(root, "/", "notes") is { } notes)
            foreach (var attribute in r.Attributes(notes, "/notes"))
                document.Notes[attribute.Name] = r.String(notes, "/notes", attribute.Name);
        if (r.OptionalGroup(root, "/", "training") is { } training) ReadTraining(r, training, document.Training);
        if (r.OptionalGroup(root, "/", ModelGroup.Name) is { } model) document.Model = ModelGroup.Read(r, model, "/" + ModelGroup.Name);
        if (r.OptionalGroup(root, "/", "solution") is { } solution) document.Solution = ReadSolution(r, solution);
        if (r.OptionalGroup(root, "/", "formula") is { } formula)
            document.Formula = new FormulaData
            {
                Text = r.String(formula, "/formula", "text"),
                Latex = r.String(formula, "/formula", "latex"),
                Rmse = r.OptionalDouble(formula, "/formula", "rmse"),
            };
        return document;
    }

    private static void ReadTraining(HdfReader r, IH5Group group, IDictionary<string, double[]> columns)
    {
        const string path = "/training";
        List<string> names;
        if (r.OptionalAttribute(group, path, "columns") is { } listed)
        {
            string where = HdfReader.AttributePath(path, "columns");
            var type = r.Guard(where, () => listed.Type.Class);
            if (type is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength)) throw r.Error($"{where} is not a list of strings");
            names = [.. r.Guard(where, () => listed.Read<string[]>())];
        }
        else names = r.DatasetNames(group, path); // written by another tool: every dataset is a column

        string? first = null;
        long length = -1;
        foreach (string name in names)
        {
            string where = HdfReader.Join(path, name);
            var dataset = r.OptionalDataset(group, path, name) ?? throw r.Error($"missing dataset {where} (listed in the 'columns' attribute)");
            var (values, _) = r.Doubles(dataset, where, 1);
            if (length >= 0 && values.Length != length)
                throw r.Error($"{where} has {values.Length} values but {HdfReader.Join(path, first!)} has {length}; training columns must have equal length");
            if (length < 0) { length = values.Length; first = name; }
            if (!columns.TryAdd(name, values)) throw r.Error($"training column '{name}' is listed twice");
        }
    }

    private static SolutionData ReadSolution(HdfReader r, IH5Group group)
    {
        const string path = "/solution";
        string names = r.String(group, path, "coordinate_names");
        string[] coordinateNames = names.Split(',', StringSplitOptions.TrimEntries);
        var coordinates = r.OptionalDataset(group, path, "coordinates") ?? throw r.Error("missing dataset /solution/coordinates");
        var (coords, coordShape) = r.Doubles(coordinates, "/solution/coordinates", 2, -1, coordinateNames.Length);
        long n = coordShape[0];
        var predictionSet = r.OptionalDataset(group, path, "prediction") ?? throw r.Error("missing dataset /solution/prediction");
        var predictionRank = r.Guard("/solution/prediction", () => predictionSet.Space.Rank);
        if (predictionRank is not (1 or 2)) throw r.Error($"/solution/prediction has rank {predictionRank}; expected 1 (n) or 2 (n x fields)");
        var (prediction, fieldShape) = r.Doubles(predictionSet, "/solution/prediction", predictionRank, n, -1);
        long[] shape = fieldShape;

        double[]? Optional(string name)
            => r.OptionalDataset(group, path, name) is { } ds ? r.Doubles(ds, HdfReader.Join(path, name), shape.Length, shape).Values : null;

        int[]? gridShape = null;
        if (r.OptionalAttribute(group, path, "grid_shape") is not null)
        {
            long[] g = r.IntegerArray(group, path, "grid_shape");
            long product = 1;
            foreach (long s in g) product = s < 1 ? -1 : Math.Min(product * s, long.MaxValue / 2);
            if (g.Length == 0 || product != n)
                throw r.Error($"{HdfReader.AttributePath(path, "grid_shape")} is [{string.Join(", ", g)}], which does not hold the {n} points");
            gridShape = g.Select(s => (int)s).ToArray();
        }
        int fieldCount = shape.Length == 1 ? 1 : (int)shape[1];
        string[]? fieldNames = null;
        if (r.OptionalAttribute(group, path, "field_names") is not null)
        {
            fieldNames = r.String(group, path, "field_names").Split(',', StringSplitOptions.TrimEntries);
            if (fieldNames.Length != fieldCount)
                throw r.Error($"{HdfReader.AttributePath(path, "field_names")} names {fieldNames.Length} fields, but /solution/prediction has {fieldCount}");
        }
        return new SolutionData
        {
            CoordinateNames = coordinateNames,
            Coordinates = coords,
            Prediction = prediction,
            FieldCount = fieldCount,
            FieldNames = fieldNames,
            Reference = Optional("reference"),
            Error = Optional("error"),
            GridShape = gridShape,
        };
    }
}
