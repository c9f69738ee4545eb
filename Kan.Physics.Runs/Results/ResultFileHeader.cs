using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kan.Physics.Runs.Results;

/// <summary>
/// The 512-byte HDF5 user block that starts every result file: a short ASCII text with the format version, the
/// length of the HDF5 data that follows and its SHA-256.
/// </summary>
/// <remarks>
/// Why: HDF5 checks neither raw data nor (in PureHDF) metadata checksums, so a flipped byte can silently change a
/// number, and a corrupt link can send PureHDF into endless recursion that kills the process. Hashing the HDF5 part
/// before PureHDF sees it turns any truncation or corruption into a clear error. HDF5 itself reserves the user block
/// for applications: h5dump, h5py and the HDF5 library skip it and find the superblock at byte 512. The hash can be
/// checked by hand with <c>tail -c +513 run.h5 | sha256sum</c>.
/// <code>
/// Kan.Physics result file
/// format: 1
/// hdf5-offset: 512
/// hdf5-length: 10848
/// hdf5-sha256: 3a7b...(64 hex digits)
/// </code>
/// The rest of the block is NUL bytes.
/// </remarks>
internal static class ResultFileHeader
{
    public const int Size = 512;

    private const string FirstLine = "Kan.Physics result file\n";

    /// <summary>The 8-byte signature HDF5 puts at the start of its superblock.</summary>
    public static ReadOnlySpan<byte> Hdf5Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>Hashes the HDF5 part of <paramref name="file"/> (from byte 512 on) and writes the header over its first 512 bytes.</summary>
    public static void Stamp(Stream file)
    {
        file.Position = Size;
        byte[] hash = SHA256.HashData(file);
        long length = file.Length - Size;
        string text = FirstLine
            + $"format: {ResultFile.FormatVersion}\n"
            + $"hdf5-offset: {Size}\n"
            + string.Create(CultureInfo.InvariantCulture, $"hdf5-length: {length}\n")
            + $"hdf5-sha256: {Convert.ToHexStringLower(hash)}\n";
        var block = new byte[Size];
        Encoding.ASCII.GetBytes(text, block);
        file.Position = 0;
        file.Write(block);
    }

    /// <summary>
    /// Checks the start of <paramref name="file"/>: returns true for a result file whose hash matches, false for an
    /// HDF5 file without our header (written by another tool); throws for anything that is not HDF5, and for a result
    /// file that is truncated, extended or corrupted.
    /// </summary>
    public static bool Verify(Stream file, string path)
    {
        long length = file.Length;
        if (length == 0) throw new ResultFileException(path, "the file is empty; it is not an HDF5 result file");
        var block = new byte[(int)Math.Min(Size, length)];
        file.Position = 0;
        file.ReadExactly(block);

        if (!block.AsSpan().StartsWith(Encoding.ASCII.GetBytes(FirstLine)))
        {
            // No header of ours: accept any HDF5 file (its superblock may sit at 0, 512, 1024, ... after a user block)
            // and let the schema checks decide whether it is a result file.
            if (FindHdf5Signature(file) >= 0) return false;
            throw new ResultFileException(path, $"not an HDF5 file: no HDF5 signature at byte 0 or after a user block (the file starts with {Printable(block.AsSpan(0, Math.Min(16, block.Length)))})");
        }
        if (length < Size + Hdf5Signature.Length)
            throw new ResultFileException(path, $"truncated: the file has {length} bytes, but a result file has a {Size}-byte header followed by HDF5 data");

        var fields = ParseFields(block, path);
        string format = Field(fields, "format", path);
        if (format != ResultFile.FormatVersion.ToString(CultureInfo.InvariantCulture))
            throw new ResultFileException(path, $"unsupported result file format '{format}' (this build reads format {ResultFile.FormatVersion})");
        if (Field(fields, "hdf5-offset", path) != Size.ToString(CultureInfo.InvariantCulture))
            throw new ResultFileException(path, $"damaged header: hdf5-offset is '{fields["hdf5-offset"]}', expected {Size}");
        string lengthText = Field(fields, "hdf5-length", path);
        if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long recorded))
            throw new ResultFileException(path, $"damaged header: hdf5-length '{lengthText}' is not a number");
        string hashText = Field(fields, "hdf5-sha256", path);
        if (hashText.Length != 64 || !hashText.All(char.IsAsciiHexDigitLower))
            throw new ResultFileException(path, $"damaged header: hdf5-sha256 '{hashText}' is not 64 lower-case hex digits");

        if (length - Size != recorded)
            throw new ResultFileException(path, length - Size < recorded
                ? $"truncated: the header records {recorded} bytes of HDF5 data after byte {Size}, but the file holds only {length - Size}"
                : $"{length - Size - recorded} unexpected bytes after the {recorded} bytes of HDF5 data the header records; the file was modified after it was written (result files are read-only records) or is corrupted");
        file.Position = Size;
        string actual = Convert.ToHexStringLower(SHA256.HashData(file));
        if (actual != hashText)
            throw new ResultFileException(path, $"checksum mismatch: the SHA-256 of bytes {Size}..{length - 1} is {actual[..16]}..., but the header records {hashText[..16]}...; the file is corrupted or was modified after it was written");
        return true;
    }

    private static Dictionary<string, string> ParseFields(byte[] block, string path)
    {
        int end = Array.IndexOf(block, (byte)0);
        if (end < 0) end = block.Length;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string text = Encoding.ASCII.GetString(block, FirstLine.Length, end - FirstLine.Length);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0 || !fields.TryAdd(line[..colon], line[(colon + 2)..]))
                throw new ResultFileException(path, $"damaged header: cannot parse the line {Printable(Encoding.ASCII.GetBytes(line))}");
        }
        return fields;
    }

    private static string Field(Dictionary<string, string> fields, string key, string path)
        => fields.TryGetValue(key, out var value) ? value : throw new ResultFileException(path, $"damaged header: no '{key}' line");

    /// <summary>Offset of the HDF5 superblock signature (0, 512, 1024, ...), or -1.</summary>
    private static long FindHdf5Signature(Stream file)
    {
        Span<byte> probe = stackalloc byte[8];
        for (long at = 0; at + probe.Length <= file.Length; at = at == 0 ? Size : 2 * at)
        {
            file.Position = at;
            file.ReadExactly(probe);
            if (probe.SequenceEqual(Hdf5Signature)) return at;
        }
        return -1;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder("\"");
        foreach (byte b in bytes) sb.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        return sb.Append('"').ToString();
    }
}
