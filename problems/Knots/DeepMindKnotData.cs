using System.Globalization;

namespace Kan.Physics.Problems.Knots;

/// <summary>
/// Loader for the DeepMind knot dataset (Davies et al., Nature 600, 70 (2021); the KAN paper's Section 4.3), which users
/// download themselves (it is not shipped): a CSV with an unnamed index column, 17 hyperbolic invariants and
/// <c>signature</c>. Columns are found by name, not position (the published copies differ in order).
/// </summary>
public sealed class DeepMindKnotData
{
    /// <summary>The 17 feature columns, in the order the KAN paper's notebook uses them.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "hyperbolic_adjoint_torsion_degree", "hyperbolic_torsion_degree", "short_geodesic_real_part",
        "short_geodesic_imag_part", "injectivity_radius", "chern_simons", "cusp_volume",
        "longitudinal_translation", "meridinal_translation_imag", "meridinal_translation_real", "volume",
        "Symmetry_0", "Symmetry_D3", "Symmetry_D4", "Symmetry_D6", "Symmetry_D8", "Symmetry_Z/2 + Z/2",
    ];

    /// <summary>Rows x 17 features, row-major, in the order of <see cref="FeatureNames"/>.</summary>
    public required double[] Features { get; init; }

    /// <summary>The signature of each row (an even integer).</summary>
    public required int[] Signatures { get; init; }

    /// <summary>Number of rows.</summary>
    public int Count => Signatures.Length;

    /// <summary>Reads the CSV; errors name the file, line and column.</summary>
    public static DeepMindKnotData Load(string csvPath)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        using var reader = new StreamReader(csvPath);
        return Load(reader, csvPath);
    }

    /// <summary>Reads the CSV from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static DeepMindKnotData Load(TextReader reader, string source = "<csv>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        string header = reader.ReadLine() ?? throw new FormatException($"{source}: empty file, expected a header");
        var columns = SplitCsv(header).Select(c => c.Trim()).ToList();
        var index = new int[FeatureNames.Count];
        for (int f = 0; f < index.Length; f++)
        {
            index[f] = columns.IndexOf(FeatureNames[f]);
            if (index[f] < 0) throw new FormatException($"{source}: line 1: no column '{FeatureNames[f]}'");
        }
        int target = columns.IndexOf("signature");
        if (target < 0) throw new FormatException($"{source}: line 1: no column 'signature'");
        var features = new List<double>();
        var signatures = new List<int>();
        int lineNo = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            var cells = SplitCsv(line);
            if (cells.Count != columns.Count)
                throw new FormatException($"{source}: line {lineNo}: {cells.Count} cells, the header has {columns.Count}");
            foreach (int c in index) features.Add(Number(cells[c], source, lineNo, columns[c]));
            double s = Number(cells[target], source, lineNo, "signature");
            if (s != Math.Round(s) || Math.Abs(s) > 1000 || ((long)s & 1) != 0)
                throw new FormatException($"{source}: line {lineNo}: column 'signature' = '{cells[target]}' is not an even integer");
            signatures.Add((int)s);
        }
        if (signatures.Count == 0) throw new FormatException($"{source}: no data rows");
        return new DeepMindKnotData { Features = features.ToArray(), Signatures = signatures.ToArray() };
    }

    // booleans appear as True/False in pandas exports of the one-hot symmetry columns
    private static double Number(string cell, string source, int line, string column)
    {
        string t = cell.Trim();
        if (t.Equals("True", StringComparison.OrdinalIgnoreCase)) return 1;
        if (t.Equals("False", StringComparison.OrdinalIgnoreCase)) return 0;
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
        throw new FormatException($"{source}: line {line}: column '{column}' = '{cell}' is not a finite number");
    }

    // comma-separated with double-quoted cells (the "Symmetry_Z/2 + Z/2" header has no comma, but quoted exports exist)
    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cur.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cur.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.Add(cur.ToString()); cur.Clear(); }
            else cur.Append(ch);
        }
        cells.Add(cur.ToString());
        return cells;
    }
}
