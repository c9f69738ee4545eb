using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Job file text to <see cref="JobFileDocument"/> with System.Text.Json, and its exceptions to
/// <see cref="JobFileException"/>s that name the file, the path (<c>jobs[2].settings.grids</c>) and the value.
/// </summary>
/// <remarks>
/// The text is parsed twice: once into a <see cref="JsonDocument"/> (syntax errors get a line, a position and the text
/// near them), then deserialised. A serializer error carries only a path; the value there is read from the document,
/// and what the value must be from the <see cref="DescriptionAttribute"/> of the property or type at that path.
/// </remarks>
internal static class JobFileJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        AllowDuplicateProperties = false,
        // the element is read again from its raw text, so these must match the document's options
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Reads <paramref name="json"/>; every defect is a <see cref="JobFileException"/> naming <paramref name="source"/>.</summary>
    public static JobFileDocument Read(string json, string source)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, DocumentOptions); }
        catch (JsonException ex) { throw NotJson(json, source, ex); }
        using (document)
        {
            try
            {
                return document.RootElement.Deserialize<JobFileDocument>(SerializerOptions)
                       ?? throw new JobFileException(source, "$", "the document is null; a job file is an object with a \"jobs\" array");
            }
            catch (JsonException ex) { throw Explain(document.RootElement, source, ex); }
        }
    }

    /// <summary>The element as its JSON text (cut when long), with its kind where that helps.</summary>
    public static string Describe(JsonElement element)
    {
        string raw = element.GetRawText().ReplaceLineEndings(" ");
        if (raw.Length > 60) raw = raw[..57] + "...";
        return element.ValueKind switch
        {
            JsonValueKind.Object => $"an object {raw}",
            JsonValueKind.Array => $"an array {raw}",
            JsonValueKind.String => $"the string {raw}",
            JsonValueKind.Null => "null",
            _ => raw,
        };
    }

    /// <summary>The path of member <paramref name="name"/> of <paramref name="path"/> ("" or "$" for the top level).</summary>
    public static string Member(string path, string name)
    {
        if (path == "$") path = "";
        bool simple = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (!simple) return $"{path}[{JsonSerializer.Serialize(name)}]";
        return path.Length == 0 ? name : $"{path}.{name}";
    }

    private static JobFileException NotJson(string json, string source, JsonException ex)
    {
        // JsonException's message ends in "LineNumber: 2 | BytePositionInLine: 4."; we say it in words instead.
        string reason = ex.Message;
        int at = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at > 0) reason = reason[..at];
        if (ex.LineNumber is not long line) return new JobFileException(source, null, $"not valid JSON: {reason}", ex);
        long column = ex.BytePositionInLine ?? 0;
        string[] lines = json.Split('\n');
        string near = "";
        if (line < lines.Length)
        {
            string text = lines[line].TrimEnd('\r');
            int start = (int)Math.Clamp(column - 20, 0, text.Length);
            int end = (int)Math.Clamp(column + 20, start, text.Length);
            near = $" near \"{text[start..end]}\"";
        }
        return new JobFileException(source, ex.Path is { Length: > 1 } p && Segments(p) is { } segments ? Ours(segments) : null,
            $"not valid JSON at line {line + 1}, position {column + 1}{near}: {reason}", ex);
    }

    /// <summary>
    /// Follows the serializer's path through the document and the type metadata together, and says what is wrong
    /// where it ends: an unknown or repeated field, a missing required one, or a value of the wrong kind.
    /// </summary>
    private static JobFileException Explain(JsonElement root, string source, JsonException ex)
    {
        var segments = ex.Path is { } p ? Segments(p) : null;
        if (segments is null) return new JobFileException(source, null, ex.Message, ex);
        if (ex is JobFileValueException) return new JobFileException(source, Ours(segments), ex.Message, ex);

        JsonElement element = root, parent = default;
        JsonTypeInfo info = SerializerOptions.GetTypeInfo(typeof(JobFileDocument));
        ICustomAttributeProvider? member = null;
        string path = "$";
        foreach (var segment in segments)
        {
            parent = element;
            string next = segment is int index ? $"{(path == "$" ? "" : path)}[{index}]" : Member(path, (string)segment);
            if (segment is string name && info.Kind == JsonTypeInfoKind.Object)
            {
                var property = info.Properties.FirstOrDefault(x => x.Name == name);
                if (property is null)
                    return new JobFileException(source, next, $"unknown field \"{name}\"; valid fields here: {string.Join(", ", info.Properties.Select(x => x.Name))}", ex);
                info = SerializerOptions.GetTypeInfo(property.PropertyType);
                member = property.AttributeProvider;
            }
            else if (info.Kind is JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary && info.ElementType is { } elementType)
            {
                info = SerializerOptions.GetTypeInfo(elementType);
                member = null;
            }
            else return new JobFileException(source, next, ex.Message, ex);
            if (!TryStep(element, segment, out element)) return new JobFileException(source, next, ex.Message, ex);
            path = next;
        }

        if (segments.Count > 0 && segments[^1] is string key && parent.ValueKind == JsonValueKind.Object
            && parent.EnumerateObject().Count(x => x.Name == key) > 1)
        {
            string where = segments.Count == 1 ? "the document" : Ours(segments[..^1]);
            return new JobFileException(source, path, $"the key \"{key}\" appears twice in {where}", ex);
        }
        if (info.Kind == JsonTypeInfoKind.Object && element.ValueKind == JsonValueKind.Object
            && info.Properties.FirstOrDefault(x => x.IsRequired && !element.TryGetProperty(x.Name, out _)) is { } missing)
        {
            string what = Expected(missing.AttributeProvider, SerializerOptions.GetTypeInfo(missing.PropertyType).Type);
            return new JobFileException(source, path, $"missing field \"{missing.Name}\" ({what})", ex);
        }
        return new JobFileException(source, path, $"is {Describe(element)}; it must be {Expected(member, info.Type)}", ex);
    }

    private static string Expected(ICustomAttributeProvider? member, Type type)
    {
        static string? Of(ICustomAttributeProvider? p) =>
            p?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true).OfType<DescriptionAttribute>().FirstOrDefault()?.Description;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return Of(member) ?? Of(type) ?? type.Name;
    }

    private static bool TryStep(JsonElement element, object segment, out JsonElement next)
    {
        next = default;
        if (segment is int index)
        {
            if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength()) return false;
            next = element[index];
            return true;
        }
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty((string)segment, out next);
    }

    /// <summary>Our form of a path: <c>jobs[0].settings["my key"]</c>, "$" for the top level.</summary>
    private static string Ours(IReadOnlyList<object> segments)
    {
        string path = "$";
        foreach (var s in segments) path = s is int i ? $"{(path == "$" ? "" : path)}[{i}]" : Member(path, (string)s);
        return path;
    }

    /// <summary>
    /// The serializer's path (<c>$.jobs[0].settings['my key']</c>) as property names (strings) and array indices
    /// (ints); null when it is not in that form.
    /// </summary>
    private static List<object>? Segments(string path)
    {
        if (!path.StartsWith('$')) return null;
        var result = new List<object>();
        int i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                result.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                // names with special characters are quoted without escaping: the name ends at the "']" after which
                // the path ends or goes on
                int end = i + 2;
                while ((end = path.IndexOf("']", end, StringComparison.Ordinal)) >= 0
                       && end + 2 < path.Length && path[end + 2] is not ('.' or '['))
                    end++;
                if (end < 0) return null;
                result.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                int end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), out int index)) return null;
                result.Add(index);
                i = end + 1;
            }
            else return null;
        }
        return result;
    }
}
