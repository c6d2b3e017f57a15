using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Stores.Http;

namespace RedoxBuild.Cache.Stores.S3;

/// <summary>Where an S3 store is and how to sign for it. Keys come from the options, else the SDK's usual chain.</summary>
public sealed record S3StoreOptions(string Bucket, string Prefix, string? Endpoint, string Region, SecretText? AccessKey, SecretText? SecretKey, int Connections);

/// <summary>
/// s3://bucket/prefix with objects &lt;prefix&gt;/ac/&lt;key&gt; and &lt;prefix&gt;/cas/&lt;sha256&gt;, on AWS or any S3-compatible
/// server (--cache-s3-endpoint: MinIO, R2, Garage, s3rver). Path-style addressing, because custom endpoints rarely
/// have per-bucket DNS names; no aws-chunked uploads, because several compatible servers (s3rver among them)
/// store the chunk framing as the object; and no SDK retries, because <see cref="RemoteRetry"/> does that for
/// every store alike.
/// </summary>
public sealed class S3Store : IRemoteCacheStore
{
    private readonly AmazonS3Client _client;
    private readonly S3StoreOptions _options;

    public S3Store(S3StoreOptions options)
    {
        _options = options;
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            MaxErrorRetry = 0,
            MaxConnectionsPerServer = Math.Max(1, options.Connections),
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.Endpoint is not null)
        {
            config.ServiceURL = options.Endpoint;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        _client = options.AccessKey is not null && options.SecretKey is not null
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey.Reveal(), options.SecretKey.Reveal()), config)
            : new AmazonS3Client(config);
        DisplayName = $"s3://{options.Bucket}/{options.Prefix}".TrimEnd('/') + (options.Endpoint is null ? "" : $" at {HttpFailures.Display(new Uri(options.Endpoint))}");
    }

    public string DisplayName { get; }

    public async Task<byte[]?> GetEntryAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey("ac", CacheIdentifiers.RequireKey(key));
        return await CallAsync($"GET ac/{key}", async () =>
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _options.Bucket, Key = objectKey }, cancellationToken);
            if (response.ContentLength > HttpFailures.MaxEntryBytes) throw new CacheStoreException($"GET ac/{key}: {response.ContentLength} bytes is too large for a cache record", transient: false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        });
    }

    public Task PutEntryAsync(CacheEntry entry, byte[] json, CancellationToken cancellationToken) =>
        PutAsync($"PUT ac/{entry.Key}", ObjectKey("ac", CacheIdentifiers.RequireKey(entry.Key)), new MemoryStream(json), json.Length, "application/json", cancellationToken);

    public async Task<long?> BlobSizeAsync(string digest, CancellationToken cancellationToken) =>
        (await CallAsync($"HEAD cas/{digest}", async () =>
        {
            var metadata = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = ObjectKey("cas", CacheIdentifiers.RequireDigest(digest)) }, cancellationToken);
            return new StrongBox<long>(metadata.ContentLength);
        }))?.Value;

    public async Task<bool> GetBlobAsync(string digest, Stream destination, CancellationToken cancellationToken) =>
        await CallAsync($"GET cas/{digest}", async () =>
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _options.Bucket, Key = ObjectKey("cas", CacheIdentifiers.RequireDigest(digest)) }, cancellationToken);
            await response.ResponseStream.CopyToAsync(destination, 1 << 20, cancellationToken);
            return "present";
        }) is not null;

    public Task PutBlobAsync(string digest, Stream content, long size, CancellationToken cancellationToken) =>
        PutAsync($"PUT cas/{digest}", ObjectKey("cas", CacheIdentifiers.RequireDigest(digest)), content, size, "application/octet-stream", cancellationToken);

    private async Task PutAsync(string what, string objectKey, Stream content, long size, string contentType, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = objectKey,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = contentType,
            UseChunkEncoding = false,
        };
        request.Headers.ContentLength = size;
        await CallAsync(what, async () =>
        {
            await _client.PutObjectAsync(request, cancellationToken);
            return "stored";
        });
    }

    public void Dispose() => _client.Dispose();

    private string ObjectKey(string kind, string name) => _options.Prefix.Length == 0 ? $"{kind}/{name}" : $"{_options.Prefix}/{kind}/{name}";

    /// <summary>Runs one SDK call; 404 becomes null, other service errors a <see cref="CacheStoreException"/>.</summary>
    private static async Task<T?> CallAsync<T>(string what, Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonServiceException e)
        {
            var status = (int)e.StatusCode;
            var hint = status is 401 or 403 ? " (check --cache-s3-access-key / AWS_ACCESS_KEY_ID and the secret key)" : "";
            throw new CacheStoreException($"{what}: S3 {status} {e.ErrorCode}{hint}", transient: status is 0 or 408 or 429 or >= 500, inner: e);
        }
        catch (AmazonClientException e)
        {
            throw new CacheStoreException($"{what}: {e.Message}", transient: true, inner: e);
        }
    }
}
