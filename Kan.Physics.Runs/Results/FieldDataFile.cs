using System.Globalization;
using Kan.Physics.Solvers.Discovery;
using PureHDF;

namespace Kan.Physics.Runs.Results;

/// <summary>A bad field-data file: the message names the file and what is wrong with it.</summary>
public sealed class FieldDataFileException(string path, string problem, Exception? inner = null)
    : Exception($"data file '{path}': {problem}", inner)
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;
}

/// <summary>
/// Reads field data for PDE discovery (<see cref="FieldData"/>) from CSV or HDF5, by extension (.h5/.hdf5 or anything else).
/// </summary>
/// <remarks>
/// <para><b>CSV (long form)</b>: a header row, then one row per point with one column per coordinate and per field.
/// Lines starting with # are comments.</para>
/// <para><b>HDF5 (grid)</b>: one 1-D float64 dataset per coordinate at the root and one N-D float64 dataset per field,
/// whose dimensions follow the coordinates in the order listed (field[i, j] at x[i], t[j] for coordinates x, t).</para>
/// <para>Without names given, the coordinates are those of x, y, z and t the file has (in that order), the time is t,
/// and the fields are every other column (CSV) or every dataset with one dimension per coordinate (HDF5).</para>
/// Every problem (a missing column or dataset, mismatched shapes, a value that is not a finite number, fewer than
/// <see cref="MinimumPoints"/> points) throws <see cref="FieldDataFileException"/> naming the file and the problem.
/// </remarks>
public static class FieldDataFile
{
    /// <summary>The fewest points a discovery is given.</summary>
    public const int MinimumPoints = 50;

    private static readonly string[] ConventionalCoordinates = ["x", "y", "z", "t"];

    /// <summary>Reads <paramref name="path"/>; null arguments follow the conventions of the remarks.</summary>
    public static FieldData Read(string path, IReadOnlyList<string>? fields = null, IReadOnlyList<string>? coordinates = null, string? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FieldDataFileException(path, "the file does not exist");
        string ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        var data = ext is ".h5" or ".hdf5" ? ReadHdf5(path, fields, coordinates, time) : ReadCsv(path, fields, coordinates, time);
        try { data.Validate(MinimumPoints); }
        catch (ArgumentException e) { throw new FieldDataFileException(path, e.Message, e); }
        return data;
    }

    private static (string[] Coordinates, string Time) Coordinates(string path, IEnumerable<string> available, IReadOnlyList<string>? coordinates, string? time)
    {
        var names = available.ToList();
        string[] coords = coordinates is { Count: > 0 } ? coordinates.ToArray() : ConventionalCoordinates.Where(names.Contains).ToArray();
        if (coordinates is not { Count: > 0 } && coords.Length < 2)
            throw new FieldDataFileException(path, $"no coordinates were named and the file has {(coords.Length == 0 ? "none" : "only " + coords[0])} of x, y, z, t (it has {string.Join(", ", names.Select(n => $"'{n}'"))}); name them with --coords");
        foreach (var c in coords)
            if (!names.Contains(c)) throw new FieldDataFileException(path, $"there is no coordinate '{c}' (the file has {string.Join(", ", names.Select(n => $"'{n}'"))})");
        string t = time ?? (coords.Contains("t") ? "t" : coords[^1]);
        if (!coords.Contains(t)) throw new FieldDataFileException(path, $"the time '{t}' is not among the coordinates ({string.Join(", ", coords)})");
        return (coords, t);
    }

    private static FieldData ReadCsv(string path, IReadOnlyList<string>? fields, IReadOnlyList<string>? coordinates, string? time)
    {
        var lines = File.ReadLines(path).Select((text, index) => (Text: text, Line: index + 1))
            .Where(l => !string.IsNullOrWhiteSpace(l.Text) && !l.Text.TrimStart().StartsWith('#')).ToList();
        if (lines.Count == 0) throw new FieldDataFileException(path, "the file is empty (a header row naming the columns is needed)");
        var header = Split(lines[0].Text);
        var (coords, t) = Coordinates(path, header, coordinates, time);
        string[] fieldNames = fields is { Count: > 0 } ? fields.ToArray() : header.Where(h => !coords.Contains(h)).ToArray();
        if (fieldNames.Length == 0) throw new FieldDataFileException(path, "there are no field columns besides the coordinates");
        string[] names = [.. coords, .. fieldNames];
        var index = names.Select(n => Array.IndexOf(header, n)).ToArray();
        for (int c = 0; c < names.Length; c++)
            if (index[c] < 0) throw new FieldDataFileException(path, $"there is no column '{names[c]}' (the header has {string.Join(", ", header.Select(h => $"'{h}'"))})");
        int n = lines.Count - 1, d = coords.Length;
        var points = new double[n * d];
        var values = fieldNames.Select(_ => new double[n]).ToArray();
        for (int r = 1; r < lines.Count; r++)
        {
            var cells = Split(lines[r].Text);
            if (cells.Length != header.Length)
                throw new FieldDataFileException(path, $"line {lines[r].Line} has {cells.Length} cells; the header has {header.Length}");
            for (int c = 0; c < names.Length; c++)
            {
                string cell = cells[index[c]];
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    throw new FieldDataFileException(path, $"line {lines[r].Line}, column '{names[c]}': '{cell}' is not a number");
                if (!double.IsFinite(v))
                    throw new FieldDataFileException(path, $"line {lines[r].Line}, column '{names[c]}': the value is {cell}; every value must be a finite number");
                if (c < d) points[(r - 1) * d + c] = v; else values[c - d][r - 1] = v;
            }
        }
        if (n < MinimumPoints) throw new FieldDataFileException(path, $"{n} points are too few; discovery needs at least {MinimumPoints}");
        return new FieldData(coords, t, fieldNames, points, values);
    }

    private static string[] Split(string line) => line.Split(',').Select(s => s.Trim().Trim('"')).ToArray();

    private static FieldData ReadHdf5(string path, IReadOnlyList<string>? fields, IReadOnlyList<string>? coordinates, string? time)
    {
        var reader = new HdfReader(path);
        using var stream = File.OpenRead(path);
        using var file = Guard(path, () => H5File.Open(stream, leaveOpen: true));
        var datasets = Guard(path, () => file.Children().OfType<IH5Dataset>().ToDictionary(x => x.Name, x => x));
        var shapes = datasets.ToDictionary(p => p.Key, p => Guard(path, () => p.Value.Space.Dimensions.Select(x => (long)x).ToArray()));
        var (coords, t) = Coordinates(path, shapes.Where(s => s.Value.Length == 1).Select(s => s.Key), coordinates, time);
        if (coordinates is { Count: > 0 })
            foreach (var c in coords)
                if (shapes[c].Length != 1) throw new FieldDataFileException(path, $"the coordinate '{c}' has shape ({string.Join(", ", shapes[c])}); a coordinate must be 1-D");
        string[] fieldNames = fields is { Count: > 0 } ? fields.ToArray()
            : shapes.Where(s => !coords.Contains(s.Key) && s.Value.Length == coords.Length).Select(s => s.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        if (fieldNames.Length == 0) throw new FieldDataFileException(path, $"there is no field dataset with {coords.Length} dimensions (one per coordinate {string.Join(", ", coords)})");
        double[] Read(string name)
        {
            try { return reader.Doubles(datasets[name], name, shapes[name].Length).Values; }
            catch (ResultFileException e) { throw new FieldDataFileException(path, e.Message, e); }
        }
        var axes = coords.Select(Read).ToArray();
        long[] expected = axes.Select(a => (long)a.Length).ToArray();
        for (int a = 0; a < axes.Length; a++)
        {
            int bad = Array.FindIndex(axes[a], v => !double.IsFinite(v));
            if (bad >= 0) throw new FieldDataFileException(path, $"coordinate '{coords[a]}' is {axes[a][bad].ToString(CultureInfo.InvariantCulture)} at index {bad}; every value must be a finite number");
        }
        var values = new double[fieldNames.Length][];
        for (int f = 0; f < fieldNames.Length; f++)
        {
            string name = fieldNames[f];
            if (!datasets.ContainsKey(name))
                throw new FieldDataFileException(path, $"there is no dataset '{name}' (the file has {string.Join(", ", datasets.Keys.Select(k => $"'{k}'"))})");
            if (!shapes[name].SequenceEqual(expected))
                throw new FieldDataFileException(path, $"the field '{name}' has shape ({string.Join(", ", shapes[name])}) but the coordinates {string.Join(", ", coords)} span ({string.Join(", ", expected)})");
            values[f] = Read(name);
            int bad = Array.FindIndex(values[f], v => !double.IsFinite(v));
            if (bad >= 0) throw new FieldDataFileException(path, $"the field '{name}' is {values[f][bad].ToString(CultureInfo.InvariantCulture)} at flat index {bad}; every value must be a finite number");
        }
        long total = expected.Aggregate(1L, (p, s) => p * s);
        if (total < MinimumPoints) throw new FieldDataFileException(path, $"the grid has {total} points; discovery needs at least {MinimumPoints}");
        int d = coords.Length, n = (int)total;
        var points = new double[n * d];
        var idx = new int[d];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < d; a++) points[i * d + a] = axes[a][idx[a]];
            for (int a = d - 1; a >= 0; a--) { if (++idx[a] < expected[a]) break; idx[a] = 0; }
        }
        return new FieldData(coords, t, fieldNames, points, values);
    }

    /// <summary>Writes field data on a grid as HDF5 in the layout <see cref="Read"/> takes (coordinates 1-D, fields N-D).</summary>
    public static void WriteGrid(string path, IReadOnlyList<string> coordinates, IReadOnlyList<double[]> axes, IReadOnlyList<string> fields, IReadOnlyList<double[]> values)
    {
        var shape = axes.Select(a => (ulong)a.Length).ToArray();
        var file = new H5File();
        for (int a = 0; a < coordinates.Count; a++) file[coordinates[a]] = axes[a];
        for (int f = 0; f < fields.Count; f++) file[fields[f]] = new H5Dataset(values[f], fileDims: shape);
        string tmp = path + ".tmp";
        file.Write(tmp);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Writes field data as CSV in long form (the format <see cref="Read"/> takes).</summary>
    public static void WriteCsv(string path, FieldData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp))
        {
            w.WriteLine(string.Join(",", data.Coordinates.Concat(data.Fields)));
            int d = data.Dimension;
            for (int i = 0; i < data.Count; i++)
                w.WriteLine(string.Join(",", Enumerable.Range(0, d).Select(a => data.Points[i * d + a]).Concat(data.Values.Select(v => v[i]))
                    .Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
        File.Move(tmp, path, overwrite: true);
    }

    private static T Guard<T>(string path, Func<T> access)
    {
        try { return access(); }
        catch (FieldDataFileException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FieldDataFileException(path, $"cannot read the file as HDF5: {e.Message}", e);
        }
    }
}
