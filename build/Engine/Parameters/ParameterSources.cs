using System.Text.Json;

namespace RedoxBuild.Engine;

/// <summary>Values found for a parameter, and where they came from (quoted in error messages).</summary>
public sealed record ParameterValue(IReadOnlyList<string> Values, string Origin, bool RelativeToRoot = false);

/// <summary>One place parameter values come from; sources are asked in precedence order.</summary>
public interface IParameterSource
{
    ParameterValue? TryGet(ParameterDescriptor parameter);
}

/// <summary>Named command-line options (--name value). Positional tokens only feed the Target parameter.</summary>
public sealed class CommandLineSource(ArgumentParser arguments) : IParameterSource
{
    public ParameterValue? TryGet(ParameterDescriptor parameter)
    {
        var values = arguments.Get(parameter.Name);
        if (values is not null) return new ParameterValue(values, $"command line {parameter.CliName}");
        if (parameter.Name == "Target" && arguments.Positional.Count > 0) return new ParameterValue(arguments.Positional, "command line");
        return null;
    }
}

/// <summary>
/// Environment variables: the exact SCREAMING_SNAKE name or an alias first; then any variable whose letters and digits
/// match the name (or NUKE + name) ignoring case. Two different matches are ambiguous: a warning, and no value.
/// Strict parameters (generic names such as Target or Host) only bind through NUKE_NAME and their aliases.
/// </summary>
public sealed class EnvironmentSource(IReadOnlyDictionary<string, string> environment, Action<string> warn) : IParameterSource
{
    public ParameterValue? TryGet(ParameterDescriptor parameter)
    {
        foreach (var exact in parameter.EnvironmentAliases.Prepend(parameter.EnvName))
            if (environment.TryGetValue(exact, out var v)) return Value(parameter, exact, v);

        var wanted = parameter.StrictEnvironment
            ? new[] { "nuke" + parameter.NormalizedName }
            : [parameter.NormalizedName, "nuke" + parameter.NormalizedName];
        var matches = environment.Where(kv => wanted.Contains(Naming.Normalize(kv.Key))).ToList();
        if (matches.Count == 0) return null;
        if (matches.Select(m => m.Value).Distinct().Count() > 1)
        {
            warn($"Environment variables {string.Join(", ", matches.Select(m => m.Key).Order())} all match parameter {parameter.CliName} with different values; none is used.");
            return null;
        }
        return Value(parameter, matches[0].Key, matches[0].Value);
    }

    private static ParameterValue Value(ParameterDescriptor parameter, string name, string value) =>
        new(parameter.Separator != default ? value.Split(parameter.Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [value],
            $"environment variable {name}");
}

/// <summary>
/// .nuke/parameters.json, then each .nuke/parameters.&lt;name&gt;.json given with --parameters-profile (later files win).
/// Keys are member names (matched ignoring case and dashes); unknown keys are an error so typos don't go unnoticed.
/// </summary>
public sealed class ParametersFileSource : IParameterSource
{
    private readonly List<(string File, Dictionary<string, (string Key, JsonElement Value)> Entries)> _files = [];

    public ParametersFileSource(string nukeDirectory, IReadOnlyList<string> profiles)
    {
        var profileFiles = profiles.Select(p => Path.Combine(nukeDirectory, $"parameters.{p}.json")).ToList();
        foreach (var missing in profileFiles.Where(f => !File.Exists(f)))
            throw new ParameterException($"Parameters profile file '{missing}' does not exist. Create it or drop it from --parameters-profile.");

        var main = Path.Combine(nukeDirectory, "parameters.json");
        // Later profiles override earlier ones, and every profile overrides parameters.json.
        foreach (var file in Enumerable.Reverse(profileFiles).Append(main).Where(File.Exists))
        {
            var entries = new Dictionary<string, (string, JsonElement)>(StringComparer.Ordinal);
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    throw new ParameterException(
                        $"{file} must be a JSON object of parameter names and values, e.g. {{\"Profile\": \"graphical\"}}; it holds {Describe(doc.RootElement.ValueKind)}.");
                foreach (var p in doc.RootElement.EnumerateObject().Where(p => p.Name != "$schema"))
                    entries[Naming.Normalize(p.Name)] = (p.Name, p.Value.Clone());
            }
            catch (JsonException e)
            {
                throw new ParameterException($"{file}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: {e.Message}");
            }
            _files.Add((file, entries));
        }
    }

    /// <summary>Keys that name no parameter, with their file, so the binder can report them.</summary>
    public IEnumerable<(string File, string Key)> UnknownKeys(IReadOnlyCollection<ParameterDescriptor> known) =>
        _files.SelectMany(f => f.Entries.Values
            .Where(e => known.All(k => k.NormalizedName != Naming.Normalize(e.Key)))
            .Select(e => (f.File, e.Key)));

    public ParameterValue? TryGet(ParameterDescriptor parameter)
    {
        foreach (var (file, entries) in _files)
        {
            if (!entries.TryGetValue(parameter.NormalizedName, out var entry)) continue;
            var values = entry.Value.ValueKind switch
            {
                JsonValueKind.Array => entry.Value.EnumerateArray().Select(Text).ToList(),
                _ => [Text(entry.Value)],
            };
            return new ParameterValue(values, $"{Path.GetFileName(file)} key \"{entry.Key}\"", RelativeToRoot: true);
        }
        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => e.GetRawText(),
    };
}

/// <summary>A parameter could not be bound; the message names the parameter, its spellings and what is accepted.</summary>
public sealed class ParameterException(string message) : Exception(message);
