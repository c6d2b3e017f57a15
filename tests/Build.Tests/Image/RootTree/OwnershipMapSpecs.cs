using RedoxBuild.Image.RootTree;

namespace RedoxBuild.Tests.Image.RootTree;

public class OwnershipMapSpecs
{
    [Fact]
    public void A_missing_uid_or_gid_keeps_the_current_one_and_later_entries_win()
    {
        var map = OwnershipMap.Empty
            .Set("/home/user", 1000, 1000, recursive: true)
            .Set("/home/user/shared", null, 50, recursive: false)
            .Set("/etc/motd", 7, null, recursive: false)
            .Set("/etc/motd", null, null, recursive: false);

        map.OwnerOf("home/user/shared").Should().Be((1000u, 50u));
        map.OwnerOf("home/user/other").Should().Be((1000u, 1000u));
        map.OwnerOf("etc/motd").Should().Be((7u, 0u));
        map.OwnerOf("etc/passwd").Should().Be((0u, 0u));
        map.Entries.Should().HaveCount(3, "an entry without uid and gid changes nothing");
    }

    [Fact]
    public void Without_a_tree_only_the_named_paths_are_listed_sorted_and_root_owned_ones_left_out()
    {
        var map = OwnershipMap.Empty
            .Add(new OwnershipEntry("/var/db", 5, 5, Recursive: true))
            .Add(new OwnershipEntry("/etc/x", 0, 0, Recursive: false))
            .Add(new OwnershipEntry("/home/a", 1000, 1000, Recursive: true));

        map.Resolve(null).Should().Equal(new PathOwner("home/a", 1000, 1000), new PathOwner("var/db", 5, 5));
    }
}
