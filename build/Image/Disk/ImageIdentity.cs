using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RedoxBuild.Image.Disk;

/// <summary>
/// The inputs every "random" identifier of an image is derived from, so identical inputs give identical bytes:
/// <paramref name="Seed"/> is any caller-chosen string (typically the content hash of what goes into the image) and
/// <paramref name="SourceDateEpoch"/> is SOURCE_DATE_EPOCH (seconds since 1970, UTC), which also dates the files.
/// </summary>
public sealed record ImageIdentity(string Seed, long SourceDateEpoch)
{
    // Bumping this changes every derived GUID; it exists so a future derivation scheme cannot collide with this one.
    private const string Domain = "RedoxBuild.Image.Disk/identity/v1";

    /// <summary>An identity from raw seed bytes (for example a digest), hex-encoded so the record keeps value equality.</summary>
    public static ImageIdentity FromBytes(ReadOnlySpan<byte> seed, long sourceDateEpoch) =>
        new(Convert.ToHexStringLower(seed), sourceDateEpoch);

    /// <summary>The build time as an instant (UTC).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeSeconds(SourceDateEpoch);

    /// <summary>
    /// A name-based GUID for <paramref name="purpose"/> (for example "gpt/disk"): RFC 9562 version 8 built from
    /// SHA-256 (the "custom" layout of its appendix B.2), with the version and variant bits set.
    /// </summary>
    public Guid DeriveGuid(string purpose)
    {
        Span<byte> rfcOrder = stackalloc byte[16];
        Hash(purpose)[..16].CopyTo(rfcOrder);
        rfcOrder[6] = (byte)((rfcOrder[6] & 0x0F) | 0x80); // version 8
        rfcOrder[8] = (byte)((rfcOrder[8] & 0x3F) | 0x80); // variant 10xx (RFC 4122/9562)
        return new Guid(rfcOrder, bigEndian: true);
    }

    /// <summary>A 32-bit value for <paramref name="purpose"/>, for example a FAT volume serial number.</summary>
    public uint DeriveUInt32(string purpose) => BinaryPrimitives.ReadUInt32LittleEndian(Hash(purpose));

    private byte[] Hash(string purpose)
    {
        // Length prefixes keep ("ab","c") and ("a","bc") apart.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendField(hash, Encoding.UTF8.GetBytes(Domain));
        AppendField(hash, Encoding.UTF8.GetBytes(Seed));
        Span<byte> epoch = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(epoch, SourceDateEpoch);
        AppendField(hash, epoch);
        AppendField(hash, Encoding.UTF8.GetBytes(purpose));
        return hash.GetHashAndReset();
    }

    private static void AppendField(IncrementalHash hash, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, field.Length);
        hash.AppendData(length);
        hash.AppendData(field);
    }
}
