using System.Security.Cryptography;
using System.Text;
using RedoxBuild.Cache.Signing;
using RedoxBuild.Tests.Cache.Support;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>Ed25519 through libsodium: RFC 8032 section 7.1 vectors and a cross-check against OpenSSL.</summary>
public class Ed25519Tests
{
    // RFC 8032, 7.1 "Test Vectors for Ed25519": TEST 1, TEST 2, TEST 3 (secret key = seed, public key, message, signature).
    public static TheoryData<string, string, string, string> Rfc8032Vectors => new()
    {
        {
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Signing_reproduces_the_rfc_8032_vectors(string seed, string publicKey, string message, string signature)
    {
        var (derivedPublic, secret) = Ed25519.KeyPairFromSeed(Convert.FromHexString(seed));

        Convert.ToHexStringLower(derivedPublic).Should().Be(publicKey);
        Convert.ToHexStringLower(secret).Should().Be(seed + publicKey, "libsodium's secret key is the seed followed by the public key");
        Convert.ToHexStringLower(Ed25519.Sign(Convert.FromHexString(message), secret)).Should().Be(signature);
        Ed25519.Verify(Convert.FromHexString(message), Convert.FromHexString(signature), derivedPublic).Should().BeTrue();
    }

    [Fact]
    public void The_rfc_8032_sha_abc_vector_signs_the_sha512_of_abc()
    {
        // RFC 8032, TEST SHA(abc): the message is SHA-512("abc").
        var (publicKey, secret) = Ed25519.KeyPairFromSeed(Convert.FromHexString("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42"));
        var message = SHA512.HashData("abc"u8);

        Convert.ToHexStringLower(publicKey).Should().Be("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf");
        Convert.ToHexStringLower(Ed25519.Sign(message, secret)).Should().Be(
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704");
    }

    [Fact]
    public void A_changed_message_signature_or_key_does_not_verify()
    {
        var (publicKey, secret) = Ed25519.KeyPairFromSeed(Bytes.Random(32, 7));
        var (otherPublic, _) = Ed25519.KeyPairFromSeed(Bytes.Random(32, 8));
        var message = "redox-build-cache-1;key;sha256:abc;10"u8.ToArray();
        var signature = Ed25519.Sign(message, secret);

        Ed25519.Verify(message, signature, publicKey).Should().BeTrue();
        Ed25519.Verify("redox-build-cache-1;key;sha256:abc;11"u8, signature, publicKey).Should().BeFalse();
        var flipped = (byte[])signature.Clone();
        flipped[10] ^= 1;
        Ed25519.Verify(message, flipped, publicKey).Should().BeFalse();
        Ed25519.Verify(message, signature, otherPublic).Should().BeFalse();
        Ed25519.Verify(message, signature.AsSpan(0, 63), publicKey).Should().BeFalse();
    }

    [RequiresToolsFact("openssl")]
    public void Signatures_are_byte_identical_to_openssl_pkeyutl_for_the_same_seed()
    {
        using var temp = new CacheTemp();
        var seed = Bytes.Random(32, 2026);
        var message = Encoding.UTF8.GetBytes("redox-build-cache-1;" + Bytes.Key("relibc") + ";sha256:" + Bytes.Key("out") + ";123456");
        // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): a fixed 16-byte prefix, then the 32 seed bytes.
        File.WriteAllBytes(temp.Sub("key.der"), [.. Convert.FromHexString("302e020100300506032b657004220420"), .. seed]);
        File.WriteAllBytes(temp.Sub("message"), message);

        var convert = Image.Disk.Tool.Run("openssl", "pkey", "-inform", "DER", "-in", temp.Sub("key.der"), "-out", temp.Sub("key.pem"));
        convert.ExitCode.Should().Be(0, convert.All);
        var sign = Image.Disk.Tool.Run("openssl", "pkeyutl", "-sign", "-rawin", "-inkey", temp.Sub("key.pem"), "-in", temp.Sub("message"), "-out", temp.Sub("signature"));
        sign.ExitCode.Should().Be(0, sign.All);

        var (_, secret) = Ed25519.KeyPairFromSeed(seed);
        Ed25519.Sign(message, secret).Should().Equal(File.ReadAllBytes(temp.Sub("signature")));
    }
}
