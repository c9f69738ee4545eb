namespace Kan.Physics.Runs.Results;

/// <summary>
/// A PDE solution sampled at points (group <c>solution</c> of a result file): the coordinates, the network's
/// prediction there and, optionally, a reference solution and the error, so plots need nothing but the file.
/// </summary>
/// <remarks>
/// Arrays are flat and row-major, like batches elsewhere in the library: point p has coordinates
/// <c>Coordinates[p*D .. p*D+D-1]</c> (D = <see cref="Dimension"/>) and fields <c>Prediction[p*M .. p*M+M-1]</c>
/// (M = <see cref="FieldCount"/>). In the file a single field is stored as a 1-D dataset (n), several as n x M.
/// </remarks>
public sealed class SolutionData
{
    /// <summary>Names of the D coordinate axes in column order, e.g. ["x", "y"] or ["x", "t"]; stored as "x,y".</summary>
    public required IReadOnlyList<string> CoordinateNames { get; init; }

    /// <summary>The n points, n x D row-major.</summary>
    public required double[] Coordinates { get; init; }

    /// <summary>The network's solution at the points, n x M row-major.</summary>
    public required double[] Prediction { get; init; }

    /// <summary>Number of solution fields M (1 for a scalar PDE).</summary>
    public int FieldCount { get; init; } = 1;

    /// <summary>
    /// Names of the M fields (e.g. ["u", "v", "p"]; stored as the attribute <c>field_names</c>, "u,v,p"), or null: the
    /// figures then number them.
    /// </summary>
    public IReadOnlyList<string>? FieldNames { get; init; }

    /// <summary>The reference (exact or numerical) solution, shaped like <see cref="Prediction"/>, when known.</summary>
    public double[]? Reference { get; init; }

    /// <summary>The pointwise error, shaped like <see cref="Prediction"/>, when computed.</summary>
    public double[]? Error { get; init; }

    /// <summary>
    /// When the points form a regular grid, its shape (e.g. [51, 51]; the product equals the point count) so that
    /// plotting tools can reshape the columns into heatmaps without guessing.
    /// </summary>
    public int[]? GridShape { get; init; }

    /// <summary>Number of coordinates per point, D.</summary>
    public int Dimension => CoordinateNames.Count;

    /// <summary>Number of points, n.</summary>
    public int PointCount => Dimension == 0 ? 0 : Coordinates.Length / Dimension;

    /// <summary>Throws <see cref="ArgumentException"/> (for <paramref name="paramName"/>) naming the first inconsistency.</summary>
    internal void Validate(string paramName)
    {
        if (CoordinateNames is null) throw new ArgumentException("Solution.CoordinateNames is null.", paramName);
        if (CoordinateNames.Count == 0) throw new ArgumentException("Solution.CoordinateNames is empty; at least one coordinate is needed.", paramName);
        for (int i = 0; i < CoordinateNames.Count; i++)
        {
            string? name = CoordinateNames[i];
            // Names are joined with ',' in the file, so they must not contain one.
            if (string.IsNullOrWhiteSpace(name) || name.Contains(',') || name.Trim() != name)
                throw new ArgumentException($"Solution.CoordinateNames[{i}] is '{name}'; names must be non-empty, without commas or surrounding spaces.", paramName);
        }
        if (CoordinateNames.Distinct(StringComparer.Ordinal).Count() != CoordinateNames.Count)
            throw new ArgumentException($"Solution.CoordinateNames '{string.Join(",", CoordinateNames)}' repeats a name.", paramName);
        if (FieldNames != null)
        {
            if (FieldNames.Count != FieldCount)
                throw new ArgumentException($"Solution.FieldNames has {FieldNames.Count} names ({string.Join(",", FieldNames)}); FieldCount is {FieldCount}.", paramName);
            for (int i = 0; i < FieldNames.Count; i++)
                if (string.IsNullOrWhiteSpace(FieldNames[i]) || FieldNames[i].Contains(',') || FieldNames[i].Trim() != FieldNames[i])
                    throw new ArgumentException($"Solution.FieldNames[{i}] is '{FieldNames[i]}'; names must be non-empty, without commas or surrounding spaces.", paramName);
            if (FieldNames.Distinct(StringComparer.Ordinal).Count() != FieldNames.Count)
                throw new ArgumentException($"Solution.FieldNames '{string.Join(",", FieldNames)}' repeats a name.", paramName);
        }
        if (Coordinates is null) throw new ArgumentException("Solution.Coordinates is null.", paramName);
        if (Prediction is null) throw new ArgumentException("Solution.Prediction is null.", paramName);
        int d = Dimension;
        if (Coordinates.Length == 0 || Coordinates.Length % d != 0)
            throw new ArgumentException($"Solution.Coordinates has {Coordinates.Length} values; expected a positive multiple of the {d} coordinates.", paramName);
        if (FieldCount < 1) throw new ArgumentException($"Solution.FieldCount is {FieldCount}; it must be at least 1.", paramName);
        long expected = (long)PointCount * FieldCount;
        if (Prediction.Length != expected)
            throw new ArgumentException($"Solution.Prediction has {Prediction.Length} values; {PointCount} points x {FieldCount} fields need {expected}.", paramName);
        if (Reference != null && Reference.Length != expected)
            throw new ArgumentException($"Solution.Reference has {Reference.Length} values; it must match Prediction ({expected}).", paramName);
        if (Error != null && Error.Length != expected)
            throw new ArgumentException($"Solution.Error has {Error.Length} values; it must match Prediction ({expected}).", paramName);
        for (int i = 0; i < Coordinates.Length; i++)
            if (!double.IsFinite(Coordinates[i]))
                throw new ArgumentException($"Solution.Coordinates value {Coordinates[i]} at point {i / d}, coordinate {i % d} is not finite.", paramName);
        if (GridShape != null)
        {
            if (GridShape.Length == 0) throw new ArgumentException("Solution.GridShape is empty.", paramName);
            long product = 1;
            foreach (int s in GridShape)
            {
                if (s < 1) throw new ArgumentException($"Solution.GridShape [{string.Join(",", GridShape)}] has an entry below 1.", paramName);
                product = Math.Min(product * s, (long)int.MaxValue + 1); // a bound, not an overflow
            }
            if (product != PointCount)
                throw new ArgumentException($"Solution.GridShape [{string.Join(",", GridShape)}] holds {product} points, but there are {PointCount}.", paramName);
        }
    }
}
