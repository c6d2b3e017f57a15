using System.Security.Cryptography;
using RedoxBuild.Engine;
using RedoxBuild.Hashing;
using Serilog;

namespace RedoxBuild.Cook.Fetch;

/// <summary>A verified archive in the download cache, with both digests.</summary>
public sealed record DownloadedArchive(string Path, string Blake3, string Sha256, long Size);

/// <summary>
/// Downloads release archives once into a cache addressed by their BLAKE3 (~/.cache/redox-build/downloads), hashing
/// BLAKE3 and SHA-256 while the bytes arrive. An expected digest that does not match refuses the archive (it is
/// deleted, nothing is extracted); with no expected digest the caller records the one computed (trust on first use).
/// http(s) URLs go through HttpClient; file:// URLs and plain paths are copied (local mirrors, tests).
/// </summary>
public sealed class Downloader(HttpClient http, string cacheRoot, ILogger logger, bool dryRun, bool offline = false)
{
    /// <summary>
    /// The archive from the download cache, downloaded (and verified) when it is not there, except with --offline
    /// (<c>offline</c>), which stops instead; <paramref name="neededBy"/> names the recipe in that message.
    /// </summary>
    public async Task<DownloadedArchive> FetchAsync(string url, string? expectedBlake3, string? expectedSha256, CancellationToken cancellationToken,
        string? neededBy = null)
    {
        var cached = expectedBlake3 is null ? null : System.IO.Path.Combine(cacheRoot, "blake3", expectedBlake3.ToLowerInvariant());
        if (cached is not null && File.Exists(cached))
        {
            // Content-addressed, but re-hashed: a corrupted cache entry must not reach a build.
            var again = await HashAsync(cached, cancellationToken);
            if (again.Blake3 == expectedBlake3!.ToLowerInvariant() && (expectedSha256 is null || again.Sha256 == expectedSha256.ToLowerInvariant()))
                return again;
            logger.Warning("Cached download {Path} no longer matches its BLAKE3; downloading it again", cached);
            File.Delete(cached);
        }

        if (offline)
        {
            var recipe = neededBy ?? "<recipe>";
            throw new BuildFailure(
                $"--offline: {url} is not in the download cache {cacheRoot} (needed by recipe {recipe}); " +
                $"run ./build.sh Fetch --recipe {recipe} once with the network, or copy the source cache here.");
        }

        if (dryRun)
        {
            logger.Information("[dry-run] download {Url} into {Cache} and verify {Digest}", url, cacheRoot,
                expectedBlake3 is not null ? $"blake3 {expectedBlake3}" : expectedSha256 is not null ? $"sha256 {expectedSha256}" : "(recording its blake3 in recipes.lock)");
            return new DownloadedArchive(cached ?? System.IO.Path.Combine(cacheRoot, $"<downloaded {url.Split('/').Last()}>"), expectedBlake3 ?? "", expectedSha256 ?? "", 0);
        }

        var temp = System.IO.Path.Combine(cacheRoot, ".tmp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(temp)!);
        try
        {
            logger.Information("Downloading {Url}", url);
            await DownloadAsync(url, temp, cancellationToken);
            var archive = await HashAsync(temp, cancellationToken);
            Verify(url, "BLAKE3", expectedBlake3, archive.Blake3);
            Verify(url, "SHA-256", expectedSha256, archive.Sha256);
            var final = System.IO.Path.Combine(cacheRoot, "blake3", archive.Blake3);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(final)!);
            File.Move(temp, final, overwrite: true);
            logger.Information("Downloaded {Url} ({Size}, blake3 {Blake3})", url, new ByteSize(archive.Size).ToHumanString(), archive.Blake3);
            return archive with { Path = final };
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private async Task DownloadAsync(string url, string destination, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile)
        {
            var source = uri?.LocalPath ?? url;
            if (!File.Exists(source)) throw new BuildFailure($"Archive {url} does not exist.");
            File.Copy(source, destination, overwrite: true);
            return;
        }
        if (uri.Scheme is not ("http" or "https"))
            throw new BuildFailure($"Archive {url}: the {uri.Scheme}:// scheme is not supported; use an https:// (or http://) URL, a file:// URL or a local path.");
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new BuildFailure($"Downloading {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var file = File.Create(destination);
            await body.CopyToAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or HttpIOException or IOException { InnerException: System.Net.Sockets.SocketException }
            || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Most often an offline machine or a proxy: say which archive, why, and how to get it here another way.
            throw new BuildFailure(
                $"Downloading {url} failed: {e.Message}. Check the network (or HTTPS_PROXY). To build without one, fill the " +
                $"download cache on a connected machine (./build.sh Fetch) and copy {cacheRoot} here, or point the recipe's " +
                "tar at a local file:// mirror; then add --offline.");
        }
    }

    /// <summary>Both digests in one pass over the file.</summary>
    public static async Task<DownloadedArchive> HashAsync(string path, CancellationToken cancellationToken)
    {
        var blake3 = Blake3Hasher.New();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long size = 0;
        await using var stream = File.OpenRead(path);
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            blake3.Update(buffer.AsSpan(0, read));
            sha.AppendData(buffer, 0, read);
            size += read;
        }
        return new DownloadedArchive(path, Blake3.ToHex(blake3.GetCurrentHash()), Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }

    private static void Verify(string url, string algorithm, string? expected, string actual)
    {
        if (expected is null || string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase)) return;
        throw new BuildFailure(
            $"{url}: {algorithm} mismatch: expected {expected.ToLowerInvariant()}, actual {actual}. The archive was refused and deleted. " +
            "If the publisher really changed it, check why, then update the recipe's checksum (or its recipes.lock entry).");
    }
}
