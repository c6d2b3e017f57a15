using System.Diagnostics;
using RedoxBuild.Image.Disk;

namespace RedoxBuild.Tests.Image.Disk;

/// <summary>A temp directory that is deleted with everything in it.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("redox-disk-test-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() => Directory.Delete(Path, recursive: true);
}

public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;
}

/// <summary>Runs a host tool with a bounded wait; the process tree is killed if it overruns.</summary>
public static class Tool
{
    public static ToolResult Run(string tool, params string[] args) => RunWithTimeout(TimeSpan.FromSeconds(60), tool, args);

    public static ToolResult RunWithTimeout(TimeSpan timeout, string tool, params string[] args)
    {
        var info = new ProcessStartInfo(Support.HostTools.Require(tool))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        // mtools refuses images whose geometry it cannot guess unless told not to check; keep its config out of the test.
        info.Environment["MTOOLS_SKIP_CHECK"] = "1";
        info.Environment["MTOOLSRC"] = "/dev/null";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (!process.WaitForExit(timeout))
                throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
            process.WaitForExit();
            return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}

/// <summary>Shared fixtures: a fixed identity and helpers to build volumes and images.</summary>
public static class DiskFixtures
{
    public static readonly ImageIdentity Identity = new("sha256:5e1f0c0ffee", 1_700_000_000);
    public const long MiB = 1024 * 1024;

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A volume image alone (no partition table), written to a file for fsck.fat and mtools.</summary>
    public static string WriteVolume(TempDir dir, FatVolume volume, string name = "esp.img")
    {
        var path = dir.File(name);
        System.IO.File.WriteAllBytes(path, volume.ToArray());
        return path;
    }
}
