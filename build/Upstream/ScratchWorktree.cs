namespace RedoxBuild.Upstream;

/// <summary>
/// A temporary, detached git worktree of a repository, removed on dispose. Patches are applied here first, so a
/// series that fails half-way never leaves the real checkout (its files, index or HEAD) half-patched.
/// </summary>
internal sealed class ScratchWorktree : IAsyncDisposable
{
    private readonly GitRepository _owner;

    private ScratchWorktree(GitRepository owner, string path)
    {
        _owner = owner;
        Path = path;
        Git = owner.At(path);
    }

    public string Path { get; }

    /// <summary>Git in the worktree, with the owner's environment.</summary>
    public GitRepository Git { get; }

    public static async Task<ScratchWorktree> CreateAsync(GitRepository repository, string commit)
    {
        // A worktree left by a killed run would keep its administrative entry; prune drops entries whose folder is gone.
        await repository.TryAsync("worktree", "prune").ConfigureAwait(false);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "redox-build-scratch-" + Guid.NewGuid().ToString("N")[..12]);
        await repository.RunAsync([.. StableGit.NoHooks, "worktree", "add", "--detach", "--quiet", path, commit]).ConfigureAwait(false);
        return new ScratchWorktree(repository, path);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _owner.TryAsync("worktree", "remove", "--force", Path).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Cancelled runs still delete the folder below; the next CreateAsync prunes the stale entry.
        }
        finally
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
    }
}
