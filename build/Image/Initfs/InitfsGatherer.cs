using RedoxBuild.Image.RootTree;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Image.Initfs;

/// <summary>The gathered initfs: its directory (upstream's layout), the bootstrap, and their total size.</summary>
public sealed record InitfsContent(string Directory, string Bootstrap, IReadOnlyList<string> Files, long Bytes, IReadOnlyList<string> Drivers);

/// <summary>
/// Gathers the early-boot set into a directory in upstream's initfs layout: bin/ (the daemons and redoxfs),
/// lib/drivers/ (the drivers [hardware] selects, companions included), lib/init.d/ (base's initfs scripts) and
/// lib/pcid.d/initfs.toml (generated from [hardware], so exactly the selected drivers start). Every missing part is
/// reported at once, with where it was looked for.
/// </summary>
public static class InitfsGatherer
{
    public static InitfsContent Gather(InitfsSources sources, HardwareSettings hardware, string directory)
    {
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        var missing = new List<string>();
        var drivers = PciDriverRegistry.Selected(hardware);
        var driverPrograms = drivers.SelectMany(d => d.Companions.Prepend(d.Program)).Distinct().ToList();

        foreach (var daemon in sources.Daemons.Append("redoxfs"))
            Copy(sources.DaemonCandidates(daemon), Path.Combine(directory, "bin", daemon), missing);
        foreach (var driver in driverPrograms)
            Copy(sources.DriverCandidates(driver), Path.Combine(directory, "lib", "drivers", driver), missing);

        var scripts = System.IO.Directory.Exists(sources.InitScripts)
            ? System.IO.Directory.GetFiles(sources.InitScripts).Order(StringComparer.Ordinal).ToList() : [];
        if (scripts.Count == 0) missing.Add($"the initfs init scripts: no files in {sources.InitScripts}");
        foreach (var script in scripts)
            Copy([script], Path.Combine(directory, "lib", "init.d", Path.GetFileName(script)), missing);
        if (!File.Exists(sources.Bootstrap)) missing.Add($"bootstrap: {sources.Bootstrap}");

        if (missing.Count > 0)
            throw new ImageException(
                $"The initfs cannot be gathered; missing:\n  {string.Join("\n  ", missing)}\n" +
                $"base must stage its daemons in usr/bin, its drivers in usr/lib/drivers, and bootstrap and init.initfs.d/ as {InitfsSources.InitfsOnly}/bootstrap and {InitfsSources.InitfsOnly}/init.d/ (redoxfs comes from the redoxfs package); cook base again after fixing its recipe, or drop the missing drivers from [hardware].");

        var pcid = new TreeWriter(directory);
        pcid.Write(new GeneratedFile(PcidConfig.InitfsPath,
            PcidConfig.Render(drivers, PcidConfig.InitfsDriverDirectory, "PCI drivers the initfs starts, generated from the profile's [hardware].")));

        // New directories get 0777 minus the host's umask; the archive must not depend on who built it.
        foreach (var item in TreeWalk.Items(directory).Where(i => i.Kind == 'd')) TreeWriter.SetMode(item.Full, GeneratedFile.DirectoryMode);
        var files = TreeWalk.Items(directory).Where(i => i.Kind == 'f').ToList();
        return new InitfsContent(directory, sources.Bootstrap, files.Select(f => f.Relative).ToList(),
            files.Sum(f => f.Size) + new FileInfo(sources.Bootstrap).Length, driverPrograms);
    }

    private static void Copy(IEnumerable<string> candidates, string destination, List<string> missing)
    {
        var list = candidates.ToList();
        var source = list.FirstOrDefault(File.Exists);
        if (source is null)
        {
            missing.Add($"{Path.GetFileName(destination)}: looked for {string.Join(", then ", list)}");
            return;
        }
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(source, destination);
        UnixFiles.SetMode(destination, UnixFiles.GetMode(source));
    }
}
