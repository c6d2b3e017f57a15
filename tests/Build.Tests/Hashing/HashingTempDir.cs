using System.Diagnostics;

namespace RedoxBuild.Tests.Hashing;

/// <summary>A temp directory deleted on dispose, plus a runner for the real CLI tools the hashing tests compare with.</summary>
internal sealed class HashingTempDir : IDisposable
{
    public HashingTempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "redox-hashing-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, byte[] content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);

    /// <summary>Runs a tool to completion (bounded to one minute) and returns its stdout; a non-zero exit fails with stderr.</summary>
    public static string Run(string tool, IEnumerable<string> arguments, byte[]? stdin = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', start.ArgumentList)} did not finish within a minute.");
        }
        process.ExitCode.Should().Be(0, $"{tool} {string.Join(' ', start.ArgumentList)} failed: {stderr.Result}");
        return stdout.Result;
    }
}
