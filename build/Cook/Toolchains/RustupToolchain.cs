using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Cook.Toolchains;

/// <summary>A rustup toolchain with the targets and components a build needs.</summary>
public sealed record RustupRequest(string Toolchain, string Target, IReadOnlyList<string> Components);

/// <summary>
/// Installs the pinned nightly through rustup only when something is missing. `rustup toolchain install` asks the
/// network for the channel manifest even when everything is installed, so an offline machine (or a CI runner without
/// network) could never run Toolchain again; rustup's list commands read the local installation only.
/// </summary>
public sealed class RustupToolchain(Processes processes, ILogger logger, string rustup, string workingDirectory)
{
    public async Task EnsureAsync(RustupRequest request)
    {
        if (!processes.IsDryRun && await MissingAsync(request) is { Count: 0 })
        {
            logger.Information("Rust {Toolchain} is installed with {Target} and {Components}", request.Toolchain, request.Target, string.Join(", ", request.Components));
            return;
        }
        var arguments = new List<string> { "toolchain", "install", request.Toolchain, "--profile", "minimal" };
        foreach (var component in request.Components) arguments.AddRange(["--component", component]);
        arguments.AddRange(["--target", request.Target]);
        await processes.RunAsync(Cli.Wrap(rustup).WithArguments(arguments).WithWorkingDirectory(workingDirectory));
    }

    /// <summary>What the installation lacks: "toolchain", "target X" or "component Y"; empty when nothing is missing.</summary>
    public async Task<IReadOnlyList<string>> MissingAsync(RustupRequest request)
    {
        var toolchains = await ListAsync("toolchain", "list");
        // Installed toolchains carry the host triple: nightly-2025-10-03 is listed as nightly-2025-10-03-x86_64-unknown-linux-gnu.
        if (!toolchains.Any(t => t.Split(' ')[0] == request.Toolchain || t.StartsWith(request.Toolchain + "-", StringComparison.Ordinal)))
            return ["toolchain " + request.Toolchain];
        var missing = new List<string>();
        var targets = await ListAsync("target", "list", "--installed", "--toolchain", request.Toolchain);
        if (!targets.Contains(request.Target)) missing.Add("target " + request.Target);
        // Components are listed with the host triple too (rustfmt-x86_64-unknown-linux-gnu), except rust-src.
        var components = await ListAsync("component", "list", "--installed", "--toolchain", request.Toolchain);
        missing.AddRange(request.Components.Where(c => !components.Any(i => i == c || i.StartsWith(c + "-", StringComparison.Ordinal))).Select(c => "component " + c));
        return missing;
    }

    private async Task<IReadOnlyList<string>> ListAsync(params string[] arguments)
    {
        var result = await processes.CaptureAsync(Cli.Wrap(rustup).WithArguments(arguments).WithWorkingDirectory(workingDirectory).WithValidation(CommandResultValidation.None));
        return result.ExitCode != 0 ? [] : result.StandardOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }
}
