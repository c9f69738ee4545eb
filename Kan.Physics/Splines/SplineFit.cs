using MathNet.Numerics.LinearAlgebra;

namespace Kan.Physics.Splines;

/// <summary>
/// Least-squares fits of spline coefficients on one basis to values at points, for several right-hand sides at once
/// (all edges leaving one input share the basis, hence the matrix).
/// </summary>
/// <remarks>
/// B-splines are a well-conditioned basis and every row of the collocation matrix has only k+1 non-zeros, so the
/// normal equations are assembled from the local values in O(N (k+1)^2) and solved by Cholesky on the small
/// (G+k) x (G+k) Gram matrix. A ridge of 1e-14 of the mean diagonal keeps functions without any point in their
/// support (rank deficiency) at zero instead of failing; it changes well-posed fits by about 1e-11 relative.
/// </remarks>
public static class SplineFit
{
    /// <summary>
    /// Coefficients c (G+k per column) minimising sum_s (sum_c c B_c(x_s) - y_{s,col})^2 for each column.
    /// </summary>
    /// <param name="basis">The basis to fit on.</param>
    /// <param name="points">N points.</param>
    /// <param name="values">N x columns values, row-major.</param>
    /// <param name="columns">Number of right-hand sides.</param>
    /// <returns>Coefficients laid out [column][c].</returns>
    public static double[] Fit(BSplineBasis basis, ReadOnlySpan<double> points, ReadOnlySpan<double> values, int columns)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if (points.Length == 0) throw new ArgumentException("At least one point is needed.", nameof(points));
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "At least one column is needed.");
        if (values.Length != points.Length * columns)
            throw new ArgumentException($"Expected {points.Length * columns} values ({points.Length} points x {columns} columns), got {values.Length}.", nameof(values));
        int nb = basis.Count, k1 = basis.Order + 1;
        var gram = Matrix<double>.Build.Dense(nb, nb);
        var rhs = Matrix<double>.Build.Dense(nb, columns);
        Span<double> b = stackalloc double[k1];
        for (int s = 0; s < points.Length; s++)
        {
            int first = basis.Evaluate(points[s], 0, b, default, default, default);
            for (int r = 0; r < k1; r++)
            {
                int c = first + r;
                if (b[r] == 0) continue;
                for (int r2 = 0; r2 < k1; r2++) gram[c, first + r2] += b[r] * b[r2];
                for (int col = 0; col < columns; col++) rhs[c, col] += b[r] * values[s * columns + col];
            }
        }
        double meanDiagonal = 0;
        for (int c = 0; c < nb; c++) meanDiagonal += gram[c, c];
        double ridge = 1e-14 * Math.Max(meanDiagonal / nb, double.Epsilon);
        for (int c = 0; c < nb; c++) gram[c, c] += ridge;
        var solution = gram.Cholesky().Solve(rhs);
        var result = new double[columns * nb];
        for (int col = 0; col < columns; col++)
            for (int c = 0; c < nb; c++) result[col * nb + c] = solution[c, col];
        return result;
    }
}
