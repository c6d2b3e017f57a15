using RedoxBuild.CliWrap;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.CloudHypervisor;

/// <summary>
/// A directory that lives for one VM run and is deleted afterwards, holding the run's copy of the disk image so
/// the built image is never modified. It sits under build/work/vm-runs rather than /tmp: on the images' filesystem a
/// reflink copy is instant (btrfs, XFS), /tmp may be a RAM-backed tmpfs, and a run killed too hard to clean up leaves
/// its copy where Clean deletes it.
/// </summary>
public sealed class RunDirectory : IAsyncDisposable
{
    private readonly bool _dryRun;

    private RunDirectory(AbsolutePath path, bool dryRun)
    {
        Path = path;
        _dryRun = dryRun;
    }

    public AbsolutePath Path { get; }

    /// <summary>A fresh directory under <paramref name="parent"/>; a dry run only names one.</summary>
    public static RunDirectory Create(AbsolutePath parent, string prefix, bool dryRun)
    {
        var path = parent / $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        if (!dryRun) path.CreateDirectory();
        return new RunDirectory(path, dryRun);
    }

    /// <summary>
    /// Copies a disk image into this directory with cp --reflink=auto --sparse=always: a reflink shares blocks until
    /// the guest writes, and otherwise only allocated blocks are written, so a mostly empty image copies quickly.
    /// The copy is made writable (an image from a read-only store would otherwise stay read-only).
    /// </summary>
    public async Task<AbsolutePath> CopyAsync(Processes processes, AbsolutePath source, string name)
    {
        var destination = Path / name;
        await processes.RunAsync(Cli.Wrap("cp").WithArguments(["--reflink=auto", "--sparse=always", source, destination]));
        if (!_dryRun && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(destination, File.GetUnixFileMode(destination) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return destination;
    }

    public ValueTask DisposeAsync()
    {
        if (!_dryRun && Path.DirectoryExists()) Directory.Delete(Path, recursive: true);
        return ValueTask.CompletedTask;
    }
}
