using PureHDF;

namespace Kan.Physics.Runs.Results;

/// <summary>
/// Typed, checked access to the objects of an open HDF5 file: every getter either returns a value of the expected
/// type and shape or throws a <see cref="ResultFileException"/> that names the file and the HDF5 path.
/// </summary>
/// <remarks>
/// Integers and floats are accepted in any width and signedness the file uses (h5py writes Python ints as int64,
/// this library writes counts as int32), so files produced by other tools read as long as their values fit.
/// PureHDF reports problems as plain <see cref="Exception"/>s; <see cref="Guard{T}"/> turns them into ours.
/// </remarks>
internal sealed class HdfReader(string path)
{
    public string Path => path;

    public ResultFileException Error(string problem, Exception? inner = null) => new(path, problem, inner);

    /// <summary>Runs an HDF5 access and reports any library failure as corrupt data at <paramref name="where"/>.</summary>
    public T Guard<T>(string where, Func<T> access)
    {
        try { return access(); }
        catch (ResultFileException) { throw; }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Error($"cannot read {where}: {ex.Message}", ex);
        }
    }

    /// <summary>The group <paramref name="name"/> under <paramref name="parent"/>, or null when there is no such link.</summary>
    public IH5Group? OptionalGroup(IH5Group parent, string parentPath, string name)
    {
        string where = Join(parentPath, name);
        return Guard(where, () =>
        {
            if (!parent.LinkExists(name)) return null;
            return parent.Get(name) as IH5Group ?? throw Error($"{where} is not a group");
        });
    }

    /// <summary>The group <paramref name="name"/> under <paramref name="parent"/>; missing is an error.</summary>
    public IH5Group Group(IH5Group parent, string parentPath, string name)
        => OptionalGroup(parent, parentPath, name) ?? throw Error($"missing group {Join(parentPath, name)}");

    /// <summary>The dataset <paramref name="name"/> under <paramref name="parent"/>, or null when there is no such link.</summary>
    public IH5Dataset? OptionalDataset(IH5Group parent, string parentPath, string name)
    {
        string where = Join(parentPath, name);
        return Guard(where, () =>
        {
            if (!parent.LinkExists(name)) return null;
            return parent.Get(name) as IH5Dataset ?? throw Error($"{where} is not a dataset");
        });
    }

    /// <summary>The names of the datasets directly under <paramref name="group"/>, in link order.</summary>
    public List<string> DatasetNames(IH5Group group, string groupPath)
        => Guard(groupPath, () => group.Children().OfType<IH5Dataset>().Select(d => d.Name).ToList());

    /// <summary>The attribute <paramref name="name"/> of <paramref name="owner"/>, or null when absent.</summary>
    public IH5Attribute? OptionalAttribute(IH5Object owner, string ownerPath, string name)
        => Guard(AttributePath(ownerPath, name), () => owner.AttributeExists(name) ? owner.Attribute(name) : null);

    /// <summary>All attributes of <paramref name="owner"/>, in the order the file lists them.</summary>
    public List<IH5Attribute> Attributes(IH5Object owner, string ownerPath)
        => Guard(ownerPath, () => owner.Attributes().ToList());

    public string String(IH5Object owner, string ownerPath, string name)
        => OptionalString(owner, ownerPath, name) ?? throw Error($"missing attribute {AttributePath(ownerPath, name)}");

    public string? OptionalString(IH5Object owner, string ownerPath, string name)
    {
        var attribute = OptionalAttribute(owner, ownerPath, name);
        return attribute is null ? null : ReadString(attribute, AttributePath(ownerPath, name));
    }

    public string ReadString(IH5Attribute attribute, string where)
    {
        var type = Guard(where, () => attribute.Type.Class);
        if (type is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength) || !IsSingle(attribute, where))
            throw Error($"{where} is not a string");
        return Guard(where, () => attribute.Read<string>()) ?? throw Error($"{where} is a null string");
    }

    public long Integer(IH5Object owner, string ownerPath, string name)
    {
        string where = AttributePath(ownerPath, name);
        var attribute = OptionalAttribute(owner, ownerPath, name) ?? throw Error($"missing attribute {where}");
        if (!IsSingle(attribute, where)) throw Error($"{where} is not a single integer");
        return ReadIntegers(attribute, where)[0];
    }

    /// <summary>An integer attribute that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int32(IH5Object owner, string ownerPath, string name, int min, int max = int.MaxValue)
    {
        long value = Integer(owner, ownerPath, name);
        if (value < min || value > max) throw Error($"{AttributePath(ownerPath, name)} is {value}; expected a value in [{min}, {max}]");
        return (int)value;
    }

    public long[] IntegerArray(IH5Object owner, string ownerPath, string name)
    {
        string where = AttributePath(ownerPath, name);
        var attribute = OptionalAttribute(owner, ownerPath, name) ?? throw Error($"missing attribute {where}");
        return ReadIntegers(attribute, where);
    }

    public double? OptionalDouble(IH5Object owner, string ownerPath, string name)
    {
        var attribute = OptionalAttribute(owner, ownerPath, name);
        return attribute is null ? null : ReadNumber(attribute, AttributePath(ownerPath, name))
            ?? throw Error($"{AttributePath(ownerPath, name)} is not a single number");
    }

    public double Double(IH5Object owner, string ownerPath, string name)
        => OptionalDouble(owner, ownerPath, name) ?? throw Error($"missing attribute {AttributePath(ownerPath, name)}");

    /// <summary>A single float or integer attribute as a double, or null when it is something else (a string, an array).</summary>
    public double? ReadNumber(IH5Attribute attribute, string where)
    {
        var type = Guard(where, () => attribute.Type);
        if (!IsSingle(attribute, where)) return null;
        return type.Class switch
        {
            H5DataTypeClass.FloatingPoint => type.Size switch
            {
                8 => Guard(where, () => attribute.Read<double>()),
                4 => Guard(where, () => attribute.Read<float>()),
                _ => throw Error($"{where} is a {8 * type.Size}-bit float; only 32 and 64 bits are read"),
            },
            H5DataTypeClass.FixedPoint => ReadIntegers(attribute, where)[0],
            _ => null,
        };
    }

    /// <summary>
    /// A float64 dataset's values (row-major) and shape. A rank of <paramref name="rank"/> is required, and each
    /// entry of <paramref name="shape"/> that is not -1 must match.
    /// </summary>
    public (double[] Values, long[] Shape) Doubles(IH5Dataset dataset, string where, int rank, params long[] shape)
    {
        var (type, dims) = Guard(where, () => (dataset.Type, dataset.Space.Dimensions));
        if (type.Class != H5DataTypeClass.FloatingPoint || type.Size != 8)
            throw Error($"{where} holds {type.Class} values of {type.Size} bytes; expected 64-bit floats");
        CheckShape(where, dims, rank, shape);
        long count = 1;
        foreach (ulong d in dims) count = Math.Min(count * (long)Math.Min(d, (ulong)Array.MaxLength + 1), (long)Array.MaxLength + 1); // saturates, cannot overflow
        if (count > Array.MaxLength) throw Error($"{where} has shape ({string.Join(", ", dims)}), too large to load");
        double[] values = count == 0 ? [] : Guard(where, () => dataset.Read<double[]>());
        if (values.LongLength != count) throw Error($"{where} returned {values.LongLength} values for shape ({string.Join(", ", dims)})");
        return (values, dims.Select(d => (long)d).ToArray());
    }

    /// <summary>An integer dataset's values (row-major) as int64, with the same shape rules as <see cref="Doubles"/>.</summary>
    public long[] Integers(IH5Dataset dataset, string where, int rank, params long[] shape)
    {
        var (type, dims) = Guard(where, () => (dataset.Type, dataset.Space.Dimensions));
        if (type.Class != H5DataTypeClass.FixedPoint) throw Error($"{where} holds {type.Class} values; expected integers");
        CheckShape(where, dims, rank, shape);
        if (dims.Any(d => d == 0)) return [];
        bool signed = Guard(where, () => type.FixedPoint.IsSigned);
        return (type.Size, signed) switch
        {
            (4, true) => Guard(where, () => dataset.Read<int[]>()).Select(v => (long)v).ToArray(),
            (4, false) => Guard(where, () => dataset.Read<uint[]>()).Select(v => (long)v).ToArray(),
            (8, true) => Guard(where, () => dataset.Read<long[]>()),
            _ => throw Error($"{where} holds {8 * type.Size}-bit {(signed ? "signed" : "unsigned")} integers; expected 32-bit or signed 64-bit"),
        };
    }

    /// <summary>A 1-D string dataset of <paramref name="length"/> entries.</summary>
    public string[] Strings(IH5Dataset dataset, string where, long length)
    {
        var (type, dims) = Guard(where, () => (dataset.Type, dataset.Space.Dimensions));
        if (type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength)) throw Error($"{where} holds {type.Class} values; expected strings");
        CheckShape(where, dims, 1, [length]);
        string?[] values = length == 0 ? [] : Guard(where, () => dataset.Read<string[]>());
        return values.Select((v, i) => v ?? throw Error($"{where}[{i}] is a null string")).ToArray();
    }

    private void CheckShape(string where, ulong[] dims, int rank, long[] shape)
    {
        if (dims.Length != rank)
            throw Error($"{where} has shape ({string.Join(", ", dims)}); expected a {rank}-D array{ShapeHint(shape)}");
        for (int i = 0; i < shape.Length; i++)
            if (shape[i] >= 0 && (long)dims[i] != shape[i])
                throw Error($"{where} has shape ({string.Join(", ", dims)}); expected{ShapeHint(shape)}");
    }

    public static string Join(string parent, string name) => parent == "/" ? "/" + name : parent + "/" + name;

    public static string AttributePath(string owner, string name) => $"attribute '{name}' of {owner}";

    private static string ShapeHint(long[] shape)
        => shape.Length == 0 ? "" : $" ({string.Join(", ", shape.Select(s => s < 0 ? "any" : s.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";

    private bool IsSingle(IH5Attribute attribute, string where)
    {
        var dims = Guard(where, () => attribute.Space.Dimensions);
        return dims.All(d => d == 1);
    }

    private long[] ReadIntegers(IH5Attribute attribute, string where)
    {
        var type = Guard(where, () => attribute.Type);
        if (type.Class != H5DataTypeClass.FixedPoint) throw Error($"{where} is {type.Class}, not an integer");
        bool signed = Guard(where, () => type.FixedPoint.IsSigned);
        return (type.Size, signed) switch
        {
            (1, true) => Guard(where, () => attribute.Read<sbyte[]>()).Select(v => (long)v).ToArray(),
            (1, false) => Guard(where, () => attribute.Read<byte[]>()).Select(v => (long)v).ToArray(),
            (2, true) => Guard(where, () => attribute.Read<short[]>()).Select(v => (long)v).ToArray(),
            (2, false) => Guard(where, () => attribute.Read<ushort[]>()).Select(v => (long)v).ToArray(),
            (4, true) => Guard(where, () => attribute.Read<int[]>()).Select(v => (long)v).ToArray(),
            (4, false) => Guard(where, () => attribute.Read<uint[]>()).Select(v => (long)v).ToArray(),
            (8, true) => Guard(where, () => attribute.Read<long[]>()),
            (8, false) => Guard(where, () => attribute.Read<ulong[]>()).Select(v => v <= long.MaxValue ? (long)v
                : throw Error($"{where} holds {v}, beyond the int64 range")).ToArray(),
            _ => throw Error($"{where} is a {8 * type.Size}-bit integer; only 8 to 64 bits are read"),
        };
    }
}
