using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RedoxBuild.CliWrap;
using RedoxBuild.Cook.Staging;
using RedoxBuild.Engine;
using RedoxBuild.Image.Assembly;
using RedoxBuild.Image.Disk;
using RedoxBuild.Image.Initfs;
using RedoxBuild.Image.RootTree;
using RedoxBuild.Model;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Model.Recipes;
using RedoxBuild.Toml;
using Serilog;

namespace RedoxBuild.Benchmarks.Image;

/// <summary>
/// Image assembly throughput on a 512 MiB disk whose packages hold 256 MiB of random data in 64 files, against dd
/// writing the same 256 MiB into a pre-sized file. "Root tree" copies the stages into the tree (with accounts,
/// generated files, times); "DiskImage" is the whole assembly: root tree, initfs gathered and packed, RedoxFS made
/// by a copying STAND-IN archiver (tar of the tree into the partition file, so the partition really holds 256 MiB;
/// the real redoxfs-ar cannot be built here), ESP, GPT write and the SHA-256 of the image. Throughput = 256 MiB / median.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*ImageAssembly*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 8)]
public class ImageAssemblyBenchmarks
{
    private const long MiB = 1024 * 1024;
    private const int PayloadFiles = 64;
    private string _dir = "";
    private string _payload = "";
    private BuildSession _session = null!;
    private DiskImageJob _job = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("redox-image-bench-").FullName;
        Directory.CreateDirectory(Path.Combine(_dir, ".nuke"));
        var stages = new StageStore(Path.Combine(_dir, "stages"));
        var random = new Random(42);
        var chunk = new byte[4 * MiB];
        var payload = Stage(stages, "payload", tree =>
        {
            for (var i = 0; i < PayloadFiles; i++)
            {
                random.NextBytes(chunk);
                File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(tree, "usr", "share", "payload")).FullName, $"blob{i:00}"), chunk);
            }
        });
        var baseStage = Stage(stages, "base", tree =>
        {
            foreach (var daemon in InitfsSources.CommonDaemons.Append("ps2d")) Write(tree, $"usr/bin/{daemon}", daemon);
            foreach (var driver in new[] { "ahcid", "nvmed", "virtio-blkd", "e1000d", "virtio-netd" }) Write(tree, $"usr/lib/drivers/{driver}", driver);
            Write(tree, "usr/lib/initfs/bootstrap", "bootstrap");
            Write(tree, "usr/lib/initfs/init.d/00_base", "rtcd\n");
        });
        var redoxfs = Stage(stages, "redoxfs", tree => Write(tree, "usr/bin/redoxfs", "redoxfs"));
        var kernel = Stage(stages, "kernel", tree => Write(tree, "usr/lib/boot/kernel", new string('K', 1 << 20)));
        var bootloader = Stage(stages, "bootloader", tree => Write(tree, "usr/lib/boot/bootloader.efi", new string('E', 300_000)));

        _payload = Path.Combine(_dir, "payload.img");
        using (var f = File.Create(_payload))
            foreach (var file in Directory.GetFiles(Path.Combine(payload.Tree, "usr", "share", "payload")).Order()) f.Write(File.ReadAllBytes(file));

        var profilePath = Path.Combine(_dir, "bench.toml");
        File.WriteAllText(profilePath, "[general]\nprompt = false\nfilesystem_size = 512\n[users.user]\npassword = \"bench\"\n[hardware]\nstorage = [\"virtio-blkd\"]\nnetwork = [\"virtio-netd\"]\n");
        var profile = new ProfileLoader(new SourcePaths(_dir), new DiagnosticBag()).Load("bench", profilePath);
        var packages = new[] { (baseStage, "base"), (bootloader, "bootloader"), (kernel, "kernel"), (payload, "payload"), (redoxfs, "redoxfs") }
            .Select(s => PackageContent.From(new PackageName(s.Item2), Recipe(s.Item2), s.Item1)).ToList();
        var archiver = Path.Combine(_dir, "redoxfs-ar-copy-stand-in.sh");
        File.WriteAllText(archiver, "#!/bin/sh\n# Benchmark STAND-IN for redoxfs-ar: copies the tree into the image with tar (IMAGE ROOT are the last two arguments).\n" +
            "for last; do :; done\neval image=\\${$(($# - 1))}\ntar -cf - -C \"$last\" . | dd of=\"$image\" bs=1M conv=notrunc status=none\n");
        UnixFiles.SetMode(archiver, Convert.ToInt32("755", 8));
        var initfsArchiver = Path.Combine(_dir, "redox-initfs-ar-stand-in.sh");
        File.WriteAllText(initfsArchiver, "#!/bin/sh\n# Benchmark STAND-IN for redox-initfs-ar: DIR BOOTSTRAP -o OUT ...\n{ cat \"$2\"; tar -cf - -C \"$1\" .; } > \"$4\"\n");
        UnixFiles.SetMode(initfsArchiver, Convert.ToInt32("755", 8));

        var environment = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "" };
        _session = new BuildSession
        {
            RootDirectory = AbsolutePath.Create(_dir), WorkingDirectory = _dir, Environment = environment,
            Host = Host.Create(HostKind.Terminal, environment, TextWriter.Null), Logger = new LoggerConfiguration().CreateLogger(),
            Secrets = new SecretRedactor(), CancellationToken = CancellationToken.None, Out = TextWriter.Null, ExecutingTarget = new ExecutingTargetContext(),
        };
        var paths = new ImagePaths(Path.Combine(_dir, "work"), Path.Combine(_dir, "images"), Live: false);
        var identity = new ImageIdentity("benchmark", 1_700_000_000);
        var sizes = new ImageSizes(new SizeSetting(512, "general.filesystem_size", "bench.toml", "--filesystem-size"),
            new SizeSetting(null, "general.efi_partition_size", "bench.toml", "--efi-partition-size"), new SizeSetting(64, "image.initfs_max_size", "bench.toml", null));
        _job = new DiskImageJob(profile, "bench", false, "x86_64-unknown-redox", packages,
            new InitfsJob(new InitfsSources(baseStage.Tree, redoxfs.Tree, "x86_64"), profile.Hardware, initfsArchiver, sizes.InitfsMax, paths, identity.SourceDateEpoch),
            BootloaderFiles.FromStage(bootloader.Tree, false, "x86_64-unknown-redox"), new ImageTools(initfsArchiver, archiver), sizes, paths, identity,
            new PasswordHashing(true, identity.SourceDateEpoch));
    }

    // Each iteration starts from the same page-cache state (see DiskImageWriterBenchmarks).
    [IterationSetup]
    public void StartClean()
    {
        if (Directory.Exists(Path.Combine(_dir, "images"))) Directory.Delete(Path.Combine(_dir, "images"), recursive: true);
        File.Delete(Path.Combine(_dir, "dd.img"));
        Run("sync");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Baseline = true, Description = "dd 256 MiB bs=1M conv=notrunc")]
    public void Dd()
    {
        var output = Path.Combine(_dir, "dd.img");
        using (var f = File.Create(output)) f.SetLength(512 * MiB);
        Run("dd", $"if={_payload}", $"of={output}", "bs=1M", "seek=2", "status=none", "conv=notrunc");
    }

    [Benchmark(Description = "Root tree from stages (256 MiB in 64 files)")]
    public ImageRoot RootTree() => new RootTreeBuilder(_ => { }).Build(_job.Profile, _job.Packages, _job.Paths.Root,
        new RootTreeOptions("bench", "0123456789abcdef", _job.Passwords, _job.Identity.SourceDateEpoch));

    [Benchmark(Description = "DiskImage: tree, initfs, RedoxFS (copying stand-in), ESP, GPT, SHA-256")]
    public Task<ImageManifest?> DiskImage() => new ImageAssembler(_session.Processes, _session.Logger).BuildDiskAsync(_job, CancellationToken.None);

    private static StagedOutput Stage(StageStore stages, string recipe, Action<string> fill)
    {
        var key = recipe + "-bench";
        var temporary = stages.BeginTemporary(key);
        fill(Path.Combine(temporary, "stage"));
        return stages.Commit(temporary, key, recipe, "x86_64-unknown-redox", 0);
    }

    private static void Write(string tree, string path, string content)
    {
        var full = Path.Combine(tree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private static Recipe Recipe(string name)
    {
        var nowhere = new TomlPosition("bench", 1, 1);
        return new Recipe(name, name, null, new RecipeBuild(new NoneTemplate(), [], [], nowhere), new RecipePackage([], null, null, nowhere), []);
    }

    private static void Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(); throw new TimeoutException($"{tool} took over 2 minutes"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} exited {p.ExitCode}");
    }
}
