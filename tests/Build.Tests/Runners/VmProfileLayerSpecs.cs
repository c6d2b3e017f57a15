using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Runners;

/// <summary>VM settings come from the parameters, then the profile's [vm] table, then the defaults, value by value.</summary>
public class VmProfileLayerSpecs : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public VmProfileLayerSpecs()
    {
        Directory.CreateDirectory(Path.Combine(_root, "profiles"));
        Directory.CreateDirectory(Path.Combine(_root, "recipes"));
        File.WriteAllText(Path.Combine(_root, "profiles", "small.toml"), "[vm]\ncpus = 2\nmemory = \"1G\"\n");
        using (var image = File.Create(Path.Combine(_root, "disk.img"))) image.SetLength(64L << 20);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<string> QemuLine(params string[] extra)
    {
        var result = await BuildHarness.RunAsync(_root, ["RunQemu", "--dry-run", "--profile", "small", "--image", Path.Combine(_root, "disk.img"), .. extra]);
        result.ExitCode.Should().Be(0, result.Out);
        return result.Build.Processes.Planned.Single(p => p.Program.EndsWith("qemu-system-x86_64", StringComparison.Ordinal)).ShellLine;
    }

    [Fact]
    public async Task The_profiles_vm_table_sets_what_the_parameters_leave_open()
    {
        var line = await QemuLine();

        line.Should().Contain(" -smp 2 ").And.Contain(" -m 1024M ");
    }

    [Fact]
    public async Task A_parameter_wins_over_the_profile_value_by_value()
    {
        var line = await QemuLine("--cpus", "3");

        line.Should().Contain(" -smp 3 ").And.Contain(" -m 1024M ");
    }

    [Fact]
    public async Task A_key_the_profile_does_not_write_falls_back_to_the_default_not_the_models()
    {
        File.WriteAllText(Path.Combine(_root, "profiles", "small.toml"), "[vm]\ncpus = 2\n");

        var line = await QemuLine();

        line.Should().Contain(" -smp 2 ").And.Contain(" -m 2048M ");
    }
}
