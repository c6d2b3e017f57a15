namespace RedoxBuild.Tests.Image.Assembly;

/// <summary>The image build specs share one cooked fixture root and run one at a time (they write the same folders).</summary>
[CollectionDefinition(Name)]
public sealed class ImageBuilds : ICollectionFixture<ImageBuildFixture>
{
    public const string Name = "image builds";
}

/// <summary>
/// The manifest with what depends on the machine replaced: stage keys (they cover the host compiler), and what
/// follows from them (the identity seed: build id, GUIDs, the FAT serial, the image hash) or from the compiled loader's size.
/// </summary>
internal static class ManifestGolden
{
    private static readonly string[] Varying = ["key", "sha256", "build_id", "disk_guid", "unique_guid", "fat_volume_id", "efi_bytes"];

    public static string Normalise(System.Text.Json.Nodes.JsonNode manifest)
    {
        var copy = manifest.DeepClone();
        Walk(copy);
        foreach (var package in copy["packages"]!.AsArray().Where(p => (string)p!["name"]! == "bootloader"))
            package!["bytes"] = "<compiler-dependent>";
        copy["root_tree"]!["bytes"] = "<includes the compiled loaders>";
        copy["root_tree"]!["redox_fs_estimate_bytes"] = "<includes the compiled loaders>";
        return copy.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static void Walk(System.Text.Json.Nodes.JsonNode? node)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                    if (Varying.Contains(name) && obj[name] is not null) obj[name] = $"<{name}>";
                    else Walk(obj[name]);
                break;
            case System.Text.Json.Nodes.JsonArray array:
                foreach (var item in array) Walk(item);
                break;
        }
    }
}
