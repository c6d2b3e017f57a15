using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RedoxBuild.Tests.Cache.Servers;

/// <summary>
/// docker-registry with token authentication, as GHCR and Docker Hub do it: the registry answers 401 with
/// WWW-Authenticate: Bearer realm=...; a token service (Kestrel here) issues RS256 JWTs whose x5c certificate
/// the registry trusts through its rootcertbundle. Anonymous callers may pull; user/password may also push.
/// </summary>
public sealed class TokenRegistry : IAsyncDisposable
{
    public const string User = "builder", Password = "registry-password-93b1", Service = "redox-test-registry", Issuer = "redox-test-issuer";

    private readonly WebApplication _tokenService;
    private readonly RSA _key;
    private readonly X509Certificate2 _certificate;
    private RegistryServer? _registry;

    private TokenRegistry(WebApplication tokenService, RSA key, X509Certificate2 certificate)
    {
        _tokenService = tokenService;
        _key = key;
        _certificate = certificate;
    }

    public RegistryServer Registry => _registry!;

    /// <summary>"user|anonymous scope=..." per token request, to show the flow happened and with which credentials.</summary>
    public ConcurrentQueue<string> TokenRequests { get; } = new();

    public static async Task<TokenRegistry> StartAsync(string directory)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=redox-test-token-issuer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        var bundle = Path.Combine(directory, "token-ca.pem");
        Directory.CreateDirectory(directory);
        File.WriteAllText(bundle, certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var registry = new TokenRegistry(app, key, certificate);
        app.Run(registry.IssueAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        registry._registry = await RegistryServer.StartAsync(directory, $"""
            auth:
              token:
                realm: {address}/token
                service: {Service}
                issuer: {Issuer}
                rootcertbundle: {bundle}
            """);
        return registry;
    }

    private async Task IssueAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var user = authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")) ? User : null;
        if (authorization.Length > 0 && user is null)
        {
            context.Response.StatusCode = 401;
            return;
        }
        var scopes = context.Request.Query["scope"].Select(s => s!).ToList();
        TokenRequests.Enqueue($"{user ?? "anonymous"} scope={string.Join(' ', scopes)} service={context.Request.Query["service"]}");

        var access = scopes.Select(scope => scope.Split(':')).Where(p => p.Length == 3 && p[0] == "repository").Select(p => new
        {
            type = "repository",
            name = p[1],
            actions = p[2].Split(',').Where(action => user is not null || action == "pull").ToArray(),
        }).ToArray();
        await context.Response.WriteAsJsonAsync(new { token = Jwt(user ?? "", access), expires_in = 300 });
    }

    private string Jwt(string subject, object access)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { alg = "RS256", typ = "JWT", x5c = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new { iss = Issuer, sub = subject, aud = Service, exp = now + 300, nbf = now - 10, iat = now, jti = Guid.NewGuid().ToString("N"), access };
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        _registry?.Dispose();
        await _tokenService.StopAsync();
        await _tokenService.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}
