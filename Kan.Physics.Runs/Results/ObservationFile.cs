using System.Globalization;
using Kan.Physics.Solvers.Geometry;
using PureHDF;

namespace Kan.Physics.Runs.Results;

/// <summary>A bad observation file: the message names the file and, where it applies, the column and the row.</summary>
public sealed class ObservationFileException(string path, string? column, long? row, string problem, Exception? inner = null)
    : Exception(Describe(path, column, row, problem), inner)
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;
    /// <summary>The column (CSV) or dataset (HDF5) at fault, or null.</summary>
    public string? Column { get; } = column;
    /// <summary>The 1-based data row at fault (the header is not counted), or null.</summary>
    public long? Row { get; } = row;

    private static string Describe(string path, string? column, long? row, string problem)
    {
        var where = new List<string> { $"observation file '{path}'" };
        if (column != null) where.Add($"column '{column}'");
        if (row != null) where.Add($"row {row}");
        return $"{string.Join(", ", where)}: {problem}";
    }
}

/// <summary>Measurements read from a file: N x D points, N values and optional N weights.</summary>
public sealed record ObservationData(double[] Points, double[] Values, double[]? Weights)
{
    /// <summary>Number of measurements.</summary>
    public int Count => Values.Length;
}

/// <summary>
/// Reads measurements for an inverse problem from a CSV file (a header row naming the columns, then one measurement a
/// row; lines starting with # are comments) or an HDF5 file (.h5, .hdf5: one 1-D dataset per column, all of the same
/// length, at the paths given as column names). The columns are named by the caller: the coordinates in the PDE's order
/// (space then time), the observed value, optionally a weight. Every number must be finite, every weight &gt;= 0, and
/// with a domain every point must lie in it (up to the domain's tolerance); anything else is an
/// <see cref="ObservationFileException"/> naming the file, the column and the row.
/// </summary>
public static class ObservationFile
{
    /// <summary>Reads the file at <paramref name="path"/> (CSV or HDF5, by extension).</summary>
    /// <param name="path">The file.</param>
    /// <param name="coordinates">The coordinate columns, in the PDE's order.</param>
    /// <param name="value">The column of observed values.</param>
    /// <param name="weight">The column of per-point weights, or null.</param>
    /// <param name="domain">The domain every point must lie in, or null for no check.</param>
    public static ObservationData Read(string path, IReadOnlyList<string> coordinates, string value, string? weight = null, Domain? domain = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(coordinates);
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (coordinates.Count == 0) throw new ArgumentException("At least one coordinate column is needed.", nameof(coordinates));
        if (domain != null && domain.Dimension != coordinates.Count)
            throw new ArgumentException($"{coordinates.Count} coordinate columns for a {domain.Dimension}-D domain.", nameof(coordinates));
        if (!File.Exists(path)) throw new ObservationFileException(path, null, null, "the file does not exist");
        string[] names = [.. coordinates, value, .. weight is null ? Array.Empty<string>() : [weight]];
        string ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        double[][] columns = ext is ".h5" or ".hdf5" ? ReadHdf5(path, names) : ReadCsv(path, names);
        int n = columns[0].Length, d = coordinates.Count;
        if (n == 0) throw new ObservationFileException(path, null, null, "the file has no measurements");
        for (int c = 0; c < names.Length; c++)
            for (int i = 0; i < n; i++)
            {
                double v = columns[c][i];
                if (!double.IsFinite(v)) throw new ObservationFileException(path, names[c], i + 1, $"the value is {v.ToString(CultureInfo.InvariantCulture)}; every value must be a finite number");
                if (weight != null && c == names.Length - 1 && v < 0) throw new ObservationFileException(path, names[c], i + 1, $"the weight is {v.ToString(CultureInfo.InvariantCulture)}; weights must be >= 0");
            }
        var points = new double[n * d];
        for (int i = 0; i < n; i++) for (int a = 0; a < d; a++) points[i * d + a] = columns[a][i];
        if (domain != null)
        {
            var (lo, hi) = domain.BoundingBox;
            for (int i = 0; i < n; i++)
            {
                if (domain.Contains(points.AsSpan(i * d, d))) continue;
                var p = points[(i * d)..(i * d + d)];
                // name the first coordinate outside the bounding box, or all of them when the point is inside the box but outside the domain
                int a = Enumerable.Range(0, d).FirstOrDefault(k => p[k] < lo[k] - Domain.DefaultTolerance || p[k] > hi[k] + Domain.DefaultTolerance, -1);
                string at = string.Join(", ", Enumerable.Range(0, d).Select(k => $"{coordinates[k]} = {p[k].ToString("R", CultureInfo.InvariantCulture)}"));
                throw a >= 0
                    ? new ObservationFileException(path, coordinates[a], i + 1, $"the point ({at}) lies outside the domain: {coordinates[a]} must be in [{lo[a].ToString(CultureInfo.InvariantCulture)}, {hi[a].ToString(CultureInfo.InvariantCulture)}]")
                    : new ObservationFileException(path, null, i + 1, $"the point ({at}) lies outside the domain");
            }
        }
        return new ObservationData(points, columns[d], weight is null ? null : columns[d + 1]);
    }

    /// <summary>Writes measurements as CSV with the given column names (the format <see cref="Read"/> takes).</summary>
    public static void WriteCsv(string path, IReadOnlyList<string> coordinates, string value, ObservationData data, string? weight = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        int d = coordinates.Count;
        using var w = new StreamWriter(path);
        w.WriteLine(string.Join(",", [.. coordinates, value, .. weight is null || data.Weights is null ? Array.Empty<string>() : [weight]]));
        for (int i = 0; i < data.Count; i++)
        {
            var cells = Enumerable.Range(0, d).Select(a => data.Points[i * d + a]).Append(data.Values[i]);
            if (weight != null && data.Weights != null) cells = cells.Append(data.Weights[i]);
            w.WriteLine(string.Join(",", cells.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
    }

    private static double[][] ReadCsv(string path, string[] names)
    {
        var lines = File.ReadLines(path).Select((text, index) => (Text: text, Line: index + 1))
            .Where(l => !string.IsNullOrWhiteSpace(l.Text) && !l.Text.TrimStart().StartsWith('#')).ToList();
        if (lines.Count == 0) throw new ObservationFileException(path, null, null, "the file is empty (a header row naming the columns is needed)");
        var header = Split(lines[0].Text);
        var index = new int[names.Length];
        for (int c = 0; c < names.Length; c++)
        {
            index[c] = Array.FindIndex(header, h => string.Equals(h, names[c], StringComparison.Ordinal));
            if (index[c] < 0) throw new ObservationFileException(path, names[c], null, $"there is no such column (the header has {string.Join(", ", header.Select(h => $"'{h}'"))})");
        }
        var columns = names.Select(_ => new double[lines.Count - 1]).ToArray();
        for (int r = 1; r < lines.Count; r++)
        {
            var cells = Split(lines[r].Text);
            if (cells.Length != header.Length)
                throw new ObservationFileException(path, null, r, $"line {lines[r].Line} has {cells.Length} cells; the header has {header.Length}");
            for (int c = 0; c < names.Length; c++)
            {
                string cell = cells[index[c]];
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    throw new ObservationFileException(path, names[c], r, $"'{cell}' is not a number");
                columns[c][r - 1] = v;
            }
        }
        return columns;
    }

    private static string[] Split(string line) => line.Split(',').Select(s => s.Trim().Trim('"')).ToArray();

    private static double[][] ReadHdf5(string path, string[] names)
    {
        var reader = new HdfReader(path);
        using var stream = File.OpenRead(path);
        using var file = Guard(path, null, () => H5File.Open(stream, leaveOpen: true));
        var columns = new double[names.Length][];
        for (int c = 0; c < names.Length; c++)
        {
            string name = names[c];
            var dataset = Guard(path, name, () => file.LinkExists(name) ? file.Get(name) as IH5Dataset : null)
                ?? throw new ObservationFileException(path, name, null, $"there is no such dataset (the file has {string.Join(", ", Guard(path, null, () => file.Children().OfType<IH5Dataset>().Select(x => $"'{x.Name}'").ToList()))})");
            long[] shape = Guard(path, name, () => dataset.Space.Dimensions.Select(x => (long)x).ToArray());
            if (!(shape.Length == 1 || (shape.Length == 2 && shape[1] == 1)))
                throw new ObservationFileException(path, name, null, $"the dataset has shape ({string.Join(", ", shape)}); a column must be 1-D");
            try { columns[c] = reader.Doubles(dataset, name, shape.Length, shape).Values; }
            catch (ResultFileException e) { throw new ObservationFileException(path, name, null, e.Message, e); }
            if (columns[c].Length != columns[0].Length)
                throw new ObservationFileException(path, name, null, $"the dataset has {columns[c].Length} values; '{names[0]}' has {columns[0].Length}");
        }
        return columns;
    }

    private static T Guard<T>(string path, string? column, Func<T> access)
    {
        try { return access(); }
        catch (ObservationFileException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ObservationFileException(path, column, null, $"cannot read the file as HDF5: {e.Message}", e);
        }
    }
}
