using RedoxBuild.Engine;
using RedoxBuild.CliWrap;
using RedoxBuild.Runners;

namespace RedoxBuild.Doctor;

/// <summary>What Doctor found for one tool.</summary>
public sealed record ToolStatus(HostTool Tool, string? Path, string? Version)
{
    public bool Found => Path is not null;
}

/// <summary>
/// Finds each tool on the invocation's PATH (plus the sbin directories, where iptables and dnsmasq live for
/// non-root users) and asks its version; firmware is found by <see cref="FirmwareLocator"/>.
/// </summary>
public sealed class ToolProbe(Processes processes, IReadOnlyDictionary<string, string> environment)
{
    private static readonly string[] SbinDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    /// <summary>Probes every tool at once (each is a short process start); results keep the catalog order.</summary>
    public async Task<IReadOnlyList<ToolStatus>> ProbeAsync(IEnumerable<HostTool> tools) =>
        await Task.WhenAll(tools.Select(ProbeAsync));

    public async Task<ToolStatus> ProbeAsync(HostTool tool)
    {
        if (tool.IsFirmware)
        {
            var path = tool.Family == ToolFamily.Qemu
                ? FirmwareLocator.FindOvmf()?.Code
                : FirmwareLocator.FindCloudHypervisorFirmware(fromEnvironment: environment.GetValueOrDefault("CLOUDHV_FIRMWARE"));
            return new ToolStatus(tool, path, null);
        }

        var executable = tool.Executables.Select(Find).FirstOrDefault(p => p is not null);
        if (executable is null) return new ToolStatus(tool, null, null);
        if (tool.VersionArgument is null) return new ToolStatus(tool, executable, null);
        var result = await processes.CaptureAsync(Cli.Wrap(executable).WithArguments(tool.VersionArgument)
            .WithWorkingDirectory(Directory.GetCurrentDirectory()).WithValidation(CommandResultValidation.None));
        var version = (result.StandardOutput + "\n" + result.StandardError)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return new ToolStatus(tool, executable, version);
    }

    /// <summary>An executable file of that name on PATH or in the sbin directories.</summary>
    public string? Find(string name)
    {
        var directories = environment.GetValueOrDefault("PATH", "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(SbinDirectories);
        return directories.Select(d => System.IO.Path.Combine(d, name)).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
