using System.Text.Json;
using RedoxBuild.Tests.Support;
using RedoxBuild.Toml;

namespace RedoxBuild.Tests.Toml;

/// <summary>
/// The public TOML conformance suite (toml-test), every file that its list for TOML 1.0.0 names: valid files must
/// decode to the expected tagged JSON, invalid files must be rejected with a <see cref="TomlException"/>.
/// </summary>
public sealed class TomlConformanceTests
{
    private static readonly string ListFile = RepoPaths.RequireShared("toml-test/tests/files-toml-1.0.0");
    private static readonly string SuiteDirectory = Path.GetDirectoryName(ListFile)!;

    /// <summary>Relative paths as the list writes them, so each case shows by name in test output.</summary>
    public static TheoryData<string> Toml_1_0_0_files()
    {
        var files = new TheoryData<string>();
        foreach (var file in ListedTomlFiles())
            files.Add(file);
        return files;
    }

    private static IEnumerable<string> ListedTomlFiles() =>
        File.ReadLines(ListFile).Where(line => line.EndsWith(".toml", StringComparison.Ordinal));

    [Fact]
    public void The_list_names_the_709_files_of_TOML_1_0_0()
    {
        var files = ListedTomlFiles().ToList();

        files.Should().HaveCount(709);
        files.Count(f => f.StartsWith("valid/", StringComparison.Ordinal)).Should().Be(210);
        files.Count(f => f.StartsWith("invalid/", StringComparison.Ordinal)).Should().Be(499);
    }

    [Theory]
    [MemberData(nameof(Toml_1_0_0_files))]
    public void A_suite_file_is_accepted_or_rejected_as_toml_test_expects(string file)
    {
        // Arrange
        var path = Path.Combine(SuiteDirectory, file);
        var bytes = File.ReadAllBytes(path);

        if (file.StartsWith("valid/", StringComparison.Ordinal))
        {
            // Act
            var json = TomlTaggedJson.Serialize(TomlParser.Parse(bytes, file));

            // Assert
            using var want = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(path, ".json")));
            using var have = JsonDocument.Parse(json);
            TaggedJsonComparer.Compare(want.RootElement, have.RootElement).Should().BeNull($"the parser wrote {json}");
        }
        else
        {
            // Act
            var parse = () => TomlParser.Parse(bytes, file);

            // Assert
            var error = parse.Should().Throw<TomlException>().Which;
            error.File.Should().Be(file);
            error.Line.Should().BePositive();
            error.Column.Should().BePositive();
            error.Message.Should().StartWith($"{file}:{error.Line}:{error.Column}: ");
        }
    }
}
