using System.Text.Json.Nodes;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.Assembly;

/// <summary>An in-process build run: exit code and console output.</summary>
public sealed record BuildRun(int ExitCode, string Out);

/// <summary>
/// A temporary repository root with fixture recipes cooked for the host (x86_64-unknown-linux-gnu) once per test
/// class: base (text "daemons", drivers, a 1.2 MB bootstrap and initfs scripts, laid out as InitfsSources reads
/// them), redoxfs, kernel, bootloader (a gnu-efi app that prints a marker and powers off, as bootloader.efi and
/// bootloader-live.efi, plus a bootloader.bios), and hello with an optional package and a runtime dependency.
/// Images are built with the STAND-IN archivers (the real ones cannot be built here), SOURCE_DATE_EPOCH fixed.
/// </summary>
public sealed class ImageBuildFixture : IAsyncLifetime
{
    public const string Marker = "REDOX-IMAGE-BOOT-OK";
    public const string LiveMarker = "REDOX-LIVE-IMAGE-BOOT-OK";
    public const long SourceDateEpoch = 1_700_000_000;

    public string Root { get; } = BuildHarness.CreateTemporaryRoot();
    public string Recipes => Path.Combine(Root, "test-recipes");
    public string Cache => Path.Combine(Root, "cache");
    public BuildRun? Cooked { get; private set; }

    public string ImageDirectory(string profile) => Path.Combine(Root, "build", "images", profile);
    public string WorkDirectory(string profile) => Path.Combine(Root, "build", "work", "images", profile);

    public static string StandIn(string name) => Path.Combine(RepoPaths.Root, "tests", "Build.Tests", "Image", "StandIns", name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Root, "recipes"));
        WriteRecipes();
        WriteProfiles();
        Cooked = await RunAsync("Packages", "--profile", Profile("fixture"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    public string Profile(string name) => Path.Combine(Root, name + ".toml");

    /// <summary>Runs the build in-process on the fixture root, for the host triple, with the stand-in archivers.</summary>
    public async Task<BuildRun> RunAsync(params string[] args)
    {
        var result = await BuildHarness.RunAsync(Root,
            // The stand-ins replace what HostTools would build.
            [.. args, "--skip", "HostTools", "--target-triple", "x86_64-unknown-linux-gnu", "--recipes", Recipes, "--source-cache", Cache, "--jobs", "2",
                "--initfs-archiver", StandIn("redox-initfs-ar-stand-in.sh"), "--redoxfs-archiver", StandIn("redoxfs-ar-stand-in.sh")],
            new Dictionary<string, string>
            {
                ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/root",
                ["SOURCE_DATE_EPOCH"] = SourceDateEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        return new BuildRun(result.ExitCode, result.Out);
    }

    public static JsonNode Manifest(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    private void Recipe(string name, string toml)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Recipes, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "recipe.toml"), toml);
    }

    private void WriteRecipes()
    {
        Recipe("redoxfs", """
            [build]
            template = "custom"
            script = '''
            mkdir -p "${COOKBOOK_STAGE}/usr/bin"
            printf 'fixture redoxfs daemon\n' > "${COOKBOOK_STAGE}/usr/bin/redoxfs"
            chmod 755 "${COOKBOOK_STAGE}/usr/bin/redoxfs"
            '''
            """);
        Recipe("base", """
            [build]
            template = "custom"
            dependencies = ["redoxfs"]
            script = '''
            stage="${COOKBOOK_STAGE}"
            mkdir -p "$stage/usr/bin" "$stage/usr/lib/drivers" "$stage/usr/lib/init.d" "$stage/usr/lib/initfs/init.d" "$stage/dev"
            for d in init logd ramfs randd zerod acpid fbbootlogd fbcond hwd inputd lived pcid pcid-spawner rtcd vesad ps2d getty login; do
                printf 'fixture daemon %s\n' "$d" > "$stage/usr/bin/$d"
                chmod 755 "$stage/usr/bin/$d"
            done
            for d in ahcid nvmed virtio-blkd virtio-netd e1000d; do
                printf 'fixture driver %s\n' "$d" > "$stage/usr/lib/drivers/$d"
                chmod 755 "$stage/usr/lib/drivers/$d"
            done
            head -c 1200000 /dev/zero | tr '\0' 'B' > "$stage/usr/lib/initfs/bootstrap"
            printf 'rtcd\nredoxfs --uuid $REDOXFS_UUID file $REDOXFS_BLOCK\n' > "$stage/usr/lib/initfs/init.d/00_base"
            printf 'nowait getty 2\n' > "$stage/usr/lib/init.d/30_console"
            ln -s /scheme/null "$stage/dev/null"
            '''
            """);
        Recipe("kernel", """
            [build]
            template = "custom"
            script = '''
            mkdir -p "${COOKBOOK_STAGE}/usr/lib/boot"
            head -c 65536 /dev/zero | tr '\0' 'K' > "${COOKBOOK_STAGE}/usr/lib/boot/kernel"
            '''
            """);
        var loader = Path.Combine(RepoPaths.Root, "tests", "Build.Tests", "Image", "Assembly", "Fixtures", "bootloader");
        Recipe("bootloader", $$"""
            [source]
            path = "{{loader}}"

            [build]
            template = "custom"
            script = '''
            boot="${COOKBOOK_STAGE}/usr/lib/boot"
            mkdir -p "$boot"
            efi() {
                gcc -I/usr/include/efi -I/usr/include/efi/x86_64 -fpic -ffreestanding -fno-stack-protector -fno-stack-check -fshort-wchar \
                    -mno-red-zone -maccumulate-outgoing-args -DEFI_FUNCTION_WRAPPER "-DMARKER=L\"$1\"" -c "${COOKBOOK_SOURCE}/marker-bootloader.c" -o "$2.o"
                ld -shared -Bsymbolic -L/usr/lib -T/usr/lib/elf_x86_64_efi.lds /usr/lib/crt0-efi-x86_64.o "$2.o" -o "$2.so" -lgnuefi -lefi
                objcopy -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym -j .rel -j .rela -j '.rel.*' -j '.rela.*' -j .reloc \
                    --target efi-app-x86_64 --subsystem=10 "$2.so" "$boot/$2"
            }
            efi "{{Marker}}" bootloader.efi
            efi "{{LiveMarker}}" bootloader-live.efi
            head -c 20000 /dev/zero | tr '\0' 'S' > "$boot/bootloader.bios"
            '''
            """);
        Recipe("greeting", """
            [build]
            template = "custom"
            script = '''
            mkdir -p "${COOKBOOK_STAGE}/usr/share/greeting"
            printf 'hello from a runtime dependency\n' > "${COOKBOOK_STAGE}/usr/share/greeting/hello.txt"
            '''
            """);
        Recipe("hello", """
            [build]
            template = "custom"
            script = '''
            mkdir -p "${COOKBOOK_STAGE}/usr/bin" "${COOKBOOK_STAGE}/usr/share/doc/hello"
            printf '#!/usr/bin/ion\necho hello\n' > "${COOKBOOK_STAGE}/usr/bin/hello"
            chmod 755 "${COOKBOOK_STAGE}/usr/bin/hello"
            printf 'hello docs\n' > "${COOKBOOK_STAGE}/usr/share/doc/hello/README"
            '''

            [package]
            dependencies = ["greeting"]

            [[optional-packages]]
            name = "docs"
            files = ["usr/share/doc"]
            """);
    }

    private void WriteProfiles()
    {
        File.WriteAllText(Profile("fixture"), """
            [general]
            prompt = false
            filesystem_size = 48

            [packages]
            base = {}
            bootloader = {}
            kernel = {}
            hello = {}
            "hello.docs" = {}

            [[files]]
            path = "/usr/bin"
            data = ""
            directory = true

            [[files]]
            path = "/bin"
            data = "usr/bin"
            symlink = true

            [[files]]
            path = "/etc/hostname"
            data = "fixture\n"

            [[files]]
            path = "/tmp"
            data = ""
            directory = true
            mode = 0o1777

            [users.root]
            password = "redox"
            uid = 0
            gid = 0
            home = "/root"
            shell = "/usr/bin/ion"

            [users.user]
            password = ""
            shell = "/usr/bin/ion"

            [groups.sudo]
            gid = 1
            members = ["user"]

            [network]
            mode = "static"
            address = "10.0.2.15/24"
            gateway = "10.0.2.2"

            [hardware]
            storage = ["virtio-blkd"]
            network = ["virtio-netd"]

            [image]
            initfs_max_size = 4
            """);
        File.WriteAllText(Profile("fixture-small-initfs"), "include = [\"fixture.toml\"]\n\n[image]\ninitfs_max_size = 1\n");
        File.WriteAllText(Profile("fixture-tight"), "include = [\"fixture.toml\"]\n");
        File.WriteAllText(Profile("fixture-dry"), "include = [\"fixture.toml\"]\n");
        File.WriteAllText(Profile("fixture-initfs"), "include = [\"fixture.toml\"]\n");
    }
}
