using RedoxBuild.Cache.Archive;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Signing;

namespace RedoxBuild.Cache.Stores.Local;

/// <summary>What CacheVerify found. Damaged blobs and unusable records were deleted; untrusted records were kept.</summary>
public sealed record LocalVerifyResult(int Entries, int Blobs, int DamagedBlobsRemoved, int BadEntriesRemoved, int DanglingEntriesRemoved, int UntrustedEntries);

/// <summary>
/// Re-hashes every blob in the local store and checks every record. Reads re-hash anyway, so this is for finding
/// disk damage ahead of time and for auditing what the store would trust.
/// </summary>
public static class LocalStoreVerifier
{
    public static async Task<LocalVerifyResult> VerifyAsync(LocalStore store, CacheTrust trust, bool requireSignatures, CancellationToken cancellationToken)
    {
        store.EnsureOwned();
        int blobs = 0, damaged = 0;
        foreach (var file in LocalStoreLayout.Blobs(store).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            blobs++;
            string actual;
            await using (var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous))
            await using (var hashing = new HashingStream(stream))
            {
                await hashing.CopyToAsync(Stream.Null, cancellationToken);
                actual = hashing.CurrentHex();
            }
            if (actual == file.Name) continue;
            file.Delete();
            damaged++;
        }

        int entries = 0, bad = 0, dangling = 0, untrusted = 0;
        foreach (var file in LocalStoreLayout.Entries(store).ToList())
        {
            entries++;
            var key = Path.GetFileNameWithoutExtension(file.Name);
            CacheEntry entry;
            try
            {
                entry = CacheEntryJson.Parse(await File.ReadAllBytesAsync(file.FullName, cancellationToken), key, "the local cache");
            }
            catch (CacheEntryException)
            {
                file.Delete();
                bad++;
                continue;
            }
            if (!store.HasBlob(entry.OutputSha256))
            {
                file.Delete();
                dangling++;
            }
            else if (requireSignatures && !trust.Check(entry).Trusted)
            {
                untrusted++;
            }
        }
        return new LocalVerifyResult(entries, blobs, damaged, bad, dangling, untrusted);
    }
}
