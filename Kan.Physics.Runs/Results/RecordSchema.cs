namespace Kan.Physics.Runs.Results;

/// <summary>
/// The named numbers of a typed record, declared once: how a problem's metrics record becomes the result's
/// <see cref="ResultDocument.Metrics"/>, or how its per-step history rows become the columns of
/// <see cref="ResultDocument.Training"/>. Names are written in declaration order, so files and tables keep a stable
/// column order.
/// </summary>
/// <example>
/// <code>
/// sealed record FitMetrics(double TrainRmse, double TestRmse, double? FormulaRmse);
///
/// static readonly RecordSchema&lt;FitMetrics&gt; Metrics = new RecordSchema&lt;FitMetrics&gt;()
///     .Number("train_rmse", m => m.TrainRmse)
///     .Number("test_rmse", m => m.TestRmse)
///     .Optional("formula_test_rmse", m => m.FormulaRmse);
///
/// Metrics.WriteMetrics(new FitMetrics(1e-3, 2e-3, null), document.Metrics);   // train_rmse, test_rmse
/// </code>
/// </example>
public sealed class RecordSchema<T>
{
    /// <summary>One declaration: a fixed name with its value (null: absent), or a group of names the record supplies.</summary>
    private sealed record Field(string? Name, Func<T, double?>? Value, Func<T, IEnumerable<KeyValuePair<string, double>>>? Group);

    private readonly List<Field> _fields = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>A number that is always written (NaN and infinities as they are).</summary>
    public RecordSchema<T> Number(string name, Func<T, double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, r => value(r));
    }

    /// <summary>A whole number (a count, a step, a grid size), written as a number.</summary>
    public RecordSchema<T> Integer(string name, Func<T, long> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, r => value(r));
    }

    /// <summary>A yes/no outcome, written as 1 or 0.</summary>
    public RecordSchema<T> Flag(string name, Func<T, bool> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, r => value(r) ? 1 : 0);
    }

    /// <summary>A number the record may not have: a metric is left out when it is null, a history column holds NaN there.</summary>
    public RecordSchema<T> Optional(string name, Func<T, double?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, value);
    }

    /// <summary>
    /// Numbers whose names the record supplies (an attribution per input, a loss per term), each written as
    /// <paramref name="prefix"/> + name. As history columns, names come in the order rows first have them; a row
    /// without one holds NaN.
    /// </summary>
    public RecordSchema<T> Group(string prefix, Func<T, IEnumerable<KeyValuePair<string, double>>> values)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(values);
        _fields.Add(new Field(prefix, null, r => values(r).Select(p => KeyValuePair.Create(prefix + p.Key, p.Value))));
        return this;
    }

    /// <summary>The fields of <paramref name="part"/>, read from the part of the record that <paramref name="select"/> picks, at this place.</summary>
    /// <exception cref="ArgumentException">A name of <paramref name="part"/> is declared here already.</exception>
    public RecordSchema<T> Include<TPart>(RecordSchema<TPart> part, Func<T, TPart> select)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(select);
        foreach (var f in part._fields)
        {
            if (f.Group is { } group) _fields.Add(new Field(f.Name, null, r => group(select(r))));
            else if (f.Value is { } value) Add(f.Name!, r => value(select(r)));
        }
        return this;
    }

    /// <summary>Writes the metrics of <paramref name="record"/> into <paramref name="metrics"/> in declaration order.</summary>
    /// <exception cref="InvalidOperationException">Two fields give the same name.</exception>
    public void WriteMetrics(T record, IDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var written = new HashSet<string>(StringComparer.Ordinal);
        void Put(string name, double value)
        {
            if (!written.Add(name)) throw new InvalidOperationException($"The metric '{name}' is written twice.");
            metrics[name] = value;
        }
        foreach (var f in _fields)
        {
            if (f.Group is { } group)
                foreach (var (name, value) in group(record)) Put(name, value);
            else if (f.Value!(record) is { } v) Put(f.Name!, v);
        }
    }

    /// <summary>Writes one column per field of <paramref name="rows"/> into <paramref name="columns"/>, in declaration order.</summary>
    /// <exception cref="InvalidOperationException">Two fields give the same column name.</exception>
    public void WriteColumns(IReadOnlyList<T> rows, IDictionary<string, double[]> columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        var written = new HashSet<string>(StringComparer.Ordinal);
        void Put(string name, double[] column)
        {
            if (!written.Add(name)) throw new InvalidOperationException($"The column '{name}' is written twice.");
            columns[name] = column;
        }
        foreach (var f in _fields)
        {
            if (f.Group is { } group)
            {
                var values = rows.Select(r => group(r).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)).ToArray();
                foreach (string name in values.SelectMany(v => v.Keys).Distinct(StringComparer.Ordinal))
                    Put(name, values.Select(v => v.TryGetValue(name, out double x) ? x : double.NaN).ToArray());
            }
            else Put(f.Name!, rows.Select(r => f.Value!(r) ?? double.NaN).ToArray());
        }
    }

    private RecordSchema<T> Add(string name, Func<T, double?> value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Add(name)) throw new ArgumentException($"The field '{name}' is declared twice.", nameof(name));
        _fields.Add(new Field(name, value, null));
        return this;
    }
}
