namespace RedoxBuild.Image.Disk;

/// <summary>
/// CRC-32 as GPT (UEFI spec) and zlib/Ethernet use it: IEEE polynomial 0x04C11DB7, reflected (0xEDB88320),
/// initial value and final XOR 0xFFFFFFFF. Written here so the image writer needs no package.
/// </summary>
public static class Crc32
{
    private const uint ReflectedPolynomial = 0xEDB88320u;

    // Slicing-by-8 tables: GPT arrays are only 16 KiB, but the same CRC is handy for verifying payloads.
    private static readonly uint[][] Tables = BuildTables();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>The running state before any byte; feed it to <see cref="Append"/>, then <see cref="Finish"/>.</summary>
    public const uint Start = 0xFFFFFFFFu;

    /// <summary>Continues a running CRC over more bytes (for data that arrives in pieces).</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        var t0 = Tables[0]; var t1 = Tables[1]; var t2 = Tables[2]; var t3 = Tables[3];
        var t4 = Tables[4]; var t5 = Tables[5]; var t6 = Tables[6]; var t7 = Tables[7];
        var crc = state;
        while (data.Length >= 8)
        {
            var low = crc ^ (uint)(data[0] | data[1] << 8 | data[2] << 16 | data[3] << 24);
            crc = t7[low & 0xFF] ^ t6[(low >> 8) & 0xFF] ^ t5[(low >> 16) & 0xFF] ^ t4[low >> 24]
                  ^ t3[data[4]] ^ t2[data[5]] ^ t1[data[6]] ^ t0[data[7]];
            data = data[8..];
        }
        foreach (var b in data) crc = t0[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>Turns a running state into the CRC value.</summary>
    public static uint Finish(uint state) => state ^ 0xFFFFFFFFu;

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        tables[0] = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var bit = 0; bit < 8; bit++) c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
            tables[0][i] = c;
        }
        for (var t = 1; t < 8; t++)
        {
            tables[t] = new uint[256];
            for (var i = 0; i < 256; i++)
                tables[t][i] = tables[0][tables[t - 1][i] & 0xFF] ^ (tables[t - 1][i] >> 8);
        }
        return tables;
    }
}
