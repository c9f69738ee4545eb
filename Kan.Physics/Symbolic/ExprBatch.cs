using Kan.Physics.Expressions;
using Kan.Physics.Training;

namespace Kan.Physics.Symbolic;

/// <summary>Evaluates compiled expressions on many samples stored row-major (the layout of <see cref="Dataset"/>) and scores them.</summary>
public static class ExprBatch
{
    /// <summary>The values of <paramref name="compiled"/> on each row of <paramref name="inputs"/> (rows of <paramref name="columns"/> values).</summary>
    public static double[] EvaluateRows(Func<double[], double> compiled, ReadOnlySpan<double> inputs, int columns)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        int rows = CountRows(inputs, columns);
        var result = new double[rows];
        var row = new double[columns];
        for (int i = 0; i < rows; i++)
        {
            inputs.Slice(i * columns, columns).CopyTo(row);
            result[i] = compiled(row);
        }
        return result;
    }

    /// <summary>Root mean square error of <paramref name="compiled"/> against one target per row.</summary>
    public static double Rmse(Func<double[], double> compiled, ReadOnlySpan<double> inputs, int columns, ReadOnlySpan<double> targets)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        int rows = CountRows(inputs, columns);
        if (targets.Length != rows)
            throw new ArgumentException($"Expected {rows} targets (one per row), got {targets.Length}.", nameof(targets));
        var row = new double[columns];
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            inputs.Slice(i * columns, columns).CopyTo(row);
            double d = compiled(row) - targets[i];
            sum += d * d;
        }
        return Math.Sqrt(sum / rows);
    }

    /// <summary>Root mean square error of <paramref name="expression"/>, whose variables are the input columns in <paramref name="variableOrder"/> order.</summary>
    public static double Rmse(Expr expression, IReadOnlyList<string> variableOrder, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(variableOrder);
        return Rmse(expression.Compile(variableOrder), inputs, variableOrder.Count, targets);
    }

    /// <summary>Root mean square error on a single-output dataset.</summary>
    public static double Rmse(Func<double[], double> compiled, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.OutputDimension != 1)
            throw new ArgumentException($"The dataset has {data.OutputDimension} outputs; an expression predicts one.", nameof(data));
        return Rmse(compiled, data.Inputs, data.InputDimension, data.Targets);
    }

    private static int CountRows(ReadOnlySpan<double> inputs, int columns)
    {
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "At least one column is needed.");
        if (inputs.Length % columns != 0)
            throw new ArgumentException($"{inputs.Length} input values do not split into rows of {columns}.", nameof(inputs));
        return inputs.Length / columns;
    }
}
