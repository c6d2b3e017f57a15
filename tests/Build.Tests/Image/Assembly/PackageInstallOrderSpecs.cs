using RedoxBuild.Image;
using RedoxBuild.Image.Assembly;
using RedoxBuild.Model;
using RedoxBuild.Model.Planning;

namespace RedoxBuild.Tests.Image.Assembly;

public class PackageInstallOrderSpecs : IDisposable
{
    private readonly ImageScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static PlannedPackage Package(string name, params string[] runtime) =>
        new(PackageName.Parse(name), BuildRule.Source, TestRecipes.Make(PackageName.Parse(name).Recipe), "none", [], [], runtime.Select(PackageName.Parse).ToList(), 0);

    [Fact]
    public void Selected_packages_install_in_name_order_each_followed_by_its_runtime_dependencies_once()
    {
        var profile = _scratch.Profile("[packages]\nzsh = {}\nbash = {}\nkibi = \"ignore\"\n\"llvm.runtime\" = {}\n");
        var plan = new PackagePlan("test", [
            Package("bash", "readline", "ncurses"), Package("readline", "ncurses"), Package("ncurses"), Package("zsh", "ncurses", "host:perl"),
            Package("llvm.runtime", "zlib"), Package("zlib"), Package("kibi"), Package("host:perl")], []);

        PackageInstallOrder.For(profile, plan).Select(p => p.Name.ToString()).Should().Equal(
            "bash", "readline", "ncurses", "llvm.runtime", "zlib", "zsh");
    }

    [Fact]
    public void A_package_missing_from_the_plan_names_who_needs_it()
    {
        var profile = _scratch.Profile("[packages]\nbash = {}\n");
        var plan = new PackagePlan("test", [Package("bash", "readline")], []);

        var act = () => PackageInstallOrder.For(profile, plan);

        act.Should().Throw<ImageException>().WithMessage("package readline (needed by bash) is not in the package plan*");
    }
}
