using RedoxBuild.Cache.Archive;
using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Cache.Stores.Local;

/// <summary>
/// The default store, a directory: ac/&lt;2 hex&gt;/&lt;key&gt;.json records and cas/&lt;2 hex&gt;/&lt;sha256&gt; archives, written
/// atomically (see <see cref="AtomicFile"/>). Blobs are staged under tmp/ on the same file system and renamed into
/// cas/ only once their digest is known. A file's modification time is its last access: hits touch it, and
/// <see cref="LocalStoreGc"/> evicts the least recently used first. Nothing is written or deleted before
/// <see cref="EnsureOwned"/> has found (or put) the store's marker in the folder: see <see cref="LocalStoreMarker"/>.
/// </summary>
public sealed class LocalStore(string root, TimeProvider time)
{
    private readonly object _sizeLock = new();
    private long? _knownSize;
    private readonly Lazy<bool> _owned = new(() =>
    {
        LocalStoreMarker.Claim(Path.GetFullPath(root), time.GetUtcNow());
        return true;
    });

    public string Root { get; } = Path.GetFullPath(root);
    public string EntriesDirectory => Path.Combine(Root, "ac");
    public string BlobsDirectory => Path.Combine(Root, "cas");
    public string StagingDirectory => Path.Combine(Root, "tmp");

    public string EntryPath(string key) =>
        Path.Combine(EntriesDirectory, CacheIdentifiers.Shard(CacheIdentifiers.RequireKey(key)), key + ".json");

    public string BlobPath(string digest) =>
        Path.Combine(BlobsDirectory, CacheIdentifiers.Shard(CacheIdentifiers.RequireDigest(digest)), digest);

    /// <summary>Checks once that the folder is this store's (creating the marker in a new or empty one); throws BuildFailure if not.</summary>
    public void EnsureOwned() => _ = _owned.Value;

    public async Task<byte[]?> ReadEntryAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(EntryPath(key), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task WriteEntryAsync(string key, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        EnsureOwned();
        await AtomicFile.WriteAsync(EntryPath(key), json, cancellationToken);
        AddBytes(json.Length);
    }

    public bool HasBlob(string digest) => File.Exists(BlobPath(digest));

    public FileStream OpenBlob(string digest) =>
        new(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>
    /// A new blob in tmp/; it enters cas/ only when committed. <paramref name="verify"/> hashes what is written, for
    /// downloads that must match a digest; archives written here already know their digest and skip the second hash.
    /// </summary>
    public StagedBlob StageBlob(bool verify)
    {
        EnsureOwned();
        Directory.CreateDirectory(StagingDirectory);
        return new StagedBlob(this, AtomicFile.TempPathFor(StagingDirectory), verify);
    }

    /// <summary>Marks an entry and its blob as just used, so eviction keeps them longest.</summary>
    public void Touch(string key, string digest)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var path in new[] { EntryPath(key), BlobPath(digest) })
        {
            try
            {
                File.SetLastWriteTimeUtc(path, now);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                // Evicted or read-only meanwhile: the hit already happened, recency is only a hint.
            }
        }
    }

    public void DeleteEntry(string key)
    {
        EnsureOwned();
        File.Delete(EntryPath(key));
    }

    public void DeleteBlob(string digest)
    {
        EnsureOwned();
        File.Delete(BlobPath(digest));
    }

    internal DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Evicts least recently used entries when the store is over <paramref name="limit"/> bytes, down to 90% of it so
    /// the next few stores do not each trigger another collection. The size is measured once, then tracked.
    /// </summary>
    public LocalGcResult? TrimIfOverLimit(long limit)
    {
        EnsureOwned();
        lock (_sizeLock)
        {
            _knownSize ??= LocalStoreGc.MeasureBytes(this);
            if (_knownSize <= limit) return null;
            var result = LocalStoreGc.Run(this, limit / 10 * 9);
            _knownSize = result.BytesAfter;
            return result;
        }
    }

    internal void AddBytes(long bytes)
    {
        lock (_sizeLock)
            if (_knownSize is not null) _knownSize += bytes;
    }

    /// <summary>A blob in tmp/: write through <see cref="Content"/>, then commit it or dispose it (which deletes it).</summary>
    public sealed class StagedBlob : IAsyncDisposable
    {
        private readonly LocalStore _store;
        private readonly string _tempPath;
        private readonly FileStream _file;
        private readonly HashingStream? _hashing;
        private bool _committed;

        internal StagedBlob(LocalStore store, string tempPath, bool verify)
        {
            _store = store;
            _tempPath = tempPath;
            _file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            _hashing = verify ? new HashingStream(_file, leaveOpen: true) : null;
        }

        public Stream Content => (Stream?)_hashing ?? _file;

        public long BytesWritten => _hashing?.BytesHashed ?? _file.Position;

        /// <summary>Commits a download: the bytes must hash to <paramref name="expectedDigest"/>, or nothing enters cas/.</summary>
        public async Task<long> CommitVerifiedAsync(string expectedDigest, CancellationToken cancellationToken)
        {
            var hashing = _hashing ?? throw new InvalidOperationException("This blob was staged without verification.");
            await FlushAsync(cancellationToken);
            var digest = hashing.CurrentHex();
            if (digest != expectedDigest) throw new CacheIntegrityException($"the archive hashes to {digest}, not to the {expectedDigest} its entry records");
            return Commit(digest);
        }

        /// <summary>Commits bytes whose digest the writer computed itself (a fresh archive).</summary>
        public async Task<long> CommitAsync(string digest, CancellationToken cancellationToken)
        {
            await FlushAsync(cancellationToken);
            return Commit(digest);
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            await Content.FlushAsync(cancellationToken);
            _file.Flush(flushToDisk: true);
        }

        private long Commit(string digest)
        {
            var size = BytesWritten;
            _file.Dispose();
            AtomicFile.Commit(_tempPath, _store.BlobPath(digest));
            _committed = true;
            _store.AddBytes(size);
            return size;
        }

        public async ValueTask DisposeAsync()
        {
            if (_hashing is not null) await _hashing.DisposeAsync();
            await _file.DisposeAsync();
            if (!_committed) File.Delete(_tempPath);
        }
    }
}
