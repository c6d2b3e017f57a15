using System.Buffers.Binary;
using System.Text;
using RedoxBuild.Cache.Archive;
using RedoxBuild.Tests.Cache.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>The canonical output archive: determinism, fidelity, and refusal of hostile archives.</summary>
public class OutputArchiveTests : IDisposable
{
    private readonly CacheTemp _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(byte[] Bytes, ArchiveSummary Summary)> ArchiveAsync(string stage)
    {
        using var output = new MemoryStream();
        var summary = await OutputArchiveWriter.WriteAsync(stage, output);
        return (output.ToArray(), summary);
    }

    [Fact]
    public async Task Archive_then_extract_reproduces_contents_modes_and_symlinks()
    {
        var stage = StageTrees.CreateMixed(_temp.Sub("stage"));
        var (bytes, summary) = await ArchiveAsync(stage);

        var extracted = await OutputArchiveExtractor.ExtractAsync(new MemoryStream(bytes), _temp.Sub("out"), new ArchiveExpectation(summary.Sha256, summary.Size));

        TreeSnapshot.Of(_temp.Sub("out")).Should().Equal(TreeSnapshot.Of(stage));
        extracted.Should().Be(summary, "the extractor recomputes the digest, size, listing digest and file count");
        File.GetUnixFileMode(_temp.Sub("out/usr/bin/sudo")).Should().Be((UnixFileMode)0b100_111_101_101, "setuid survives");
        new FileInfo(_temp.Sub("out/bin")).LinkTarget.Should().Be("usr/bin");
        summary.FileCount.Should().Be(9);
    }

    [Fact]
    public async Task Equal_trees_give_byte_equal_archives_whatever_their_timestamps_and_creation_order()
    {
        var first = StageTrees.CreateMixed(_temp.Sub("a"));
        var second = _temp.Sub("b");
        // The same tree built in a different order, at other times.
        StageTrees.Write(second, "etc/hello.conf", "greeting = \"hi\"\n"u8.ToArray(), (UnixFileMode)0b100_100_100);
        File.SetLastWriteTimeUtc(Path.Combine(second, "etc/hello.conf"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Directory.Delete(second, recursive: true);
        StageTrees.CreateMixed(second);
        File.SetLastWriteTimeUtc(Path.Combine(second, "usr/bin/hello"), DateTime.UtcNow.AddDays(-300));

        var (a, summaryA) = await ArchiveAsync(first);
        var (b, summaryB) = await ArchiveAsync(second);

        b.Should().Equal(a);
        summaryB.Should().Be(summaryA);
    }

    [Fact]
    public async Task A_changed_mode_content_or_link_target_changes_the_digest_and_only_content_keeps_the_listing()
    {
        var stage = StageTrees.CreateMixed(_temp.Sub("stage"));
        var (_, original) = await ArchiveAsync(stage);

        File.SetUnixFileMode(Path.Combine(stage, "usr/bin/hello"), (UnixFileMode)0b111_101_100);
        var (_, modeChanged) = await ArchiveAsync(stage);
        File.SetUnixFileMode(Path.Combine(stage, "usr/bin/hello"), (UnixFileMode)0b111_101_101);
        var bytes = File.ReadAllBytes(Path.Combine(stage, "usr/bin/hello"));
        bytes[0] ^= 1;
        File.WriteAllBytes(Path.Combine(stage, "usr/bin/hello"), bytes);
        var (_, contentChanged) = await ArchiveAsync(stage);

        modeChanged.Sha256.Should().NotBe(original.Sha256);
        modeChanged.FileListSha256.Should().NotBe(original.FileListSha256);
        contentChanged.Sha256.Should().NotBe(original.Sha256);
        contentChanged.FileListSha256.Should().Be(original.FileListSha256, "the listing leaves contents out");
    }

    [Fact]
    public async Task Entries_are_sorted_by_utf8_bytes_with_parents_first()
    {
        var stage = _temp.Sub("stage");
        foreach (var name in new[] { "b", "a/z", "a/b", "B", "é", "a-" })
            StageTrees.Write(stage, name, [1], (UnixFileMode)0b110_100_100);

        var (bytes, _) = await ArchiveAsync(stage);

        Paths(bytes).Should().Equal("", "B", "a", "a/b", "a/z", "a-", "b", "é");
    }

    [Fact]
    public async Task Absolute_and_escaping_symlinks_are_not_archived()
    {
        var stage = _temp.Sub("stage");
        Directory.CreateDirectory(stage);
        File.CreateSymbolicLink(Path.Combine(stage, "etc"), "/etc");
        var absolute = async () => await ArchiveAsync(stage);
        (await absolute.Should().ThrowAsync<ArchiveFormatException>()).Which.Message.Should().Contain("absolute target '/etc'");

        File.Delete(Path.Combine(stage, "etc"));
        Directory.CreateDirectory(Path.Combine(stage, "lib"));
        File.CreateSymbolicLink(Path.Combine(stage, "lib/up"), "../../outside");
        (await absolute.Should().ThrowAsync<ArchiveFormatException>()).Which.Message.Should().Contain("climbs out of the tree");
    }

    [Fact]
    public async Task A_fifo_in_the_stage_directory_is_refused_instead_of_blocking()
    {
        var stage = _temp.Sub("stage");
        Directory.CreateDirectory(stage);
        Image.Disk.Tool.Run("mkfifo", Path.Combine(stage, "pipe")).ExitCode.Should().Be(0);

        var act = async () => await ArchiveAsync(stage);

        (await act.Should().ThrowAsync<ArchiveFormatException>()).Which.Message.Should().Contain("pipe in the stage directory is a FIFO");
    }

    [Fact]
    public async Task A_flipped_byte_or_a_truncation_is_detected_and_leaves_no_destination()
    {
        var stage = StageTrees.CreateMixed(_temp.Sub("stage"));
        var (bytes, summary) = await ArchiveAsync(stage);
        var expected = new ArchiveExpectation(summary.Sha256, summary.Size);

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 1; // inside the 300 kB library's contents: only the digest can tell
        var act = () => OutputArchiveExtractor.ExtractAsync(new MemoryStream(flipped), _temp.Sub("out1"), expected);
        (await act.Should().ThrowAsync<ArchiveFormatException>()).Which.Message.Should().Contain("SHA-256");

        var truncated = bytes[..(bytes.Length / 2)];
        act = () => OutputArchiveExtractor.ExtractAsync(new MemoryStream(truncated), _temp.Sub("out2"), null);
        (await act.Should().ThrowAsync<ArchiveFormatException>()).Which.Message.Should().Contain("truncated");

        Directory.Exists(_temp.Sub("out1")).Should().BeFalse();
        Directory.Exists(_temp.Sub("out2")).Should().BeFalse();
        Directory.EnumerateFileSystemEntries(_temp.Path).Should().OnlyContain(p => Path.GetFileName(p) == "stage", "failed extractions leave no partial directories");
    }

    [Theory]
    [InlineData("../evil", "'..' component")]
    [InlineData("/etc/passwd", "an empty name")]
    [InlineData("a/../../evil", "'..' component")]
    [InlineData("a//b", "an empty name")]
    [InlineData("link/passwd", "is not inside a directory listed before it")]
    public async Task Hostile_paths_are_refused(string path, string message)
    {
        // A handcrafted archive: root, a symlink "link" -> "etc" (harmless on its own), then the hostile file.
        var archive = new ArchiveBuilder().Directory("").Symlink("link", "etc").File(path, "pwned"u8.ToArray()).Build();

        var act = () => OutputArchiveExtractor.ExtractAsync(new MemoryStream(archive), _temp.Sub("out"), null);

        (await act.Should().ThrowAsync<ArchiveFormatException>()).Which.Message.Should().Contain(message);
        Directory.Exists(_temp.Sub("out")).Should().BeFalse();
        File.Exists(_temp.Sub("evil")).Should().BeFalse();
    }

    [Theory]
    [InlineData("/etc", "absolute target")]
    [InlineData("../../..", "climbs out of the tree")]
    [InlineData("a/../../../x", "climbs out of the tree")]
    public async Task Symlinks_that_escape_the_destination_are_refused(string target, string message)
    {
        var archive = new ArchiveBuilder().Directory("").Directory("d").Symlink("d/link", target).Build();

        var act = () => OutputArchiveExtractor.ExtractAsync(new MemoryStream(archive), _temp.Sub("out"), null);

        (await act.Should().ThrowAsync<ArchiveFormatException>()).Which.Message.Should().Contain(message);
    }

    [Fact]
    public async Task Duplicate_or_unsorted_entries_are_refused()
    {
        var duplicate = new ArchiveBuilder().Directory("").File("a", [1]).File("a", [2]).Build();
        var unsorted = new ArchiveBuilder().Directory("").File("b", [1]).File("a", [2]).Build();

        foreach (var archive in new[] { duplicate, unsorted })
        {
            var act = () => OutputArchiveExtractor.ExtractAsync(new MemoryStream(archive), _temp.Sub("out"), null);
            (await act.Should().ThrowAsync<ArchiveFormatException>()).Which.Message.Should().Contain("duplicated or out of canonical order");
        }
    }

    [Fact]
    public async Task Bytes_beyond_the_recorded_size_are_not_read()
    {
        var archive = new ArchiveBuilder().Directory("").File("big", new byte[10_000]).Build();

        var act = () => OutputArchiveExtractor.ExtractAsync(new MemoryStream(archive), _temp.Sub("out"), new ArchiveExpectation(Bytes.Sha256(archive), 100));

        (await act.Should().ThrowAsync<ArchiveFormatException>()).Which.Message.Should().Contain("longer than its recorded size of 100 bytes");
    }

    [Fact]
    public async Task A_non_empty_destination_is_refused()
    {
        var (bytes, _) = await ArchiveAsync(StageTrees.CreateSingle(_temp.Sub("stage"), 10, 1));
        StageTrees.Write(_temp.Sub("out"), "keep", [1], (UnixFileMode)0b110_100_100);

        var act = () => OutputArchiveExtractor.ExtractAsync(new MemoryStream(bytes), _temp.Sub("out"), null);

        await act.Should().ThrowAsync<IOException>().WithMessage("*not empty*");
        File.Exists(_temp.Sub("out/keep")).Should().BeTrue();
    }

    private static List<string> Paths(byte[] archive)
    {
        var paths = new List<string>();
        var position = 8;
        while (archive[position] != 0)
        {
            var kind = archive[position];
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(archive.AsSpan(position + 5));
            paths.Add(Encoding.UTF8.GetString(archive, position + 9, length));
            position += 9 + length;
            position += kind switch
            {
                2 => 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(archive.AsSpan(position)),
                3 => 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(archive.AsSpan(position)),
                _ => 0,
            };
        }
        return paths;
    }

    /// <summary>Writes archives by hand, including ones the writer would never produce.</summary>
    private sealed class ArchiveBuilder
    {
        private readonly MemoryStream _stream = new();
        private long _entries;

        public ArchiveBuilder() => _stream.Write("RDXOAR01"u8);

        public ArchiveBuilder Directory(string path) => Header(1, 0b111_101_101, path);

        public ArchiveBuilder File(string path, byte[] content)
        {
            Header(2, 0b110_100_100, path);
            _stream.Write(BitConverter.GetBytes((ulong)content.Length));
            _stream.Write(content);
            return this;
        }

        public ArchiveBuilder Symlink(string path, string target)
        {
            Header(3, 0b111_111_111, path);
            var bytes = Encoding.UTF8.GetBytes(target);
            _stream.Write(BitConverter.GetBytes((uint)bytes.Length));
            _stream.Write(bytes);
            return this;
        }

        public byte[] Build()
        {
            _stream.WriteByte(0);
            _stream.Write(BitConverter.GetBytes((ulong)_entries));
            return _stream.ToArray();
        }

        private ArchiveBuilder Header(byte kind, uint mode, string path)
        {
            var bytes = Encoding.UTF8.GetBytes(path);
            _stream.WriteByte(kind);
            _stream.Write(BitConverter.GetBytes(mode));
            _stream.Write(BitConverter.GetBytes((uint)bytes.Length));
            _stream.Write(bytes);
            _entries++;
            return this;
        }
    }
}
