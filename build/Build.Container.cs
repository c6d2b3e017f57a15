using RedoxBuild.Cook.Containers;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Docker;
using RedoxBuild.Doctor;
using RedoxBuild.Engine;

// Containerized cooks (one builder container per build, scripts run in it with exec) and compiler caching (sccache).
partial class Build
{
    const string DefaultBuilderImage = "redox-build/builder:latest";

    // Strict: inside containers the environment often has container=podman (or docker), which must not switch this on.
    [Parameter("Cook, Packages: run the recipe scripts inside one builder container (--builder-image) through the Docker Engine API (dockerd, or Podman's socket; DOCKER_HOST picks another).",
        StrictEnvironment = true)]
    readonly bool Container;

    [Parameter("The builder image: what --container runs scripts in and what BuilderImage builds.", Name = "BuilderImage")]
    readonly string BuilderImageName = DefaultBuilderImage;

    [Parameter("BuilderImage: start from this local image instead of debian:bookworm (offline, or a Debian made with debootstrap and docker import).")]
    readonly string? BuilderBase;

    [Parameter("--container: run scripts as UID:GID. Default: the invoking user (SUDO_UID:SUDO_GID under sudo), so outputs belong to them.")]
    readonly string? ContainerUser;

    [Parameter("Cook, Packages: compile through sccache (RUSTC_WRAPPER, and CC/CXX wrapped as upstream's CC_WRAPPER); outputs and keys are unchanged.")]
    readonly bool Sccache;

    [Parameter("--sccache: the local cache directory (sccache's SCCACHE_DIR). Default: <source cache>/sccache.")]
    readonly AbsolutePath? SccacheDir;

    [Parameter("--sccache: keep the cache in this S3 bucket (SCCACHE_BUCKET; credentials from the AWS_* environment).")]
    readonly string? SccacheBucket;

    [Parameter("--sccache-bucket: an S3-compatible endpoint (SCCACHE_ENDPOINT), e.g. MinIO at host:9000.")]
    readonly string? SccacheEndpoint;

    [Parameter("--sccache: keep the cache in Redis, redis://[:password@]host[:port][/db] (SCCACHE_REDIS); wins over --sccache-bucket."), Secret]
    readonly string? SccacheRedis;

    [UsesTools(ToolFamily.Containers)]
    Target BuilderImage => _ => _
        .Description("Builds the builder image --builder-image from tools/Containerfile through the Engine API (Debian with the C, meson, cmake, nasm and Rust tools recipes use); --builder-base starts it from a local image.")
        .Executes(async () =>
        {
            var containerfile = RootDirectory / "tools" / "Containerfile";
            if (IsDryRun)
            {
                // A dry run needs no daemon: it only says what the real run would ask the Engine API for.
                Logger.Information("[dry-run] build {Image} from {File}{Base} through the Docker Engine API (DOCKER_HOST or the default socket)",
                    BuilderImageName, SourcePaths.Display(containerfile), BuilderBase is null ? "" : $" with BASE={BuilderBase}");
                return;
            }
            using var docker = CreateDockerClient();
            await docker.System.PingAsync(CancellationToken);
            var tail = new Queue<string>();
            var progress = new InlineProgress<JSONMessage>(message =>
            {
                foreach (var line in (message.Stream ?? message.Status ?? "").Split('\n').Where(l => l.Trim().Length > 0))
                {
                    tail.Enqueue(line.TrimEnd());
                    if (tail.Count > 30) tail.Dequeue();
                    Logger.Debug("  {Line}", line.TrimEnd());
                }
            });
            Logger.Information("Building {Image} from {File}{Base}", BuilderImageName, SourcePaths.Display(containerfile), BuilderBase is null ? "" : $" on {BuilderBase}");
            using var context = BuildContext.FromFiles([(containerfile, "Containerfile")]);
            try
            {
                await docker.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters
                {
                    Tags = [BuilderImageName],
                    Dockerfile = "Containerfile",
                    BuildArgs = BuilderBase is null ? null : new Dictionary<string, string> { ["BASE"] = BuilderBase },
                    Remove = true,
                    ForceRemove = true,
                }, context, progress, CancellationToken);
            }
            catch (DockerStreamException failed)
            {
                throw new BuildFailure($"{failed.Message}{Environment.NewLine}Last output:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}");
            }
            var image = await docker.Images.InspectImageAsync(BuilderImageName, CancellationToken);
            Logger.Information("Built {Image} ({Id})", BuilderImageName, image.ID);
            ReportSummary(s => s["Image"] = $"{BuilderImageName} ({image.ID[..19]})");
        });

    IDockerClient CreateDockerClient() => new DockerClientConfiguration(environment: EnvironmentVariables).CreateClient();

    /// <summary>With --container, the started builder container the cook's scripts run in (removed by disposing it); else null.</summary>
    async Task<ContainerScriptHost?> StartBuilderContainerAsync()
    {
        if (!Container) return null;
        var layout = CookLayout;
        var user = ContainerUser is null ? RedoxBuild.Cook.Containers.ContainerUser.Invoking(EnvironmentVariables) : RedoxBuild.Cook.Containers.ContainerUser.Parse(ContainerUser);
        var cache = CompilerCache();
        var sccacheDirectory = (cache?.Backend as SccacheLocal)?.Directory;
        // The checkout (recipes/, patches/, prefix/), build/ and the source cache are written; recipe folders elsewhere are only read.
        var mounts = BuilderMounts.For([RootDirectory, RootDirectory / "build", layout.SourceCache, .. sccacheDirectory is null ? Array.Empty<string>() : [sccacheDirectory]],
            RecipeRoots().Select(r => (string)r.Directory).Where(Directory.Exists));
        var forwarded = cache?.Backend is SccacheS3
            ? EnvironmentVariables.Where(e => e.Key.StartsWith("AWS_", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)
            : new Dictionary<string, string>();
        var options = new BuilderContainerOptions(BuilderImageName, user, mounts, RootDirectory, Path.Combine(layout.Work, "container-home", user.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            sccacheDirectory is null ? [] : [sccacheDirectory], forwarded,
            BuilderImageName == DefaultBuilderImage ? "Build it first: ./build.sh BuilderImage (offline: --builder-base <a local Debian image>)."
                : "");
        var docker = CreateDockerClient();
        var host = new ContainerScriptHost(docker, options, Processes, Logger, CancellationToken);
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Under --container, what stands for the compilers in recipe keys: the started builder's image, or, where keys
    /// are only read (Relibc looking up relibc's stage), the image's ID asked from the daemon. Null without --container.
    /// </summary>
    Func<Task<string>>? BuilderImageIdentity(ContainerScriptHost? builder) =>
        builder is not null ? () => Task.FromResult(builder.ImageId)
        : !Container ? null
        : async () =>
        {
            using var docker = CreateDockerClient();
            return (await docker.Images.InspectImageAsync(BuilderImageName, CancellationToken)).ID;
        };

    /// <summary>
    /// Cooks units for targets other than Cook and Packages (image inputs, host tools) the way Cook does: in a builder
    /// container under --container, so the keys and the outputs match what Cook made.
    /// </summary>
    async Task<RedoxBuild.Cook.CookReport> CookUnitsAsync(IReadOnlyList<RedoxBuild.Cook.CookUnit> units)
    {
        if (CookedThisRun(units) is { } done)
        {
            Logger.Debug("{Count} recipe(s) were cooked earlier in this run; using those outputs", done.Results.Count);
            return done;
        }
        await using var builder = await StartBuilderContainerAsync();
        var report = await CookServices(Platform, builder: builder).Engine.CookAsync(units, EnvironmentVariables.GetValueOrDefault("PATH", ""), CancellationToken);
        Remember(report);
        return report;
    }

    /// <summary>
    /// What recipe scripts must not inherit: every [Secret] parameter's environment name and aliases, and any variable
    /// of this environment that binds to one of them (the binder matches ignoring case and underscores, and NUKE_).
    /// </summary>
    internal IReadOnlySet<string> SecretEnvironmentNames()
    {
        var secrets = ParameterBinder.Describe(GetType()).Where(p => p.IsSecret).ToList();
        var spellings = secrets.SelectMany(p => new[] { p.NormalizedName, "nuke" + p.NormalizedName }).ToHashSet(StringComparer.Ordinal);
        return secrets.SelectMany(p => p.EnvironmentAliases.Prepend(p.EnvName))
            .Concat(EnvironmentVariables.Keys.Where(k => spellings.Contains(Naming.Normalize(k))))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The sccache settings of --sccache (null without it): Redis, else S3, else a local directory.</summary>
    SccacheSettings? CompilerCache() => !Sccache ? null
        : SccacheSettings.Choose(SccacheRedis, SccacheBucket, SccacheEndpoint, SccacheDir ?? Path.Combine(CookLayout.SourceCache, "sccache"), EnvironmentVariables);
}
