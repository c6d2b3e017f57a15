using System.Collections.Concurrent;
using System.Security.Cryptography;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace RedoxBuild.Tests.Cache.Support;

/// <summary>A temp directory deleted with everything in it, even read-only parts an output made.</summary>
public sealed class CacheTemp : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("redox-cache-test-").FullName;

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => RedoxBuild.Cache.Archive.TreeDeletion.Delete(Path);
}

/// <summary>A Serilog logger whose events the test can read back, rendered as the console would show them.</summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public CapturedLog() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public IReadOnlyList<string> Warnings => Messages(LogEventLevel.Warning);

    public string All => string.Join("\n", _events.Select(e => e.RenderMessage() + (e.Exception is null ? "" : " " + e.Exception)));

    public IReadOnlyList<string> Messages(LogEventLevel level) => _events.Where(e => e.Level == level).Select(e => e.RenderMessage()).ToList();
}

/// <summary>A clock the test moves by hand, for least-recently-used order.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Deterministic test content.</summary>
public static class Bytes
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>A content key as Cook would make it: the SHA-256 of some input description.</summary>
    public static string Key(string inputs) => Sha256(System.Text.Encoding.UTF8.GetBytes(inputs));

    public static void FlipByte(string file, long offset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0x01));
    }
}
