using System.Text;
using RedoxBuild.Hashing;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Hashing;

public class Argon2PhcTests
{
    private static readonly Argon2Parameters Small = new() { MemoryKiB = 256, Iterations = 2, Parallelism = 2, TagLength = 24 };

    [Fact]
    public void An_encoded_hash_parses_back_to_the_same_type_parameters_salt_and_hash()
    {
        // Arrange
        var salt = "redox-user"u8.ToArray();
        var hash = Argon2.Hash(Argon2Type.Argon2id, "redox"u8, salt, Small);

        // Act
        var phc = Argon2.EncodePhc(Argon2Type.Argon2id, salt, hash, Small);
        var parsed = Argon2.ParsePhc(phc);

        // Assert
        phc.Should().Be($"$argon2id$v=19$m=256,t=2,p=2$cmVkb3gtdXNlcg${Convert.ToBase64String(hash).TrimEnd('=')}");
        parsed.Type.Should().Be(Argon2Type.Argon2id);
        parsed.Parameters.Should().Be(Small);
        parsed.Salt.Should().Equal(salt);
        parsed.Hash.Should().Equal(hash);
    }

    [Theory]
    [InlineData(Argon2Type.Argon2d)]
    [InlineData(Argon2Type.Argon2i)]
    [InlineData(Argon2Type.Argon2id)]
    public void VerifyPhc_accepts_the_password_and_rejects_any_other(Argon2Type type)
    {
        var phc = Argon2.HashPhc(type, "correct horse"u8, "saltsaltsalt"u8, Small);

        Argon2.VerifyPhc(phc, "correct horse"u8).Should().BeTrue();
        Argon2.VerifyPhc(phc, "correct horsf"u8).Should().BeFalse();
        Argon2.VerifyPhc(phc, ""u8).Should().BeFalse();
    }

    [Fact]
    public void A_hash_made_with_a_secret_verifies_only_with_that_secret()
    {
        var parameters = Small with { Secret = "pepper"u8.ToArray() };
        var phc = Argon2.HashPhc(Argon2Type.Argon2id, "pw"u8, "saltsalt"u8, parameters);

        Argon2.VerifyPhc(phc, "pw"u8, "pepper"u8).Should().BeTrue();
        Argon2.VerifyPhc(phc, "pw"u8).Should().BeFalse();
    }

    [Theory]
    [InlineData("argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "expected '$<type>$v=19")]
    [InlineData("$argon2id$m=4096,t=3,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "version 16 (0x10)")]
    [InlineData("$argon2x$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "type 'argon2x'")]
    [InlineData("$argon2id$v=16$m=4096,t=3,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "version field 'v=16'")]
    [InlineData("$argon2id$v=19$t=3,m=4096,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "expected 'm=<decimal>' but found 't=3'")]
    [InlineData("$argon2id$v=19$m=4096,t=-3,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "expected 't=<decimal>' but found 't=-3'")]
    [InlineData("$argon2id$v=19$m=4096,t=3$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "is not 'm=<KiB>,t=<passes>,p=<lanes>'")]
    [InlineData("$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHQ=$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "salt 'c29tZXNhbHQ=' is not unpadded Base64")]
    [InlineData("$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHR$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "salt 'c29tZXNhbHR' is not canonical")]
    [InlineData("$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "salt is 4 bytes")]
    [InlineData("$argon2id$v=19$m=4,t=3,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU", "memory m=4 KiB")]
    public void A_malformed_PHC_string_is_rejected_with_the_field_named(string phc, string problem)
    {
        var act = () => Argon2.ParsePhc(phc);

        act.Should().Throw<FormatException>().WithMessage($"Invalid Argon2 PHC string*{problem}*");
    }

    /// <summary>Our PHC output against the reference implementation's CLI (Debian package argon2; it refuses an empty password).</summary>
    [RequiresToolsFact("argon2")]
    public void HashPhc_matches_the_reference_argon2_cli()
    {
        var cases = new (Argon2Type Type, string Flag, string Password, string Salt, int M, int T, int P, int L)[]
        {
            (Argon2Type.Argon2id, "-id", "password", "somesalt", 4096, 3, 1, 32),
            (Argon2Type.Argon2i, "-i", "password", "somesalt", 4096, 3, 1, 32),
            (Argon2Type.Argon2d, "-d", "password", "somesalt", 4096, 3, 1, 32),
            (Argon2Type.Argon2id, "-id", "redox", "redox-root", 1024, 2, 4, 16),
            (Argon2Type.Argon2i, "-i", "x", "saltsaltsalt", 520, 5, 3, 77),
            (Argon2Type.Argon2id, "-id", "pässwörd", "sel de mer", 65, 1, 2, 64),
        };
        foreach (var c in cases)
        {
            // Arrange
            var parameters = new Argon2Parameters { MemoryKiB = c.M, Iterations = c.T, Parallelism = c.P, TagLength = c.L };
            string[] arguments = [c.Salt, c.Flag, "-t", $"{c.T}", "-k", $"{c.M}", "-p", $"{c.P}", "-l", $"{c.L}", "-e"];

            // Act
            var reference = HashingTempDir.Run(HostTools.Require("argon2"), arguments, Encoding.UTF8.GetBytes(c.Password)).Trim();
            var ours = Argon2.HashPhc(c.Type, Encoding.UTF8.GetBytes(c.Password), Encoding.UTF8.GetBytes(c.Salt), parameters);

            // Assert
            ours.Should().Be(reference, $"argon2 {string.Join(' ', arguments)}");
            Argon2.VerifyPhc(reference, Encoding.UTF8.GetBytes(c.Password)).Should().BeTrue();
        }
    }
}
