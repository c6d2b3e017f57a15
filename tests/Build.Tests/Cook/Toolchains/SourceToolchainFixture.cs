using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Toolchains;

/// <summary>
/// A temporary root for Toolchain --toolchain-from-source. Redox's binutils, gcc and relibc cannot be fetched here (no
/// network), so --recipes points at FIXTURE recipes of the same names: host:binutils-gdb stages wrapper scripts named
/// like the cross binutils, host:gcc13 stages x86_64-unknown-redox-gcc as a wrapper around the host's gcc, relibc
/// compiles a tiny libc.a with that compiler, libstdcxx-v3 a libgcc.a and libstdc++.a against relibc's header. The
/// target is x86_64-unknown-redox (Toolchain skips the host triple); the scripts only ever run host compilers.
/// rustup is a STAND-IN first on the build's PATH that only records its arguments.
/// </summary>
internal sealed class SourceToolchainFixture : IDisposable
{
    public const string Target = "x86_64-unknown-redox";

    public SourceToolchainFixture()
    {
        Root = BuildHarness.CreateTemporaryRoot();
        Directory.CreateDirectory(Path.Combine(Root, "recipes"));
        Recipes = Directory.CreateDirectory(Path.Combine(Root, "test-recipes")).FullName;
        var standIns = Directory.CreateDirectory(Path.Combine(Root, "stand-in-bin")).FullName;
        StandInPath = standIns;
        File.WriteAllText(Path.Combine(standIns, "rustup"), $"#!/bin/sh\n# STAND-IN for rustup: records its arguments, installs nothing.\necho \"$*\" >> '{RustupLog}'\n");
        File.SetUnixFileMode(Path.Combine(standIns, "rustup"), (UnixFileMode)0b111_101_101);
        WriteRecipes();
    }

    public string Root { get; }
    public string Recipes { get; }
    public string StandInPath { get; }
    public string RustupLog => Path.Combine(Root, "rustup-stand-in.log");
    public string Prefix => Path.Combine(Root, "prefix", Target);
    public string Sysroot => Path.Combine(Prefix, "sysroot");
    public string RecordFile => Path.Combine(Prefix, "toolchain.json");
    public string Stages => Path.Combine(Root, "build", "work", "stages");

    public Task<BuildHarness.Result> RunAsync(params string[] extra) =>
        BuildHarness.RunAsync(Root, ["Toolchain", "--toolchain-from-source", "--target-triple", Target, "--recipes", Recipes,
                "--source-cache", Path.Combine(Root, "cache"), "--jobs", "2", "--no-cache", .. extra],
            new Dictionary<string, string>
            {
                ["PATH"] = StandInPath + ":" + (System.Environment.GetEnvironmentVariable("PATH") ?? ""),
                ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/root",
            });

    public void Recipe(string name, string toml) =>
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(Recipes, name)).FullName, "recipe.toml"), toml);

    public void AppendToScript(string name, string line)
    {
        var file = Path.Combine(Recipes, name, "recipe.toml");
        var toml = File.ReadAllText(file);
        var end = toml.LastIndexOf("'''", StringComparison.Ordinal);
        File.WriteAllText(file, toml[..end] + line + "\n" + toml[end..]);
    }

    private void WriteRecipes()
    {
        Recipe("libtool", """
            [build]
            template = "custom"
            script = '''
            mkdir -p "${COOKBOOK_STAGE}/usr/bin" "${COOKBOOK_STAGE}/usr/share/libtool"
            printf '#!/bin/sh\ncat /usr/share/libtool/aux.txt\n' > "${COOKBOOK_STAGE}/usr/bin/libtoolize"
            chmod +x "${COOKBOOK_STAGE}/usr/bin/libtoolize"
            echo "libtool's auxiliary files" > "${COOKBOOK_STAGE}/usr/share/libtool/aux.txt"
            '''
            """);
        Recipe("binutils-gdb", """
            [build]
            template = "custom"
            dependencies = ["libtool"]
            script = '''
            : "${COOKBOOK_CROSS_GNU_TARGET:?}"
            command -v libtoolize
            mkdir -p "${COOKBOOK_STAGE}/usr/bin" "${COOKBOOK_STAGE}/usr/share/binutils-fixture"
            for tool in ar as ld nm objcopy objdump ranlib readelf strip; do
                printf '#!/bin/sh\nexec %s "$@"\n' "${tool}" > "${COOKBOOK_STAGE}/usr/bin/${COOKBOOK_CROSS_GNU_TARGET}-${tool}"
                chmod +x "${COOKBOOK_STAGE}/usr/bin/${COOKBOOK_CROSS_GNU_TARGET}-${tool}"
            done
            echo "${COOKBOOK_HOST_SYSROOT} ${COOKBOOK_CROSS_TARGET} ${COOKBOOK_CROSS_GNU_TARGET}" > "${COOKBOOK_STAGE}/usr/share/binutils-fixture/environment"
            '''
            """);
        Recipe("gcc13", """
            [build]
            template = "custom"
            dependencies = ["binutils-gdb", "libtool"]
            script = '''
            "${COOKBOOK_CROSS_GNU_TARGET}-as" --version > /dev/null
            mkdir -p "${COOKBOOK_STAGE}/usr/bin"
            printf '#!/bin/sh\nexec gcc "$@"\n' > "${COOKBOOK_STAGE}/usr/bin/${COOKBOOK_CROSS_GNU_TARGET}-gcc"
            for tool in ar nm ranlib; do
                printf '#!/bin/sh\nexec gcc-%s "$@"\n' "${tool}" > "${COOKBOOK_STAGE}/usr/bin/${COOKBOOK_CROSS_GNU_TARGET}-gcc-${tool}"
            done
            chmod +x "${COOKBOOK_STAGE}/usr/bin/"*
            '''
            """);
        Recipe("relibc", """
            [build]
            template = "custom"
            script = '''
            mkdir -p "${COOKBOOK_STAGE}/usr/include" "${COOKBOOK_STAGE}/usr/lib"
            printf 'int relibc_fixture_answer(void) { return 42; }\n' > answer.c
            "${CC}" -c answer.c -o answer.o
            "${AR}" rcs "${COOKBOOK_STAGE}/usr/lib/libc.a" answer.o
            printf 'int relibc_fixture_answer(void);\n' > "${COOKBOOK_STAGE}/usr/include/relibc_fixture.h"
            '''
            """);
        Recipe("libstdcxx-v3", """
            [build]
            template = "custom"
            dependencies = ["relibc", "host:binutils-gdb"]
            script = '''
            printf '#include <relibc_fixture.h>\nint libgcc_fixture_twice(void) { return 2 * relibc_fixture_answer(); }\n' > twice.c
            "${CC}" -I"${COOKBOOK_SYSROOT}/usr/include" -c twice.c -o twice.o
            mkdir -p "${COOKBOOK_STAGE}/usr/lib/gcc/${GNU_TARGET}/13.2.0" "${COOKBOOK_STAGE}/usr/${GNU_TARGET}/lib"
            "${AR}" rcs "${COOKBOOK_STAGE}/usr/lib/gcc/${GNU_TARGET}/13.2.0/libgcc.a" twice.o
            "${AR}" rcs "${COOKBOOK_STAGE}/usr/${GNU_TARGET}/lib/libstdc++.a" twice.o
            '''
            """);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
