using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RedoxBuild.Cache.Stores.Http;

namespace RedoxBuild.Cache.Stores.Oci;

/// <summary>
/// The registry token flow: a 401 carries WWW-Authenticate: Bearer realm=...,service=...,scope=...; we GET the realm
/// with that service and scope (with basic credentials when we have them, anonymously otherwise) and retry with the
/// returned token. A Basic challenge (htpasswd registries) gets the credentials directly. The current
/// Authorization header is kept for later requests; when it expires or lacks a scope, the next 401 renews it.
/// </summary>
internal sealed class OciAuthenticator(HttpClient client, string? user, SecretText? password)
{
    private readonly object _lock = new();
    private AuthenticationHeaderValue? _current;

    public AuthenticationHeaderValue? Current
    {
        get { lock (_lock) return _current; }
    }

    /// <summary>Answers a 401; false when the challenge is not one we can meet (then the 401 stands).</summary>
    public async Task<bool> AnswerAsync(HttpResponseMessage unauthorized, CancellationToken cancellationToken)
    {
        var challenge = unauthorized.Headers.WwwAuthenticate.FirstOrDefault(c => c.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                        ?? unauthorized.Headers.WwwAuthenticate.FirstOrDefault(c => c.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase));
        if (challenge is null) return false;
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (Basic() is not { } basic) return false;
            Set(basic);
            return true;
        }

        var parameters = ParseParameters(challenge.Parameter ?? "");
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri)) return false;
        var query = new List<string>();
        if (parameters.TryGetValue("service", out var service)) query.Add("service=" + Uri.EscapeDataString(service));
        if (parameters.TryGetValue("scope", out var scope))
            query.AddRange(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => "scope=" + Uri.EscapeDataString(s)));
        var tokenUri = new UriBuilder(realmUri) { Query = string.Join("&", query) }.Uri;

        using var request = new HttpRequestMessage(HttpMethod.Get, tokenUri);
        request.Headers.Authorization = Basic();
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw HttpFailures.From(response, $"token request to {HttpFailures.Display(realmUri)}");
        var body = await HttpFailures.ReadSmallBodyAsync(response, "token response", cancellationToken);
        OciTokenResponse? token;
        try
        {
            token = JsonSerializer.Deserialize(body, OciJsonContext.Default.OciTokenResponse);
        }
        catch (JsonException)
        {
            throw new CacheStoreException($"The token service {HttpFailures.Display(realmUri)} did not answer with JSON.", transient: false);
        }
        var value = token?.Token ?? token?.AccessToken;
        if (string.IsNullOrEmpty(value)) throw new CacheStoreException($"The token service {HttpFailures.Display(realmUri)} returned no token.", transient: false);
        Set(new AuthenticationHeaderValue("Bearer", value));
        return true;
    }

    /// <summary>Registry logins are user + password (a personal access token for GHCR); the user defaults to "token".</summary>
    private AuthenticationHeaderValue? Basic() => password is null
        ? null
        : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user ?? "token"}:{password.Reveal()}")));

    private void Set(AuthenticationHeaderValue value)
    {
        lock (_lock) _current = value;
    }

    /// <summary>Parses realm="...",service="...",scope="repository:a:pull,push" (commas inside quotes stay).</summary>
    internal static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i]))) i++;
            var equals = text.IndexOf('=', i);
            if (equals < 0) break;
            var name = text[i..equals].Trim();
            i = equals + 1;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                    value.Append(text[i] == '\\' && i + 1 < text.Length ? text[++i] : text[i]);
                i++;
            }
            else
            {
                for (; i < text.Length && text[i] != ','; i++) value.Append(text[i]);
            }
            result[name] = value.ToString().Trim();
        }
        return result;
    }
}
