using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedoxBuild.CloudHypervisor.Api;

/// <summary>How bodies are (de)serialized: the API's snake_case names, absent values left out of requests.</summary>
public static class CloudHypervisorJson
{
    /// <summary>Read-only, so the shared instance cannot be changed by anyone.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            // vm.resize treats a field that is present as a request to change it, so nulls must not be sent.
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
