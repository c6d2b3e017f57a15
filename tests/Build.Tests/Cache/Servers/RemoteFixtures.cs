using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using RedoxBuild.Cache;
using RedoxBuild.Tests.Cache.Support;

namespace RedoxBuild.Tests.Cache.Servers;

/// <summary>
/// A real server for one kind of remote, started on first use and stopped with the test class. Each test takes a
/// fresh, empty location on it (a prefix or repository of its own), so tests never see each other's entries.
/// </summary>
public interface IRemoteCacheFixture
{
    Task<string> NewUrlAsync();

    /// <summary>Adds what the server needs (credentials, endpoint) to a cache's options.</summary>
    CacheOptions Configure(CacheOptions options);

    /// <summary>Flips one byte of a stored blob behind the server's back.</summary>
    Task DamageBlobAsync(string url, string digest);

    Task DeleteBlobAsync(string url, string digest);
}

/// <summary>
/// Starts a server once, lazily, so a class whose tests are all skipped never starts it. xunit disposes class
/// fixtures through IAsyncLifetime (not IAsyncDisposable), which stops the server and deletes its files.
/// </summary>
public abstract class LazyServerFixture<TServer> : IRemoteCacheFixture, IAsyncLifetime where TServer : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TServer? _server;

    protected CacheTemp Temp { get; } = new();

    protected async Task<TServer> ServerAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _server ??= await StartAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    protected abstract Task<TServer> StartAsync();
    public abstract Task<string> NewUrlAsync();
    public virtual CacheOptions Configure(CacheOptions options) => options;
    public abstract Task DamageBlobAsync(string url, string digest);
    public abstract Task DeleteBlobAsync(string url, string digest);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        switch (_server)
        {
            case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
            case IDisposable disposable: disposable.Dispose(); break;
        }
        Temp.Dispose();
        _gate.Dispose();
    }

    protected static string Unique() => Guid.NewGuid().ToString("N")[..12];
}

public sealed class HttpCacheFixture : LazyServerFixture<BazelCacheServer>
{
    public const string Token = "test-token-7f3a9c";

    public async Task<BazelCacheServer> Server() => await ServerAsync();

    protected override Task<BazelCacheServer> StartAsync() => BazelCacheServer.StartAsync(Temp.Sub("http-storage"), Token);

    public override async Task<string> NewUrlAsync() => new Uri((await ServerAsync()).Root, $"cache-{Unique()}").ToString();

    public override CacheOptions Configure(CacheOptions options) => options with { Credentials = new CacheCredentials(new SecretText(Token)) };

    public override async Task DamageBlobAsync(string url, string digest) => Bytes.FlipByte(await FileAsync(url, digest), 200);

    public override async Task DeleteBlobAsync(string url, string digest) => File.Delete(await FileAsync(url, digest));

    private async Task<string> FileAsync(string url, string digest) => (await ServerAsync()).FilePath(new Uri(url).AbsolutePath.Trim('/'), "cas", digest);
}

public sealed class RegistryFixture : LazyServerFixture<RegistryServer>
{
    protected override Task<RegistryServer> StartAsync() => RegistryServer.StartAsync(Temp.Sub("registry"));

    public override async Task<string> NewUrlAsync() => $"oci://127.0.0.1:{(await ServerAsync()).Port}/redox/cache-{Unique()}";

    public override async Task DamageBlobAsync(string url, string digest) => Bytes.FlipByte((await ServerAsync()).BlobFile(digest), 200);

    public override async Task DeleteBlobAsync(string url, string digest)
    {
        // The registry API's DELETE, so the registry itself knows the blob is gone.
        var uri = new Uri(url);
        using var client = new HttpClient();
        using var response = await client.DeleteAsync($"http://{uri.Authority}/v2{uri.AbsolutePath}/blobs/sha256:{digest}");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
    }
}

public sealed class S3rverFixture : LazyServerFixture<S3rverServer>
{
    public const string Bucket = "redox-cache";

    protected override Task<S3rverServer> StartAsync() => S3rverServer.StartAsync(Temp.Path, Bucket);

    public override async Task<string> NewUrlAsync()
    {
        await ServerAsync();
        return $"s3://{Bucket}/builds/{Unique()}";
    }

    public override CacheOptions Configure(CacheOptions options) => options with
    {
        S3Endpoint = Endpoint,
        Credentials = new CacheCredentials(S3AccessKey: new SecretText(S3rverServer.AccessKey), S3SecretKey: new SecretText(S3rverServer.SecretKey)),
    };

    public string Endpoint => ServerAsync().GetAwaiter().GetResult().Endpoint;

    public override async Task DamageBlobAsync(string url, string digest)
    {
        using var client = await ClientAsync();
        var key = ObjectKey(url, digest);
        using var original = await client.GetObjectAsync(Bucket, key);
        using var buffer = new MemoryStream();
        await original.ResponseStream.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        bytes[200] ^= 1;
        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });
    }

    public override async Task DeleteBlobAsync(string url, string digest)
    {
        using var client = await ClientAsync();
        await client.DeleteObjectAsync(Bucket, ObjectKey(url, digest));
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix)
    {
        using var client = await ClientAsync();
        var listing = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix + "/" });
        return (listing.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    private static string ObjectKey(string url, string digest) => $"{new Uri(url).AbsolutePath.Trim('/')}/cas/{digest}";

    private async Task<AmazonS3Client> ClientAsync() => new(new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
        new AmazonS3Config { ServiceURL = (await ServerAsync()).Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
}
