using System.Globalization;

namespace Kan.Physics.Problems.Cli;

/// <summary>
/// A numeric CSV table with a header row (the user's simulation data for <c>kan discover</c>): every cell must be a
/// finite number; errors name the file, the line and the column.
/// </summary>
internal sealed class CsvTable
{
    public required string[] Columns { get; init; }
    /// <summary>Row-major values, Rows x Columns.</summary>
    public required double[] Values { get; init; }
    public int Rows => Values.Length / Columns.Length;

    public static CsvTable Read(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"data file '{path}' does not exist");
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header)) throw new UsageException($"{path}: line 1: the header row is missing");
        var columns = header.Split(',').Select(c => c.Trim()).ToArray();
        for (int c = 0; c < columns.Length; c++)
        {
            if (columns[c].Length == 0) throw new UsageException($"{path}: line 1: column {c + 1} has no name");
            if (Array.IndexOf(columns, columns[c]) != c) throw new UsageException($"{path}: line 1: column name '{columns[c]}' appears twice");
        }
        var values = new List<double>();
        int line = 1;
        for (string? row = reader.ReadLine(); row != null; row = reader.ReadLine())
        {
            line++;
            if (row.Trim().Length == 0) continue;
            var cells = row.Split(',');
            if (cells.Length != columns.Length)
                throw new UsageException($"{path}: line {line}: {cells.Length} cells, but the header has {columns.Length} columns");
            for (int c = 0; c < cells.Length; c++)
            {
                string cell = cells[c].Trim();
                if (cell.Length == 0) throw new UsageException($"{path}: line {line}, column '{columns[c]}': missing value");
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                    throw new UsageException($"{path}: line {line}, column '{columns[c]}': '{cell}' is not a finite number");
                values.Add(v);
            }
        }
        return new CsvTable { Columns = columns, Values = [.. values] };
    }

    public int IndexOf(string column, string path) => Array.IndexOf(Columns, column) is int i and >= 0 ? i
        : throw new UsageException($"{path}: no column '{column}'; columns: {string.Join(", ", Columns)}");
}
