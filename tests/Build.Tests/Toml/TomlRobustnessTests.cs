using RedoxBuild.Tests.Support;
using RedoxBuild.Toml;

namespace RedoxBuild.Tests.Toml;

/// <summary>
/// Damaged documents must fail with <see cref="TomlException"/> and nothing else: no index errors, no overflow,
/// no other exception type. The inputs are the valid suite files, cut short or with one byte replaced.
/// </summary>
public sealed class TomlRobustnessTests
{
    // Bytes that open, close or separate TOML constructs, plus a CR, a NUL and a stray UTF-8 continuation byte.
    private static readonly byte[] Replacements = "\"'[]{}=.,\\#\r"u8.ToArray().Concat(new byte[] { 0x00, 0x80 }).ToArray();

    [Fact]
    public void Every_valid_suite_file_cut_short_at_any_byte_parses_or_fails_with_a_TomlException()
    {
        var failures = new List<string>();
        foreach (var (name, bytes) in ValidSuiteFiles())
            for (var length = 0; length < bytes.Length; length++)
                Check(bytes.AsSpan(0, length).ToArray(), $"{name} cut to {length} bytes", failures);

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Every_valid_suite_file_with_a_byte_replaced_parses_or_fails_with_a_TomlException()
    {
        var failures = new List<string>();
        foreach (var (name, bytes) in ValidSuiteFiles())
            for (var offset = 0; offset < bytes.Length; offset++)
                // Two replacements per offset, rotating, so every kind lands on every sort of position across the
                // suite while the test stays around a second.
                foreach (var replacement in new[] { Replacements[offset % Replacements.Length], Replacements[(offset + 5) % Replacements.Length] })
                {
                    var damaged = (byte[])bytes.Clone();
                    damaged[offset] = replacement;
                    Check(damaged, $"{name} with byte {offset} set to 0x{replacement:X2}", failures);
                }

        failures.Should().BeEmpty();
    }

    private static void Check(byte[] bytes, string description, List<string> failures)
    {
        try
        {
            TomlParser.Parse(bytes, "damaged.toml");
        }
        catch (TomlException)
        {
        }
        catch (Exception other)
        {
            failures.Add($"{description}: {other.GetType().Name}: {other.Message}");
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> ValidSuiteFiles()
    {
        var list = RepoPaths.RequireShared("toml-test/tests/files-toml-1.0.0");
        var suite = Path.GetDirectoryName(list)!;
        return File.ReadLines(list)
            .Where(line => line.StartsWith("valid/", StringComparison.Ordinal) && line.EndsWith(".toml", StringComparison.Ordinal))
            .Select(name => (name, File.ReadAllBytes(Path.Combine(suite, name))));
    }
}
