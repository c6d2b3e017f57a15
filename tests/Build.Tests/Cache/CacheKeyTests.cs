using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Signing;
using RedoxBuild.Tests.Cache.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>Key files, their formats, and which entries a trust set accepts.</summary>
public class CacheKeyTests
{
    private static CacheEntry Entry(string key = "relibc") => new()
    {
        Schema = CacheEntry.CurrentSchema,
        Key = Bytes.Key(key),
        OutputSha256 = Bytes.Key("archive of " + key),
        Size = 4096,
        FileListSha256 = Bytes.Key("listing"),
        FileCount = 3,
        Recipe = new RecipeIdentity(key, "1.0"),
        Builder = new BuilderInfo("ci-1", "redox-build 1.0.0"),
        BuildSeconds = 12.5,
        Created = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Keygen_writes_the_secret_key_with_mode_0600_and_a_nix_style_public_key()
    {
        using var temp = new CacheTemp();
        var secretFile = temp.Sub("keys/redox-ci-1.secret");

        var generated = CacheKeyGenerator.Generate("redox-ci-1", secretFile);

        File.GetUnixFileMode(secretFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        generated.PublicKeyFile.Should().Be(secretFile + ".pub");
        generated.PublicKey.Should().MatchRegex("^redox-ci-1:[A-Za-z0-9+/]{43}=$");
        File.ReadAllText(generated.PublicKeyFile).Should().Be(generated.PublicKey + "\n");
        var secretText = File.ReadAllText(secretFile).Trim();
        secretText.Should().MatchRegex("^redox-ci-1:[A-Za-z0-9+/]{86}==$");
        var loaded = CacheSigningKey.Load(secretFile);
        loaded.PublicKey.ToString().Should().Be(generated.PublicKey);
        Convert.FromBase64String(secretText.Split(':')[1])[32..].Should().Equal(Convert.FromBase64String(generated.PublicKey.Split(':')[1]),
            "the secret key file holds seed then public key, as Nix's secret-key-files do");
    }

    [Fact]
    public void Keygen_never_overwrites_an_existing_secret_key()
    {
        using var temp = new CacheTemp();
        var secretFile = temp.Sub("k.secret");
        CacheKeyGenerator.Generate("k-1", secretFile);
        var before = File.ReadAllText(secretFile);

        var act = () => CacheKeyGenerator.Generate("k-1", secretFile);

        act.Should().Throw<IOException>().WithMessage("*already exists*");
        File.ReadAllText(secretFile).Should().Be(before);
    }

    [Fact]
    public void Keygen_never_overwrites_an_earlier_public_key_left_without_its_secret()
    {
        using var temp = new CacheTemp();
        var secretFile = temp.Sub("k.secret");
        File.WriteAllText(secretFile + ".pub", "old-1:the key readers trust\n");

        var act = () => CacheKeyGenerator.Generate("k-2", secretFile);

        act.Should().Throw<IOException>().WithMessage($"{secretFile}.pub already exists*");
        File.ReadAllText(secretFile + ".pub").Should().Be("old-1:the key readers trust\n");
        File.Exists(secretFile).Should().BeFalse("nothing is written when the pair cannot be written whole");
    }

    [Fact]
    public void The_signing_key_never_shows_its_secret_in_text()
    {
        var key = CacheSigningKey.FromSeed("redox-ci-1", Bytes.Random(32, 3));
        var secretBase64 = key.ExportSecret().Split(':')[1];

        key.ToString().Should().NotContain(secretBase64).And.Contain(key.PublicKey.ToString());
        new RedoxBuild.Cache.CacheCredentials(RedoxBuild.Cache.SecretText.From("tok3n-value")).ToString().Should().NotContain("tok3n-value").And.Contain("***");
    }

    [Fact]
    public void A_damaged_secret_key_file_is_refused_without_echoing_it()
    {
        using var temp = new CacheTemp();
        var key = CacheSigningKey.FromSeed("k-1", Bytes.Random(32, 4));
        var bytes = Convert.FromBase64String(key.ExportSecret().Split(':')[1]);
        bytes[40] ^= 0xff; // the stored public half no longer matches the seed
        var text = "k-1:" + Convert.ToBase64String(bytes);
        File.WriteAllText(temp.Sub("bad.secret"), text);

        var act = () => CacheSigningKey.Load(temp.Sub("bad.secret"));

        act.Should().Throw<FormatException>().Which.Message.Should().Contain("damaged").And.NotContain(text[4..]);
    }

    [Theory]
    [InlineData("no-colon-here", "name:base64")]
    [InlineData(":AAAA", "name:base64")]
    [InlineData("bad name:AAAA", "must start with a letter or digit")]
    [InlineData("k:not base64!", "not valid base64")]
    [InlineData("k:AAAA", "decodes to 3 bytes; expected 32")]
    public void Malformed_public_keys_are_explained(string text, string message)
    {
        var act = () => CachePublicKey.Parse(text);

        act.Should().Throw<FormatException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void A_trusted_key_accepts_its_signature_and_rejects_tampering()
    {
        var key = CacheSigningKey.FromSeed("redox-ci-1", Bytes.Random(32, 5));
        var entry = Entry();
        var signed = entry with { Signatures = [key.Sign(entry)] };
        var trust = new CacheTrust([CachePublicKey.Parse(key.PublicKey.ToString())]);

        trust.Check(signed).Should().Be(new SignatureCheck(true, "signed by redox-ci-1"));
        trust.Check(signed with { Size = 4097 }).Detail.Should().Contain("does not verify");
        trust.Check(signed with { OutputSha256 = Bytes.Key("other") }).Trusted.Should().BeFalse();
        trust.Check(entry).Detail.Should().Be("it is unsigned");
        trust.Check(signed with { BuildSeconds = 99 }).Trusted.Should().BeTrue("only key, digest and size are signed");
    }

    [Fact]
    public void A_signature_by_an_unknown_key_is_not_trusted_even_under_a_trusted_name()
    {
        var ours = CacheSigningKey.FromSeed("redox-ci-1", Bytes.Random(32, 6));
        var impostor = CacheSigningKey.FromSeed("redox-ci-1", Bytes.Random(32, 7));
        var foreign = CacheSigningKey.FromSeed("someone-else", Bytes.Random(32, 8));
        var entry = Entry();
        var trust = new CacheTrust([ours.PublicKey]);

        trust.Check(entry with { Signatures = [impostor.Sign(entry)] }).Trusted.Should().BeFalse();
        trust.Check(entry with { Signatures = [foreign.Sign(entry)] }).Detail.Should().Contain("someone-else").And.Contain("not among the trusted keys");
        trust.Check(entry with { Signatures = [foreign.Sign(entry), ours.Sign(entry)] }).Trusted.Should().BeTrue("any one trusted signature suffices");
    }

    [Fact]
    public void Trusted_keys_load_from_a_file_with_comments_and_name_bad_lines()
    {
        using var temp = new CacheTemp();
        var a = CacheSigningKey.FromSeed("a-1", Bytes.Random(32, 9)).PublicKey;
        var b = CacheSigningKey.FromSeed("b-1", Bytes.Random(32, 10)).PublicKey;
        File.WriteAllText(temp.Sub("trusted"), $"# CI keys\n{a}\n\n  {b}  \n");
        File.WriteAllText(temp.Sub("broken"), $"{a}\nb-1:???\n");

        CacheTrust.Load([], temp.Sub("trusted"), null).Keys.Select(k => k.ToString()).Should().Equal(a.ToString(), b.ToString());
        var act = () => CacheTrust.Load([], temp.Sub("broken"), null);
        act.Should().Throw<FormatException>().WithMessage($"{temp.Sub("broken")}:2: *");
    }

    [Fact]
    public void The_fingerprint_is_versioned_and_names_key_digest_and_size()
    {
        var entry = Entry();

        entry.Fingerprint.Should().Be($"redox-build-cache-1;{entry.Key};sha256:{entry.OutputSha256};4096");
    }
}
