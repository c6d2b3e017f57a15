using System.Net;
using System.Text.RegularExpressions;

namespace RedoxBuild.Cache.Stores.Oci;

/// <summary>
/// oci://host[:port]/repository: a registry and one repository that holds every output, tagged by content key.
/// Loopback registries are spoken to over plain HTTP (as docker does); oci+http:// and oci+https:// force a scheme.
/// </summary>
public sealed partial record OciLocation(Uri Registry, string Repository)
{
    public string Display => $"oci://{Registry.Authority}/{Repository}";

    public static OciLocation Parse(Uri url)
    {
        var scheme = url.Scheme switch
        {
            "oci+http" => "http",
            "oci+https" => "https",
            _ when IsLoopback(url.Host) => "http",
            _ => "https",
        };
        var repository = url.AbsolutePath.Trim('/');
        if (!RepositoryName().IsMatch(repository))
            throw new FormatException($"'{repository}' in {url.Scheme}://{url.Authority}/... is not an OCI repository name (lowercase letters, digits, '.', '_', '-', separated by '/'), e.g. oci://ghcr.io/me/redox-cache.");
        return new OciLocation(new UriBuilder(scheme, url.Host, url.Port).Uri, repository);
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryName();
}
