namespace RedoxBuild.Cache.Signing;

/// <summary>The files CacheKeygen wrote and the public key to hand to readers.</summary>
public sealed record GeneratedCacheKey(string SecretKeyFile, string PublicKeyFile, string PublicKey);

/// <summary>Creates a signing key pair on disk: the secret file readable by its owner only, the public file beside it.</summary>
public static class CacheKeyGenerator
{
    public static GeneratedCacheKey Generate(string name, string secretKeyFile)
    {
        CacheKeyNames.Require(name, "--cache-key-name");
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("CacheKeygen protects the secret key with Unix file modes; run it on Linux or macOS.");
        var publicKeyFile = secretKeyFile + ".pub";
        // A lost secret key cannot be recovered and every reader trusts the old public key: never overwrite one.
        if (File.Exists(secretKeyFile))
            throw new IOException($"{secretKeyFile} already exists. Move it away first if you really want a new key (readers trusting the old public key will then reject new entries).");
        // The public file is what readers were given; replacing it silently would hide which key they trust.
        if (File.Exists(publicKeyFile))
            throw new IOException($"{publicKeyFile} already exists (an earlier key's public half). Move it away with its secret key, or choose another --cache-secret-key-file.");

        var key = CacheSigningKey.Generate(name);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(secretKeyFile))!);
        // The mode is set at creation (O_CREAT|O_EXCL, 0600), so the secret is never readable by others, not even briefly.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var stream = new FileStream(secretKeyFile, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(key.ExportSecret() + "\n");

        using (var stream = new FileStream(publicKeyFile, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
            writer.Write(key.PublicKey + "\n");
        return new GeneratedCacheKey(secretKeyFile, publicKeyFile, key.PublicKey.ToString());
    }
}
