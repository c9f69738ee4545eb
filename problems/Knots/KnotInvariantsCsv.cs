using System.Globalization;
using System.Text;

namespace Kan.Physics.Problems.Knots;

/// <summary>
/// Reads knots from a CSV with header <c>name,pd_notation</c> and writes one row of invariants per knot
/// (<see cref="OutputHeader"/>). Polynomials are written as KnotInfo strings: Alexander as <c>2-3*t+2*t^2</c>,
/// Jones as <c>t-t^2+ 2*t^3-t^4+ t^5-t^6</c>, so that they can be compared with KnotInfo's columns as text.
/// </summary>
public static class KnotInvariantsCsv
{
    /// <summary>Header of the output file.</summary>
    public const string OutputHeader =
        "name,crossings,writhe,determinant,signature,alexander,jones,jones_abs_at_minus1,jones_abs_at_omega,jones_abs_at_i";

    /// <summary>
    /// Computes the invariants of every knot in <paramref name="inputPath"/> and writes them to <paramref name="outputPath"/>;
    /// returns the number of knots. The output appears only when everything succeeded (it is written to a temporary file
    /// in the same folder and renamed), so a bad row or a cancellation never leaves a half-written file.
    /// </summary>
    /// <exception cref="InvalidDataException">A bad header or row; the message names the file, line and column.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no output was written.</exception>
    public static int Run(string inputPath, string outputPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var rows = Read(inputPath);
        var results = new KnotInvariantSet[rows.Count];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, rows.Count, options, i => results[i] = ComputeRow(inputPath, rows[i]));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is InvalidDataException))
        {
            // report the first bad row in file order, whichever thread met it first
            throw e.InnerExceptions.Cast<InvalidDataException>().MinBy(x => (int)x.Data["line"]!)!;
        }

        WriteAtomically(outputPath, writer => Write(writer, rows.Select((r, i) => (r.Name, results[i])), cancellationToken));
        return rows.Count;
    }

    /// <summary>Writes a file through a temporary file in the same folder and a rename, so that it appears complete or not at all.</summary>
    internal static void WriteAtomically(string path, Action<TextWriter> write)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
            {
                writer.NewLine = "\n";
                write(writer);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static KnotInvariantSet ComputeRow(string path, KnotCsvRow row)
    {
        try
        {
            return KnotInvariants.Compute(row.Diagram);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            throw RowError(path, row.Line, "pd_notation", $"knot '{row.Name}': computing its invariants failed: {e.Message}", e);
        }
    }

    /// <summary>Writes the header and one line per knot.</summary>
    public static void Write(TextWriter writer, IEnumerable<(string Name, KnotInvariantSet Invariants)> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.WriteLine(OutputHeader);
        foreach (var (name, inv) in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.WriteLine(FormatRow(name, inv));
        }
    }

    /// <summary>One output line (without the newline).</summary>
    public static string FormatRow(string name, KnotInvariantSet invariants)
    {
        ArgumentNullException.ThrowIfNull(invariants);
        var c = CultureInfo.InvariantCulture;
        return string.Join(',',
            Quote(name),
            invariants.Crossings.ToString(c),
            invariants.Writhe.ToString(c),
            invariants.Determinant.ToString(c),
            invariants.Signature.ToString(c),
            Quote(invariants.Alexander.ToString()),
            Quote(invariants.Jones.ToKnotInfoJonesString()),
            // 12 significant digits: the doubles carry rounding noise (|V(omega)| = 0.9999999999999989) below that
            invariants.JonesAbsAtMinusOne.ToString("G12", c),
            invariants.JonesAbsAtOmega.ToString("G12", c),
            invariants.JonesAbsAtI.ToString("G12", c));
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    /// <summary>
    /// Reads and checks every row of a <c>name,pd_notation</c> file. The PD field may be quoted
    /// (<c>3_1,"[[1,5,2,4],[3,1,4,6],[5,3,6,2]]"</c>, as KnotInfo exports it) or a bare bracketed list
    /// (<c>3_1,[[1,5,2,4],[3,1,4,6],[5,3,6,2]]</c>); an empty field is the unknot. Columns after pd_notation are ignored;
    /// blank lines are skipped. Links are rejected.
    /// </summary>
    /// <exception cref="InvalidDataException">A bad header or row; the message names the file, line and column.</exception>
    public static IReadOnlyList<KnotCsvRow> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var rows = new List<KnotCsvRow>();
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        int lineNumber = 0;
        bool headerSeen = false;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (!headerSeen)
            {
                var columns = line.Split(',').Select(h => h.Trim().Trim('"').Trim()).ToArray();
                if (columns.Length < 2 || !columns[0].Equals("name", StringComparison.OrdinalIgnoreCase)
                    || !columns[1].Equals("pd_notation", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidDataException($"{path} line {lineNumber}: the header must start with 'name,pd_notation' but is '{line}'");
                headerSeen = true;
                continue;
            }
            rows.Add(ParseRow(path, lineNumber, line));
        }
        if (!headerSeen) throw new InvalidDataException($"{path}: the file is empty; expected a header 'name,pd_notation'");
        return rows;
    }

    private static KnotCsvRow ParseRow(string path, int lineNumber, string line)
    {
        int pos = 0;
        string name = ReadField(path, lineNumber, line, ref pos, "name", bracketed: false).Trim();
        if (name.Length == 0) throw RowError(path, lineNumber, "name", "the knot name is empty");
        if (pos >= line.Length)
            throw RowError(path, lineNumber, "pd_notation", "the row has only one column; expected name,pd_notation");
        pos++; // the comma
        string pd = ReadField(path, lineNumber, line, ref pos, "pd_notation", bracketed: true);
        try
        {
            return new KnotCsvRow(lineNumber, name, PlanarDiagram.ParseKnot(pd));
        }
        catch (FormatException e)
        {
            throw RowError(path, lineNumber, "pd_notation", $"knot '{name}': {e.Message}", e);
        }
    }

    /// <summary>Reads one field starting at <paramref name="pos"/>; leaves <paramref name="pos"/> at the following comma or the end.</summary>
    private static string ReadField(string path, int lineNumber, string line, ref int pos, string column, bool bracketed)
    {
        while (pos < line.Length && line[pos] is ' ' or '\t') pos++;
        string value;
        if (pos < line.Length && line[pos] == '"')
        {
            var sb = new StringBuilder();
            int start = pos++;
            while (true)
            {
                if (pos >= line.Length)
                    throw RowError(path, lineNumber, column, $"the quote opened at character {start + 1} is not closed");
                if (line[pos] == '"')
                {
                    if (pos + 1 < line.Length && line[pos + 1] == '"')
                    {
                        sb.Append('"');
                        pos += 2;
                        continue;
                    }
                    pos++;
                    break;
                }
                sb.Append(line[pos++]);
            }
            value = sb.ToString();
        }
        else if (bracketed && pos < line.Length && line[pos] == '[')
        {
            // an unquoted PD list: its commas belong to it up to the matching bracket
            int start = pos, depth = 0;
            for (; pos < line.Length; pos++)
            {
                if (line[pos] == '[') depth++;
                else if (line[pos] == ']' && --depth == 0)
                {
                    pos++;
                    break;
                }
            }
            if (depth != 0) throw RowError(path, lineNumber, column, $"the bracket opened at character {start + 1} is not closed");
            value = line[start..pos];
        }
        else
        {
            int start = pos;
            while (pos < line.Length && line[pos] != ',') pos++;
            return line[start..pos];
        }
        while (pos < line.Length && line[pos] is ' ' or '\t') pos++;
        if (pos < line.Length && line[pos] != ',')
            throw RowError(path, lineNumber, column, $"unexpected '{line[pos]}' at character {pos + 1} after the end of the field");
        return value;
    }

    private static InvalidDataException RowError(string path, int line, string column, string why, Exception? inner = null)
    {
        var e = new InvalidDataException($"{path} line {line}, column {column}: {why}", inner);
        e.Data["line"] = line;
        return e;
    }
}
