using System.Globalization;
using RedoxBuild.CliWrap;
using RedoxBuild.Engine;

namespace RedoxBuild.Image.Initfs;

/// <summary>
/// How to pack one initfs: the archiver program (redox-initfs-ar from base's repository, or a path given with
/// --initfs-archiver), the gathered content, the archive to write and the size limit with the setting that sets it
/// (named in errors, e.g. "[image] initfs_max_size in profiles/graphical.toml").
/// </summary>
/// <paramref name="RaiseLimit"/> turns a suggested size in MiB into the advice ("set image.initfs_max_size to at least 80 in ...").
public sealed record InitfsArchiveRequest(string Archiver, InitfsContent Content, string Output, long MaxBytes, string LimitSetting, Func<long, string> RaiseLimit, long SourceDateEpoch);

/// <summary>
/// Packs a gathered initfs with the host archiver: <c>redox-initfs-ar DIR BOOTSTRAP -o OUT --max-size BYTES</c>
/// (the bootstrap is prepended to the archive). The size is checked before the tool runs, so an overflow names the
/// numbers and the setting instead of ending in the archiver's "bump allocation failed", and the archive is checked
/// again after, because the archive adds headers to what was gathered.
/// </summary>
public sealed class InitfsArchiver(Processes processes)
{
    private const double MiB = 1024 * 1024;

    public static Command CommandFor(InitfsArchiveRequest request) =>
        Cli.Wrap(request.Archiver)
            .WithArguments([request.Content.Directory, request.Content.Bootstrap, "-o", request.Output,
                "--max-size", request.MaxBytes.ToString(CultureInfo.InvariantCulture)])
            .WithWorkingDirectory(Path.GetDirectoryName(request.Output)!)
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = request.SourceDateEpoch.ToString(CultureInfo.InvariantCulture) });

    /// <summary>Packs the initfs and returns the archive's size (0 under --dry-run, where nothing runs).</summary>
    public async Task<long> PackAsync(InitfsArchiveRequest request)
    {
        if (!processes.IsDryRun) CheckGathered(request);
        if (!processes.IsDryRun && File.Exists(request.Output)) File.Delete(request.Output);
        await processes.RunAsync(CommandFor(request));
        if (processes.IsDryRun) return 0;
        if (!File.Exists(request.Output))
            throw new ImageException($"{request.Archiver} exited successfully but wrote no {request.Output}; is it really redox-initfs-ar?");
        var size = new FileInfo(request.Output).Length;
        if (size > request.MaxBytes)
            throw new ImageException(
                $"The initfs archive {request.Output} is {size / MiB:0.0} MiB, over the {request.MaxBytes / MiB:0.#} MiB limit, {request.LimitSetting}; {request.RaiseLimit(Suggest(size))}, or drop drivers from [hardware].");
        return size;
    }

    /// <summary>Fails before the archiver runs when what was gathered is already over the limit.</summary>
    public static void CheckGathered(InitfsArchiveRequest request)
    {
        var content = request.Content;
        if (content.Bytes <= request.MaxBytes) return;
        throw new ImageException(
            $"The initfs needs {content.Bytes / MiB:0.0} MiB ({content.Files.Count} files gathered in {content.Directory}, plus the {new FileInfo(content.Bootstrap).Length / MiB:0.0} MiB bootstrap) " +
            $"but the limit is {request.MaxBytes / MiB:0.#} MiB, {request.LimitSetting}; {request.RaiseLimit(Suggest(content.Bytes))}, or drop drivers from [hardware] ({string.Join(", ", content.Drivers)}).");
    }

    // A margin for the archive's own headers, rounded up to whole MiB.
    private static long Suggest(long bytes) => (long)Math.Ceiling(bytes * 1.1 / MiB);
}
