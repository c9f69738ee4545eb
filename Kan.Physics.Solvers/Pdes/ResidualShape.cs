namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// Thrown by <see cref="PdePoint{T}.Field"/> for a field the point does not have. It is an
/// <see cref="ArgumentOutOfRangeException"/> like before; the index it carries lets <see cref="ResidualShape"/> say
/// which field a residual reads.
/// </summary>
/// <summary>
/// Thrown by <see cref="PdePoint{T}.Parameter(int)"/> and <see cref="PdePoint{T}.Parameter(string)"/> for a coefficient
/// the PDE does not declare; <see cref="ResidualShape"/> lets it through, so it is reported when the problem is built.
/// </summary>
public sealed class UnknownParameterException : ArgumentException
{
    internal UnknownParameterException(string parameter, string[]? declared, string kind = "parameter", string argument = "parameters")
        : base(declared is { Length: > 0 }
            ? $"The residual reads {kind} {parameter}, but the PDE declares only {string.Join(", ", declared.Select((n, k) => $"{k} '{n}'"))} ({argument}: in the Pde constructor)."
            : $"The residual reads {kind} {parameter}, but the PDE declares no {argument} (pass {argument}: to the Pde constructor).")
    {
    }
}

internal sealed class FieldIndexException(int index, int fields)
    : ArgumentOutOfRangeException(nameof(index), index, $"The PDE has {fields} field(s).")
{
    public int Index { get; } = index;
}

/// <summary>
/// Finds, by running a residual once or a few times at one point, how many fields it reads and how many components
/// it writes, so that a PDE or condition whose declared counts are too small is reported when the problem is built
/// rather than as an index error deep inside training.
/// </summary>
internal static class ResidualShape
{
    /// <summary>Counts beyond this are not searched (no residual of ours comes near it).</summary>
    private const int Limit = 64;

    /// <summary>
    /// The numbers of fields and components the residual needs at <paramref name="coordinates"/>: it runs on a zero
    /// jet of <paramref name="fields"/> fields writing into <paramref name="equations"/> components; a read of a
    /// missing field raises the field count to cover it, an index error on the components raises their count by one,
    /// and it runs again. Returns null when the residual fails for any other reason (at a zero jet a residual may
    /// legitimately fail; the real evaluation reports such errors), so a null answer means "nothing found".
    /// </summary>
    /// <remarks>A read of an undeclared parameter is not "nothing found": its <see cref="UnknownParameterException"/> propagates.</remarks>
    public static (int Fields, int Equations)? Needed(IResidualFunction residual, ReadOnlySpan<double> coordinates, ReadOnlySpan<double> normal,
        int fields, int equations, int spatialDimension, string[]? parameterNames = null, double[]? parameterValues = null, string[]? coefficientNames = null)
    {
        int coefficients = coefficientNames?.Length ?? 0;
        var parameters = (parameterValues ?? []).Select(v => new Real(v)).ToArray();
        int d = coordinates.Length, order = residual.Order;
        int perField = 1 + (order >= 1 ? d : 0) + (order >= 2 ? d * (d + 1) / 2 : 0);
        while (true)
        {
            var jet = new Real[perField * (fields + coefficients)];
            var components = new Real[equations];
            try
            {
                residual.Evaluate(new PdePoint<Real>(coordinates, normal, jet, fields, spatialDimension, order, parameters, parameterNames, 0, coefficientNames), components);
                return (fields, equations);
            }
            catch (FieldIndexException e) when (e.Index >= fields && e.Index < Limit) { fields = e.Index + 1; }
            catch (IndexOutOfRangeException) when (equations < Limit) { equations++; }
            catch (UnknownParameterException) { throw; }
            catch (Exception) { return null; }
        }
    }
}
