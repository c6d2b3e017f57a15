using RedoxBuild.Cache;
using RedoxBuild.Cache.Signing;
using RedoxBuild.Cache.Stores;
using RedoxBuild.Cache.Stores.Local;
using RedoxBuild.Engine;

partial class Build
{
    // The binary cache (README, "Binary cache"). Cook restores and stores outputs through IBuildCache; the targets
    // here manage keys and the local store.

    [Parameter("Binary cache: the local store directory. Default: $XDG_CACHE_HOME/redox-build/binary-cache (~/.cache/...).")]
    readonly AbsolutePath? CacheDir;

    [Parameter("Binary cache: size limit of the local store; least recently used outputs are evicted beyond it.")]
    readonly ByteSize CacheSize = new(CacheOptions.DefaultSizeLimit);

    [Parameter("Binary cache: remote caches, looked up in this order after the local store: http(s)://host/prefix (Bazel-style ac/ and cas/), oci://host[:port]/repository, s3://bucket/prefix.", Separator = ',')]
    readonly string[] CacheUrl = [];

    [Parameter("Binary cache: bearer token for http(s):// caches, and the password for an oci:// registry's token service."), Secret]
    readonly string? CacheToken;

    [Parameter("Binary cache: user name for the oci:// registry's token service (with --cache-token as password). Default: token.")]
    readonly string? CacheUser;

    [Parameter("Binary cache: S3-compatible endpoint for s3:// caches (MinIO, R2, s3rver), e.g. http://127.0.0.1:9000. Default: AWS.")]
    readonly string? CacheS3Endpoint;

    [Parameter("Binary cache: S3 region (signing region for custom endpoints).")]
    readonly string CacheS3Region = "us-east-1";

    [Parameter("Binary cache: S3 access key id. Default: the AWS SDK's usual sources.", EnvironmentAliases = ["AWS_ACCESS_KEY_ID"]), Secret]
    readonly string? CacheS3AccessKey;

    [Parameter("Binary cache: S3 secret access key. Default: the AWS SDK's usual sources.", EnvironmentAliases = ["AWS_SECRET_ACCESS_KEY"]), Secret]
    readonly string? CacheS3SecretKey;

    [Parameter("Binary cache: never write to remote caches (the local store is still written), e.g. for pull-request builds.")]
    readonly bool CacheReadOnly;

    [Parameter("Binary cache: fail the build when a cache fails or times out, instead of warning and building.")]
    readonly bool RequireCache;

    [Parameter("Binary cache: public keys (name:base64) whose signatures make remote entries usable.", Separator = ',')]
    readonly string[] CacheTrustedKeys = [];

    [Parameter("Binary cache: a file of trusted public keys, one name:base64 per line (# comments).")]
    readonly AbsolutePath? CacheTrustedKeysFile;

    [Parameter("Binary cache: the secret key file that signs stored entries (CacheKeygen writes one). Without it, entries are unsigned.")]
    readonly AbsolutePath? CacheSecretKeyFile;

    [Parameter("CacheKeygen: the key's name, e.g. redox-ci-1 (a number suffix makes rotation easy).")]
    readonly string? CacheKeyName;

    [Parameter("Binary cache: how many remote transfers run at once.")]
    readonly int CacheJobs = 4;

    [Parameter("Binary cache: seconds a remote transfer may make no progress before it is retried.")]
    readonly int CacheTimeout = 30;

    /// <summary>The cache configuration from the parameters, checked; Cook creates its IBuildCache from it with BuildCache.Create.</summary>
    CacheOptions CacheSettings
    {
        get
        {
            CheckCacheParameters();
            return new()
            {
                LocalDirectory = CacheDir ?? CacheDirectories.DefaultLocalStore(EnvironmentVariables),
                LocalSizeLimit = CacheSize.Bytes,
                RemoteUrls = CacheUrl,
                ReadOnly = CacheReadOnly,
                RequireCache = RequireCache,
                TrustedKeys = CacheTrustedKeys,
                TrustedKeysFile = CacheTrustedKeysFile?.ToString(),
                SecretKeyFile = CacheSecretKeyFile?.ToString(),
                Credentials = new CacheCredentials(SecretText.From(CacheToken), CacheUser, SecretText.From(CacheS3AccessKey), SecretText.From(CacheS3SecretKey)),
                S3Endpoint = CacheS3Endpoint,
                S3Region = CacheS3Region,
                Jobs = CacheJobs,
                Retry = new RetryOptions { IdleTimeout = TimeSpan.FromSeconds(CacheTimeout) },
                Builder = new(Environment.MachineName, $"redox-build {typeof(Build).Assembly.GetName().Version?.ToString(3)}"),
            };
        }
    }

    /// <summary>Fails with the parameter to change.</summary>
    void CheckCacheParameters()
    {
        if (CacheJobs < 1) throw new BuildFailure($"--cache-jobs (env CACHE_JOBS) must be at least 1, got {CacheJobs}.");
        if (CacheTimeout < 1) throw new BuildFailure($"--cache-timeout (env CACHE_TIMEOUT) must be at least 1 second, got {CacheTimeout}.");
        if (CacheS3Endpoint is { } endpoint && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw new BuildFailure($"--cache-s3-endpoint {RedoxBuild.Cache.Stores.CacheStoreFactory.Redact(endpoint)} is not an http(s) URL; give e.g. http://127.0.0.1:9000 for MinIO or s3rver, or leave it out for AWS.");
    }

    /// <summary>The binary cache for this run (Cook's seam); dispose it when the build is done.</summary>
    IBuildCache CreateBinaryCache() => BuildCache.Create(CacheSettings, Logger);

    Target CacheKeygen => _ => _
        .Description("Creates an Ed25519 key pair for signing binary cache entries: a secret key file (mode 0600) and a name:base64 public key for --cache-trusted-keys.")
        .Requires(() => CacheKeyName)
        .Executes(() =>
        {
            var secretFile = CacheSecretKeyFile ?? CacheDirectories.DefaultSecretKeyFile(EnvironmentVariables, CacheKeyName!);
            GeneratedCacheKey generated;
            try
            {
                generated = CacheKeyGenerator.Generate(CacheKeyName!, secretFile);
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or UnauthorizedAccessException)
            {
                throw new BuildFailure($"CacheKeygen: {e.Message}", e);
            }
            Logger.Information("Wrote the secret key {Secret} (mode 0600; keep it private, e.g. as a CI secret file) and the public key {Public}", generated.SecretKeyFile, generated.PublicKeyFile);
            Logger.Information("Sign with: --cache-secret-key-file {Secret}", generated.SecretKeyFile);
            Logger.Information("Readers trust it with: --cache-trusted-keys {PublicKey}", generated.PublicKey);
            ReportSummary(s => s["Public key"] = generated.PublicKey);
        });

    Target CacheGc => _ => _
        .Description("Shrinks the local binary cache to --cache-size, least recently used first; also removes records whose archive is gone and stale temporary files.")
        .Executes(() =>
        {
            var settings = CacheSettings;
            var store = new LocalStore(settings.LocalDirectory, TimeProvider.System);
            var result = LocalStoreGc.Run(store, settings.LocalSizeLimit);
            Logger.Information("Cache GC of {Root}: {Before} -> {After} (limit {Limit}); evicted {Entries} entries and {Blobs} archives; removed {Dangling} dangling records and {Temp} stale temporary files",
                store.Root, new ByteSize(result.BytesBefore).ToHumanString(), new ByteSize(result.BytesAfter).ToHumanString(), new ByteSize(settings.LocalSizeLimit).ToHumanString(),
                result.EntriesEvicted, result.BlobsEvicted, result.DanglingEntriesRemoved, result.TempFilesRemoved);
            ReportSummary(s => s["Cache"] = $"{new ByteSize(result.BytesAfter).ToHumanString()} after GC, {result.BlobsEvicted} evicted");
        });

    Target CacheVerify => _ => _
        .Description("Re-hashes every archive in the local binary cache and checks every record; deletes damaged archives and unusable records, counts untrusted ones.")
        .Executes(async () =>
        {
            await using var cache = BuildCache.Create(CacheSettings with { RemoteUrls = [] }, Logger);
            var result = await LocalStoreVerifier.VerifyAsync(cache.Local, cache.Trust, requireSignatures: cache.SigningPublicKey is not null, CancellationToken);
            Logger.Information("Cache verify of {Root}: {Blobs} archives ({Damaged} damaged, removed), {Entries} records ({Bad} unusable and {Dangling} without archive, removed; {Untrusted} not signed by a trusted key)",
                cache.Local.Root, result.Blobs, result.DamagedBlobsRemoved, result.Entries, result.BadEntriesRemoved, result.DanglingEntriesRemoved, result.UntrustedEntries);
            ReportSummary(s => s["Cache"] = $"{result.Blobs} archives, {result.DamagedBlobsRemoved} damaged");
            if (result.DamagedBlobsRemoved > 0)
                Logger.Warning("Damaged archives were removed; they will be fetched or rebuilt when next needed. Check the disk holding {Root}.", cache.Local.Root);
        });
}
