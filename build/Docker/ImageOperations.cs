using System.Net.Http.Headers;
using System.Text.Json;

namespace RedoxBuild.Docker;

/// <summary>Images: list, inspect, pull, import a root filesystem, build from a Dockerfile.</summary>
public interface IImageOperations
{
    /// <summary>GET /images/json.</summary>
    Task<IList<ImagesListResponse>> ListImagesAsync(ImagesListParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>GET /images/{name}/json; a missing image throws <see cref="DockerImageNotFoundException"/>.</summary>
    Task<ImageInspectResponse> InspectImageAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>POST /images/create?fromImage=: pulls, reporting the progress lines; an error line throws.</summary>
    Task CreateImageAsync(ImagesCreateParameters parameters, AuthConfig? authConfig, IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default);

    /// <summary>POST /images/create?fromSrc=-: makes an image of a root filesystem tarball (docker import).</summary>
    Task ImportImageAsync(ImagesImportParameters parameters, Stream imageStream, IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default);

    /// <summary>POST /build with a tar context: the build's output arrives as "stream" lines; a failed step throws.</summary>
    Task BuildImageFromDockerfileAsync(ImageBuildParameters parameters, Stream contents, IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default);
}

internal sealed class ImageOperations(DockerConnection connection) : IImageOperations
{
    public Task<IList<ImagesListResponse>> ListImagesAsync(ImagesListParameters parameters, CancellationToken cancellationToken = default) =>
        connection.JsonAsync<IList<ImagesListResponse>>(HttpMethod.Get, "images/json",
            new QueryString().Add("all", parameters.All).AddJson("filters", parameters.Filters), null, NotFoundMeans.Nothing, cancellationToken);

    // Image names keep their '/' and ':' unescaped: the daemon routes images/{name:.*}/json on the decoded path.
    public Task<ImageInspectResponse> InspectImageAsync(string name, CancellationToken cancellationToken = default) =>
        connection.JsonAsync<ImageInspectResponse>(HttpMethod.Get, $"images/{name}/json", null, null, NotFoundMeans.Image, cancellationToken);

    public async Task CreateImageAsync(ImagesCreateParameters parameters, AuthConfig? authConfig, IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("fromImage", parameters.FromImage).Add("tag", parameters.Tag).Add("platform", parameters.Platform);
        var headers = authConfig is null ? null : new Dictionary<string, string> { ["X-Registry-Auth"] = EncodeAuth(authConfig) };
        await using var stream = await connection.StreamAsync(HttpMethod.Post, "images/create", query, null, NotFoundMeans.Image, cancellationToken, headers);
        await DockerConnection.ReadProgressAsync(stream, $"Pulling {parameters.FromImage}{(parameters.Tag is null ? "" : ":" + parameters.Tag)}", progress, cancellationToken);
    }

    public async Task ImportImageAsync(ImagesImportParameters parameters, Stream imageStream, IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("fromSrc", parameters.SourceName).Add("repo", parameters.RepositoryName).Add("tag", parameters.Tag)
            .Add("message", parameters.Message).AddEach("changes", parameters.Changes);
        await using var stream = await connection.StreamAsync(HttpMethod.Post, "images/create", query, Tar(imageStream), NotFoundMeans.Nothing, cancellationToken);
        await DockerConnection.ReadProgressAsync(stream, $"Importing {parameters.RepositoryName}", progress, cancellationToken);
    }

    public async Task BuildImageFromDockerfileAsync(ImageBuildParameters parameters, Stream contents, IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().AddEach("t", parameters.Tags).Add("dockerfile", parameters.Dockerfile)
            .AddJson("buildargs", parameters.BuildArgs).AddJson("labels", parameters.Labels)
            .Add("rm", parameters.Remove).Add("forcerm", parameters.ForceRemove).Add("nocache", parameters.NoCache).Add("pull", parameters.Pull);
        await using var stream = await connection.StreamAsync(HttpMethod.Post, "build", query, Tar(contents), NotFoundMeans.Nothing, cancellationToken);
        await DockerConnection.ReadProgressAsync(stream, $"Building {string.Join(", ", parameters.Tags ?? [])}", progress, cancellationToken);
    }

    private static StreamContent Tar(Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }

    // The API's own encoding: the JSON credentials, base64url.
    private static string EncodeAuth(AuthConfig auth) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(auth, DockerConnection.Json)).Replace('+', '-').Replace('/', '_');
}
