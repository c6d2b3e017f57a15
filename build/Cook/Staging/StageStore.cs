using System.Security.Cryptography;
using System.Text.Json;

namespace RedoxBuild.Cook.Staging;

/// <summary>One file of a staged output: path relative to the stage root, kind, mode, size and SHA-256.</summary>
public sealed record StagedFile(string Path, char Kind, int Mode, long Size, string? Sha256, string? LinkTarget);

/// <summary>What a completed stage holds, written beside it: its key, recipe, files and totals.</summary>
public sealed record StageManifest(string Key, string Recipe, string Target, IReadOnlyList<StagedFile> Files, long TotalBytes, double BuildSeconds)
{
    /// <summary>A digest of the file list (paths, kinds, modes, hashes, link targets): equal outputs, equal digests.</summary>
    public string FileListDigest => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        string.Join('\n', Files.Select(f => $"{f.Kind} {Convert.ToString(f.Mode, 8)} {f.Path} {f.Sha256 ?? f.LinkTarget ?? ""}")))));
}

/// <summary>A complete staged output in the store: the tree consumers read and its manifest.</summary>
public sealed record StagedOutput(string Key, string Directory, StageManifest Manifest)
{
    public string Tree => Path.Combine(Directory, "stage");
}

/// <summary>
/// Staged outputs by content key under build/work/stages/&lt;key&gt;/ ({stage/, manifest.json}). A stage is built in a
/// temporary directory and published with one rename, so a killed build never leaves a half output that a later run
/// trusts; a stage that exists is complete. Two builds of the same key: the first rename wins, the other is dropped.
/// </summary>
public sealed class StageStore(string root)
{
    public string Root { get; } = root;

    public string PathFor(string key) => Path.Combine(Root, key);

    public StagedOutput? TryGet(string key)
    {
        var dir = PathFor(key);
        var manifest = Path.Combine(dir, "manifest.json");
        if (!File.Exists(manifest)) return null;
        return new StagedOutput(key, dir, JsonSerializer.Deserialize<StageManifest>(File.ReadAllText(manifest))!);
    }

    /// <summary>A fresh temporary directory with an empty stage/ to build into.</summary>
    public string BeginTemporary(string key)
    {
        var temp = Path.Combine(Root, ".tmp", $"{key}-{System.Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(temp, "stage"));
        return temp;
    }

    /// <summary>Describes the temporary stage, writes its manifest and publishes it under its key with one rename.</summary>
    public StagedOutput Commit(string temporary, string key, string recipe, string target, double buildSeconds)
    {
        var files = Describe(Path.Combine(temporary, "stage"));
        var manifest = new StageManifest(key, recipe, target, files, files.Sum(f => f.Size), buildSeconds);
        File.WriteAllText(Path.Combine(temporary, "manifest.json"), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
        var final = PathFor(key);
        try
        {
            Directory.Move(temporary, final);
        }
        catch (IOException) when (Directory.Exists(final))
        {
            // Another build published the same key first; outputs of equal keys are interchangeable.
            Directory.Delete(temporary, recursive: true);
        }
        return TryGet(key)!;
    }

    /// <summary>Leftover temporaries of builds that were killed; safe to delete when no build runs.</summary>
    public void DeleteTemporaries()
    {
        var temp = Path.Combine(Root, ".tmp");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
    }

    public static IReadOnlyList<StagedFile> Describe(string stageTree) =>
        Keys.TreeHash.Entries(stageTree).Select(e =>
        {
            // A link's own mode is always 0777; asking the file system would follow it, and links such as base's
            // dev/null -> /scheme/null point at nothing on the build machine.
            var mode = OperatingSystem.IsWindows() ? 0 : e.Kind == 'l' ? 0b111_111_111 : (int)File.GetUnixFileMode(e.Full);
            return e.Kind switch
            {
                'l' => new StagedFile(e.Relative, 'l', mode, 0, null, new FileInfo(e.Full).LinkTarget),
                'd' => new StagedFile(e.Relative, 'd', mode, 0, null, null),
                _ => new StagedFile(e.Relative, 'f', mode, new FileInfo(e.Full).Length, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(e.Full))), null),
            };
        }).ToList();
}
