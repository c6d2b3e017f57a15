using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Cook.Toolchains;

/// <summary>The contents of <paramref name="From"/> (cp -a From/.) copied into <paramref name="Into"/>, a path inside the tree.</summary>
public sealed record TreeCopy(string From, string Into = "");

/// <summary>
/// Replaces a directory of prefix/&lt;target&gt; the way upstream's prefix.mk does: it is assembled in &lt;name&gt;.partial
/// (a stale one from an interrupted run is deleted first) and renamed over the old one only when complete, so a run
/// that stops halfway leaves a .partial that nothing reads. Everything it deletes is inside the prefix directory.
/// Under --dry-run the commands are printed and nothing is touched.
/// </summary>
public sealed class PrefixTree(Processes processes, ILogger logger, string prefix)
{
    public string Prefix { get; } = prefix;

    public string PathOf(string name) => Path.Combine(Prefix, Checked(name));

    /// <summary>Fills &lt;name&gt;.partial with <paramref name="fill"/>, then swaps it in (<paramref name="beforeSwap"/> runs just before).</summary>
    public async Task ReplaceAsync(string name, Func<string, Task> fill, Action? beforeSwap = null)
    {
        var destination = PathOf(name);
        var partial = destination + ".partial";
        if (processes.IsDryRun)
            logger.Information("[dry-run] rm -rf {Partial} && mkdir -p {Partial}", partial, partial);
        else
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            Directory.CreateDirectory(partial);
        }
        await fill(partial);
        if (processes.IsDryRun)
        {
            logger.Information("[dry-run] rm -rf {Destination} && mv {Partial} {Destination}", destination, partial, destination);
            return;
        }
        beforeSwap?.Invoke();
        if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        Directory.Move(partial, destination);
    }

    /// <summary>A directory made of copies of other trees, in order (later copies win), then <paramref name="finish"/>.</summary>
    public Task ReplaceWithCopiesAsync(string name, IReadOnlyList<TreeCopy> copies, Func<string, Task>? finish = null, Action? beforeSwap = null) =>
        ReplaceAsync(name, async partial =>
        {
            foreach (var copy in copies)
            {
                var into = copy.Into.Length == 0 ? partial : Path.Combine(partial, Checked(copy.Into));
                if (copy.Into.Length > 0) await RunAsync("mkdir", "-p", into);
                await RunAsync("cp", "-a", copy.From + "/.", into);
            }
            if (finish is not null) await finish(partial);
        }, beforeSwap);

    /// <summary>Removes prefix/&lt;name&gt; (a stage of the prefix no longer needed once the sysroot is complete).</summary>
    public void Delete(string name)
    {
        var path = PathOf(name);
        if (processes.IsDryRun) logger.Information("[dry-run] rm -rf {Path}", path);
        else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    public Task RunAsync(string program, params string[] arguments) =>
        processes.RunAsync(Cli.Wrap(program).WithArguments(arguments).WithWorkingDirectory(Prefix));

    // Names are relative and stay inside the prefix: a wrong one must never delete anything outside it.
    private static string Checked(string relative) =>
        relative.Length > 0 && !Path.IsPathRooted(relative) && !relative.Split('/').Contains("..")
            ? relative
            : throw new ArgumentException($"'{relative}' is not a path inside the prefix directory.", nameof(relative));
}
