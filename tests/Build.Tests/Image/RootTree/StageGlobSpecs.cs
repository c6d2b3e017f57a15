using RedoxBuild.Image.RootTree;
using RedoxBuild.Model;

namespace RedoxBuild.Tests.Image.RootTree;

public class StageGlobSpecs : IDisposable
{
    private readonly ImageScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("usr/lib/*.a", "usr/lib/libc.a", true)]
    [InlineData("usr/lib/*.a", "usr/lib/sub/libc.a", false)]
    [InlineData("usr/**/*.a", "usr/lib/sub/libc.a", true)]
    [InlineData("usr/**/*.a", "usr/libc.a", true)]
    [InlineData("/usr/include", "usr/include/stdio.h", true)]
    [InlineData("usr/include", "usr/includes/x.h", false)]
    [InlineData("usr/lib/lib?.so", "usr/lib/libm.so", true)]
    [InlineData("usr/lib/lib[cm].so", "usr/lib/libx.so", false)]
    [InlineData("usr/lib/lib[!x].so", "usr/lib/libm.so", true)]
    public void Globs_match_like_upstreams_optional_package_globs(string glob, string path, bool claimed)
    {
        new StageGlob(glob).Claims(path).Should().Be(claimed);
    }

    [Fact]
    public void The_main_package_leaves_what_an_optional_package_claims_and_the_optional_package_takes_exactly_that()
    {
        var stage = _scratch.Stage("llvm", new Dictionary<string, string>
        {
            ["usr/bin/clang"] = "bin",
            ["usr/lib/libLLVM.so"] = "runtime",
            ["usr/include/llvm/IR.h"] = "header",
        });
        var recipe = TestRecipes.Make("llvm", ("dev", ["usr/include"]), ("runtime", ["usr/lib/*.so"]));

        var main = RedoxBuild.Image.RootTree.PackageContent.From(new PackageName("llvm"), recipe, stage);
        var dev = RedoxBuild.Image.RootTree.PackageContent.From(new PackageName("llvm", "dev"), recipe, stage);

        main.Files.Select(f => f.Path).Should().Equal("usr", "usr/bin", "usr/bin/clang", "usr/lib");
        dev.Files.Select(f => f.Path).Should().Equal("usr/include", "usr/include/llvm", "usr/include/llvm/IR.h");
        dev.Key.Should().Be(stage.Key);
    }
}
