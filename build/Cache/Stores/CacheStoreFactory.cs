using RedoxBuild.Cache.Stores.Http;
using RedoxBuild.Cache.Stores.Oci;
using RedoxBuild.Cache.Stores.S3;
using RedoxBuild.Engine;

namespace RedoxBuild.Cache.Stores;

/// <summary>Makes the store a --cache-url names.</summary>
public static class CacheStoreFactory
{
    public const string AcceptedForms = "http(s)://host[:port]/prefix, oci://host[:port]/repository or s3://bucket/prefix";

    public static IRemoteCacheStore Create(string url, CacheOptions options)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            throw new BuildFailure($"--cache-url '{Redact(url)}' is not a URL; expected {AcceptedForms}.");
        try
        {
            return uri.Scheme switch
            {
                "http" or "https" => new HttpStore(uri, options.Credentials.Token, options.Jobs),
                "oci" or "oci+http" or "oci+https" => new OciStore(uri, options.Credentials.User, options.Credentials.Token, options.Jobs),
                "s3" when uri.Host.Length == 0 => throw new FormatException("an s3:// URL starts with the bucket, e.g. s3://my-bucket/redox"),
                "s3" => new S3Store(new S3StoreOptions(uri.Host, uri.AbsolutePath.Trim('/'), options.S3Endpoint, options.S3Region,
                    options.Credentials.S3AccessKey, options.Credentials.S3SecretKey, options.Jobs)),
                _ => throw new FormatException($"the scheme '{uri.Scheme}' is not supported"),
            };
        }
        catch (FormatException e)
        {
            throw new BuildFailure($"--cache-url {Redact(url)}: {e.Message}; expected {AcceptedForms}.", e);
        }
    }

    /// <summary>
    /// The URL without user info, which may hold a password; by text, so a URL that does not even parse (a mistyped port)
    /// is redacted too.
    /// </summary>
    public static string Redact(string url) => System.Text.RegularExpressions.Regex.Replace(url, "(?<=://)[^/?#]*@", "***@");
}
