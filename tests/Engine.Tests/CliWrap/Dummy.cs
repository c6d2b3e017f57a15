using System.Runtime.InteropServices;
using RedoxBuild.CliWrap;

namespace RedoxBuild.Engine.Tests.CliWrap;

/// <summary>The deterministic child program (tests/Dummy), copied beside the tests by the project reference.</summary>
internal static class Dummy
{
    /// <summary>A generous bound for any single spec; a hang fails the spec instead of the whole run.</summary>
    public const int Timeout = 60_000;

    public static string DllPath { get; } = FindDll();

    /// <summary>The dotnet host running these tests, so the child uses the same runtime.</summary>
    public static string DotnetPath { get; } = FindDotnet();

    /// <summary><c>dotnet RedoxBuild.Dummy.dll VERB ARGS...</c>.</summary>
    public static Command Command(params string[] arguments) => Cli.Wrap(DotnetPath).WithArguments([DllPath, .. arguments]);

    private static string FindDll()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "RedoxBuild.Dummy.dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"{path} is missing: the ProjectReference to ../Dummy in RedoxBuild.Engine.Tests.csproj should copy it (OutputItemType=Content). Rebuild the tests.");
    }

    private static string FindDotnet()
    {
        // The SDK exports DOTNET_HOST_PATH to the processes it starts; otherwise the muxer sits three levels above
        // the shared runtime directory (dotnet/shared/Microsoft.NETCore.App/<version>/).
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
            return fromSdk;
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var muxer = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", "dotnet"));
        return File.Exists(muxer) ? muxer : "dotnet";
    }
}

/// <summary>Looks at processes through /proc, to prove a process is gone without relying on the runner under test.</summary>
internal static class ProcessProbe
{
    /// <summary>True while the process exists and is not a zombie (a killed orphan may linger unreaped as Z).</summary>
    public static bool IsRunning(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }

        // "pid (comm) S ...": the state follows the last ')' because comm may itself contain parentheses.
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X');
    }

    /// <summary>Polls (at most <paramref name="timeout"/>) until the process is gone; true if it went.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int processId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            if (!IsRunning(processId))
                return true;
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(50);
        }

        return !IsRunning(processId);
    }

    /// <summary>Reads a pid file written by the child, waiting (bounded) until it appears.</summary>
    public static async Task<int> ReadPidFileAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (var attempt = 0; attempt < 10_000 && DateTime.UtcNow < deadline; attempt++)
        {
            if (File.Exists(path) && int.TryParse(await File.ReadAllTextAsync(path), out var processId))
                return processId;
            await Task.Delay(50);
        }

        throw new TimeoutException($"No pid in {path} after {timeout}.");
    }

    /// <summary>Cleanup for a failed spec: never leave a child behind.</summary>
    public static void KillIfRunning(int processId)
    {
        if (processId <= 0 || !IsRunning(processId))
            return;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone in the meantime.
        }
    }
}

/// <summary>A temporary directory deleted at the end of the spec.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "redox-process-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
