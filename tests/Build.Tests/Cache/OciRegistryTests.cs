using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RedoxBuild.Cache;
using RedoxBuild.Tests.Cache.Servers;
using RedoxBuild.Tests.Cache.Support;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>OCI specifics against docker-registry: the artifact's shape, the Accept header, and the token flow.</summary>
public class OciRegistryTests : IDisposable
{
    private readonly CacheTemp _temp = new();
    private readonly CacheFactory _caches;

    public OciRegistryTests() => _caches = new CacheFactory(_temp);

    public void Dispose() => _temp.Dispose();

    [RequiresToolsFact("docker-registry")]
    public async Task The_output_is_an_oci_artifact_tagged_with_its_key_that_needs_the_oci_accept_header()
    {
        using var registry = await RegistryServer.StartAsync(_temp.Sub("registry"));
        var url = $"oci://127.0.0.1:{registry.Port}/redox/outputs";
        var key = Bytes.Key("kernel");
        await using (var publisher = _caches.Create(_caches.Options("publisher", signingKey: "ci-1") with { RemoteUrls = [url] }))
            (await publisher.PublishAsync([new CachePublishRequest(key, StageTrees.CreateSingle(_temp.Sub("stage"), 10_000, 1), CacheFactory.Metadata("kernel", 321))])).Failures.Should().BeEmpty();

        using var http = new HttpClient();
        var manifestUrl = $"http://127.0.0.1:{registry.Port}/v2/redox/outputs/manifests/{key}";
        using (var withoutAccept = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, manifestUrl)))
            withoutAccept.StatusCode.Should().Be(HttpStatusCode.NotFound, "distribution 2.8 hides OCI manifests from clients that do not accept them");
        var request = new HttpRequestMessage(HttpMethod.Get, manifestUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = manifest.RootElement;

        root.GetProperty("artifactType").GetString().Should().Be("application/vnd.redox.build-output.v1");
        root.GetProperty("config").GetProperty("mediaType").GetString().Should().Be("application/vnd.redox.build-output.config.v1+json");
        var layer = root.GetProperty("layers").EnumerateArray().Should().ContainSingle().Subject;
        layer.GetProperty("mediaType").GetString().Should().Be("application/vnd.redox.build-output.archive.v1");
        layer.GetProperty("annotations").GetProperty("org.opencontainers.image.title").GetString().Should().Be("kernel-1.0.0.rdxoar");
        var annotations = root.GetProperty("annotations");
        annotations.GetProperty("org.redox-os.build.key").GetString().Should().Be(key);
        annotations.GetProperty("org.redox-os.build.build-seconds").GetString().Should().Be("321");
        annotations.GetProperty("org.redox-os.build.signatures").GetString().Should().StartWith("ci-1:");
        annotations.GetProperty("org.opencontainers.image.title").GetString().Should().Be("kernel");
    }

    [RequiresToolsFact("docker-registry")]
    public async Task The_bearer_token_flow_pulls_anonymously_and_pushes_with_credentials()
    {
        await using var registry = await TokenRegistry.StartAsync(_temp.Sub("token-registry"));
        var url = $"oci://127.0.0.1:{registry.Registry.Port}/redox/private";
        var key = Bytes.Key("relibc");
        var stage = StageTrees.CreateMixed(_temp.Sub("stage"));
        var credentials = new CacheCredentials(new SecretText(TokenRegistry.Password), TokenRegistry.User);

        await using (var anonymous = _caches.Create(_caches.Options("anonymous", signingKey: "ci-1") with { RemoteUrls = [url] }))
        {
            var refused = await anonymous.PublishAsync([new CachePublishRequest(key, stage, CacheFactory.Metadata("relibc"))]);
            refused.Failures.Should().ContainSingle().Which.Error.Should().Contain("401");
        }
        await using (var publisher = _caches.Create(_caches.Options("publisher", signingKey: "ci-1") with { RemoteUrls = [url], Credentials = credentials }))
            (await publisher.PublishAsync([new CachePublishRequest(key, stage, CacheFactory.Metadata("relibc"))])).Failures.Should().BeEmpty(_caches.Log.All);
        await using var reader = _caches.Create(_caches.Options("reader", trusted: [_caches.Key("ci-1").Public]) with { RemoteUrls = [url] });

        var result = await reader.TryRestoreAsync(key, _temp.Sub("out"));

        result.Hit.Should().BeTrue(_caches.Log.All);
        TreeSnapshot.Of(_temp.Sub("out")).Should().Equal(TreeSnapshot.Of(stage));
        // The registry names the actions in either order (push,pull or pull,push).
        registry.TokenRequests.Should().Contain(r => r.StartsWith("builder scope=repository:redox/private:", StringComparison.Ordinal) && r.Contains("push", StringComparison.Ordinal))
            .And.Contain($"anonymous scope=repository:redox/private:pull service={TokenRegistry.Service}");
        _caches.Log.All.Should().NotContain(TokenRegistry.Password);
    }
}
