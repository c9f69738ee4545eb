namespace Kan.Physics.Serialization;

/// <summary>
/// CRC-32 with the IEEE 802.3 polynomial (reflected 0xEDB88320, initial value and final xor 0xFFFFFFFF), the checksum
/// of zip, gzip and PNG, so a saved network's trailer can be checked with any standard tool.
/// </summary>
/// <remarks>
/// Implemented here, table-driven one byte at a time, because the library does not reference System.IO.Hashing and
/// saved networks are small enough that a faster slicing variant would not be noticed.
/// Usage: <c>uint state = Crc32.Initial; state = Crc32.Update(state, bytes); uint crc = Crc32.Finish(state);</c>
/// </remarks>
internal static class Crc32
{
    /// <summary>The running state before any byte was added.</summary>
    public const uint Initial = 0xFFFFFFFFu;

    private const uint Polynomial = 0xEDB88320u;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Adds <paramref name="data"/> to a running state (start from <see cref="Initial"/>).</summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        foreach (byte b in data)
            state = table[(state ^ b) & 0xFF] ^ (state >> 8);
        return state;
    }

    /// <summary>The checksum of everything added to <paramref name="state"/>.</summary>
    public static uint Finish(uint state) => ~state;

    /// <summary>The checksum of <paramref name="data"/> alone.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++)
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
