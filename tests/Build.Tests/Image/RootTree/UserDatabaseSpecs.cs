using RedoxBuild.Hashing;
using RedoxBuild.Image;
using RedoxBuild.Image.RootTree;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Tests.Image.RootTree;

public class UserDatabaseSpecs : IDisposable
{
    private readonly ImageScratch _scratch = new();
    private static readonly PasswordHashing Reproducible = new(Deterministic: true, 1_700_000_000);

    public void Dispose() => _scratch.Dispose();

    private UserDatabase ShippedMinimal(PasswordHashing hashing)
    {
        var profile = new ProfileLoader(new RedoxBuild.Model.SourcePaths(Tests.Support.RepoPaths.Root), new RedoxBuild.Model.DiagnosticBag())
            .Load("minimal", TreeFacts.ShippedProfile("minimal"));
        return UserDatabase.From(profile.Users.Values, profile.Groups.Values, hashing);
    }

    [Fact]
    public void The_shipped_users_give_upstreams_semicolon_separated_passwd_and_group_lines()
    {
        var accounts = ShippedMinimal(Reproducible);

        accounts.Passwd.Should().Be("root;0;0;root;/root;/usr/bin/ion\nuser;1000;1000;user;/home/user;/usr/bin/ion\n");
        accounts.Group.Should().Be("root;x;0;root\nuser;x;1000;user\nsudo;x;1;user\n");
    }

    [Fact]
    public void Shadow_holds_an_argon2id_phc_hash_that_verifies_and_an_empty_password_stays_empty()
    {
        var lines = ShippedMinimal(Reproducible).Shadow.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().HaveCount(2);
        lines[0].Should().StartWith("root;$argon2id$v=19$m=4096,t=3,p=1$");
        var hash = lines[0]["root;".Length..];
        Argon2.VerifyPhc(hash, "password"u8).Should().BeTrue();
        Argon2.VerifyPhc(hash, "Password"u8).Should().BeFalse();
        Argon2.ParsePhc(hash).Salt.Should().HaveCount(PasswordHashing.SaltBytes);
        lines[1].Should().Be("user;");
    }

    [Fact]
    public void Reproducible_salts_repeat_for_the_same_user_and_epoch_and_change_with_either()
    {
        Reproducible.Salt("root").Should().Equal(Reproducible.Salt("root"));
        Reproducible.Salt("root").Should().NotEqual(Reproducible.Salt("user"));
        Reproducible.Salt("root").Should().NotEqual((Reproducible with { SourceDateEpoch = 1 }).Salt("root"));
        ShippedMinimal(Reproducible).Shadow.Should().Be(ShippedMinimal(Reproducible).Shadow);
    }

    [Fact]
    public void Without_reproducible_builds_every_hash_gets_a_fresh_random_salt()
    {
        var random = new PasswordHashing(Deterministic: false, 0);

        var first = random.Hash("root", "password");
        var second = random.Hash("root", "password");

        first.Should().NotBe(second);
        Argon2.VerifyPhc(first, "password"u8).Should().BeTrue();
        Argon2.VerifyPhc(second, "password"u8).Should().BeTrue();
    }

    [Fact]
    public void Missing_ids_count_up_from_1000_past_explicit_ones_and_groups_follow_users()
    {
        var profile = _scratch.Profile("""
            [users.alice]
            password = ""
            [users.bob]
            password = ""
            uid = 1005
            [users.carol]
            password = ""
            name = "Carol C"
            home = "/srv/carol"
            [groups.wheel]
            members = ["alice", "carol"]
            [groups.audio]
            gid = 30
            """);

        var accounts = UserDatabase.From(profile.Users.Values, profile.Groups.Values, Reproducible);

        accounts.Passwd.Should().Be(
            "alice;1000;1000;alice;/home/alice;/bin/ion\n" +
            "bob;1005;1001;bob;/home/bob;/bin/ion\n" +
            "carol;1006;1002;Carol C;/srv/carol;/bin/ion\n");
        accounts.Group.Should().Be(
            "alice;x;1000;alice\nbob;x;1001;bob\ncarol;x;1002;carol\naudio;x;30;\nwheel;x;1003;alice,carol\n");
    }

    [Fact]
    public void A_semicolon_in_a_field_is_refused_with_the_user_and_field()
    {
        var profile = _scratch.Profile("[users.eve]\npassword = \"\"\nname = \"Eve; admin\"\n");

        var act = () => UserDatabase.From(profile.Users.Values, profile.Groups.Values, Reproducible);

        act.Should().Throw<ImageException>().WithMessage("*[users.eve]*name \"Eve; admin\" contains ';'*");
    }
}
