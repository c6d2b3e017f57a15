using RedoxBuild.Image.Disk;

namespace RedoxBuild.Tests.Image.Disk;

public class ImageIdentityTests
{
    [Fact]
    public void Derived_GUIDs_carry_version_8_and_the_RFC_variant()
    {
        var guid = DiskFixtures.Identity.DeriveGuid("gpt/disk");
        var text = guid.ToString("D");

        text[14].Should().Be('8', "the version nibble is the first digit of the third group");
        "89ab".Should().Contain(text[19].ToString(), "the variant bits 10xx make the fourth group start with 8, 9, a or b");
    }

    [Fact]
    public void The_same_inputs_give_the_same_GUID_and_serial()
    {
        var again = new ImageIdentity(DiskFixtures.Identity.Seed, DiskFixtures.Identity.SourceDateEpoch);

        again.DeriveGuid("gpt/disk").Should().Be(DiskFixtures.Identity.DeriveGuid("gpt/disk"));
        again.DeriveUInt32("fat/volume-id/EFI").Should().Be(DiskFixtures.Identity.DeriveUInt32("fat/volume-id/EFI"));
    }

    [Fact]
    public void Seed_epoch_and_purpose_each_change_the_GUID()
    {
        var baseline = DiskFixtures.Identity.DeriveGuid("gpt/disk");

        (DiskFixtures.Identity with { Seed = "other" }).DeriveGuid("gpt/disk").Should().NotBe(baseline);
        (DiskFixtures.Identity with { SourceDateEpoch = 1 }).DeriveGuid("gpt/disk").Should().NotBe(baseline);
        DiskFixtures.Identity.DeriveGuid("gpt/partition/2/EFI").Should().NotBe(baseline);
    }

    [Fact]
    public void Field_boundaries_are_part_of_the_hash()
    {
        // "ab"+"c" and "a"+"bc" must not collide (length-prefixed fields).
        new ImageIdentity("ab", 0).DeriveGuid("c").Should().NotBe(new ImageIdentity("a", 0).DeriveGuid("bc"));
    }

    [Fact]
    public void Seed_bytes_are_hex_encoded_so_the_record_keeps_value_equality()
    {
        var a = ImageIdentity.FromBytes([0xDE, 0xAD, 0xBE, 0xEF], 5);
        var b = ImageIdentity.FromBytes([0xDE, 0xAD, 0xBE, 0xEF], 5);

        a.Should().Be(b);
        a.Seed.Should().Be("deadbeef");
    }

    [Fact]
    public void A_GUID_is_stored_on_disk_in_the_mixed_endian_EFI_layout()
    {
        // The first three groups little-endian, the last two as written: UEFI spec appendix A.
        var bytes = new byte[16];
        GptPartitionTypes.EfiSystem.TryWriteBytes(bytes);

        Convert.ToHexString(bytes).Should().Be("28732AC11FF8D211BA4B00A0C93EC93B");
    }
}
