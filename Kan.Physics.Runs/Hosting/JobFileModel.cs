using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kan.Physics.Runs.Hosting;

// The records a job file deserialises into (System.Text.Json, snake_case names). The [Description] of a property, or
// of its type, is what an error message says the value must be. Checks that span fields (seed or seeds, repeated
// values, a key both fixed and swept, the registry) are made by JobFile after deserialisation.

/// <summary>A whole job file: <c>{ "jobs": [ ... ] }</c>.</summary>
[Description("an object with a \"jobs\" array")]
internal sealed record JobFileDocument
{
    [Description("an array of job objects")]
    public required IReadOnlyList<JobEntry> Jobs { get; init; }
}

/// <summary>One entry of <c>jobs</c>; it expands to one job per sweep combination and seed.</summary>
[Description("an object with at least \"problem\"")]
internal sealed record JobEntry
{
    [Description("a problem name")]
    public required string Problem { get; init; }

    public JobSeed? Seed { get; init; }

    [Description("an array of non-negative integers")]
    public IReadOnlyList<JobSeed>? Seeds { get; init; }

    [Description("an object of key: value")]
    public OrderedDictionary<string, SettingValue>? Settings { get; init; }

    [Description("an object of key: [values]")]
    public OrderedDictionary<string, SweepValues>? Sweep { get; init; }

    [Description("a non-empty string")]
    public string? Id { get; init; }
}

/// <summary>The values one sweep key takes.</summary>
[Description("an array of values")]
internal sealed class SweepValues : List<SettingValue>
{
    public SweepValues() { }

    public SweepValues(IEnumerable<SettingValue> values) : base(values) { }
}

/// <summary>A seed: a non-negative 32-bit integer.</summary>
[JsonConverter(typeof(JobSeedConverter))]
internal readonly record struct JobSeed(int Value);

/// <summary>
/// A setting value as invariant text (strings as written, integers as written, other numbers in round-trip form,
/// booleans 1 / 0), with the JSON it was read from for messages.
/// </summary>
[JsonConverter(typeof(SettingValueConverter))]
internal readonly record struct SettingValue(string Text, string Json)
{
    /// <summary>A value given as text (a command line's <c>--set</c>), not read from JSON.</summary>
    public static SettingValue FromText(string text) => new(text, JobFileJson.Describe(JsonSerializer.SerializeToElement(text)));
}

/// <summary>A bad value found by a converter: the message is complete, the serializer adds only the path.</summary>
internal sealed class JobFileValueException(string message) : JsonException(message);

internal sealed class JobSeedConverter : JsonConverter<JobSeed>
{
    public override bool HandleNull => true;

    public override JobSeed Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        if (element.ValueKind != JsonValueKind.Number) throw Error(element, "is not a number");
        if (element.TryGetInt32(out int value)) return value >= 0 ? new JobSeed(value) : throw Error(element, "is negative");
        if (element.TryGetInt64(out long big)) throw Error(element, big < 0 ? "is negative" : "is beyond the 32-bit range");
        throw Error(element, "is not an integer");
    }

    public override void Write(Utf8JsonWriter writer, JobSeed value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);

    private static JobFileValueException Error(JsonElement element, string reason)
        => new($"{JobFileJson.Describe(element)} {reason}; a seed must be a non-negative integer");
}

internal sealed class SettingValueConverter : JsonConverter<SettingValue>
{
    public override bool HandleNull => true;

    public override SettingValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        string json = JobFileJson.Describe(element);
        switch (element.ValueKind)
        {
            case JsonValueKind.String: return new(element.GetString()!, json);
            case JsonValueKind.True: return new("1", json);
            case JsonValueKind.False: return new("0", json);
            case JsonValueKind.Number:
                if (element.TryGetInt64(out long integer)) return new(integer.ToString(CultureInfo.InvariantCulture), json);
                if (element.TryGetDouble(out double number) && double.IsFinite(number))
                    return new(number.ToString("R", CultureInfo.InvariantCulture), json);
                throw new JobFileValueException($"{json} is out of the range of a double");
            default:
                throw new JobFileValueException($"is {json}; a setting value must be a string, number or boolean");
        }
    }

    public override void Write(Utf8JsonWriter writer, SettingValue value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
}
