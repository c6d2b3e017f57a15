namespace RedoxBuild.Hashing;

/// <summary>The Argon2 variants; the numeric values are the type field y of RFC 9106 (hashed into H0).</summary>
public enum Argon2Type
{
    /// <summary>Data-dependent addressing.</summary>
    Argon2d = 0,

    /// <summary>Data-independent addressing.</summary>
    Argon2i = 1,

    /// <summary>Argon2i for the first half pass, Argon2d after; the recommended password hash (Redox /etc/shadow).</summary>
    Argon2id = 2,
}

/// <summary>
/// Cost and output parameters. Defaults are the reference argon2 CLI's (m=4096 KiB, t=3, p=1, 32-byte tag).
/// Secret (K) and associated data (X) are optional; a PHC string carries neither.
/// </summary>
public sealed record Argon2Parameters
{
    /// <summary>The only version implemented: 0x13 (19), the one RFC 9106 specifies.</summary>
    public const int Version = 0x13;

    public const int MinSaltLength = 8;
    public const int MinTagLength = 4;

    /// <summary>Upper bound of this implementation: 4 GiB of blocks, so the work area stays one .NET array.</summary>
    public const int MaxMemoryKiB = 4 * 1024 * 1024;

    public const int MaxParallelism = (1 << 24) - 1;

    /// <summary>m: memory in KiB; rounded down to a multiple of 4 * p blocks of 1 KiB, at least 8 * p.</summary>
    public int MemoryKiB { get; init; } = 4096;

    /// <summary>t: passes over the memory.</summary>
    public int Iterations { get; init; } = 3;

    /// <summary>p: lanes, filled concurrently slice by slice; the tag is the same however many cores run them.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>T: tag length in bytes.</summary>
    public int TagLength { get; init; } = 32;

    /// <summary>K: optional secret (pepper).</summary>
    public ReadOnlyMemory<byte> Secret { get; init; }

    /// <summary>X: optional associated data.</summary>
    public ReadOnlyMemory<byte> AssociatedData { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field, its value and the allowed range.</summary>
    public void Validate(int saltLength)
    {
        if (Parallelism is < 1 or > MaxParallelism)
            throw new ArgumentException($"Argon2 parallelism p={Parallelism} is outside 1..{MaxParallelism}.");
        if (MemoryKiB < 8 * Parallelism || MemoryKiB > MaxMemoryKiB)
            throw new ArgumentException($"Argon2 memory m={MemoryKiB} KiB must be between 8 * p = {8 * Parallelism} and {MaxMemoryKiB} KiB.");
        if (Iterations < 1)
            throw new ArgumentException($"Argon2 iterations t={Iterations} must be at least 1.");
        if (TagLength < MinTagLength)
            throw new ArgumentException($"Argon2 tag length {TagLength} must be at least {MinTagLength} bytes.");
        if (saltLength < MinSaltLength)
            throw new ArgumentException($"Argon2 salt is {saltLength} bytes; it must be at least {MinSaltLength} (16 recommended).");
    }
}
