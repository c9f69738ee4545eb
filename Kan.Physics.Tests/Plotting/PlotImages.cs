using SkiaSharp;

namespace Kan.Physics.Tests.Plotting;

/// <summary>Reading back the figures the plots write, and counting pixels in them.</summary>
internal static class PlotImages
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts that <paramref name="path"/> is a PNG of the given size that Skia decodes, and returns it decoded.</summary>
    public static SKBitmap ReadPng(string path, int width, int height)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().StartsWith(PngSignature), $"{path} does not start with the PNG signature");
        var bitmap = Decode(bytes);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        return bitmap;
    }

    public static SKBitmap Decode(byte[] png)
    {
        using var codec = SKCodec.Create(new MemoryStream(png));
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
        var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        return bitmap;
    }

    /// <summary>Pixels in the rectangle [x0, x1) x [y0, y1) darker than mid-grey (text is black or dark grey).</summary>
    public static int DarkPixels(SKBitmap bitmap, int x0, int y0, int x1, int y1)
    {
        SKColor[] pixels = bitmap.Pixels;
        int count = 0;
        for (int y = Math.Max(0, y0); y < Math.Min(bitmap.Height, y1); y++)
            for (int x = Math.Max(0, x0); x < Math.Min(bitmap.Width, x1); x++)
            {
                SKColor c = pixels[y * bitmap.Width + x];
                if (0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue < 128) count++;
            }
        return count;
    }

    /// <summary>Whether a pixel is (nearly) white.</summary>
    public static bool IsWhite(SKColor c) => c.Red >= 245 && c.Green >= 245 && c.Blue >= 245;

    /// <summary>Pixels that are not (nearly) white.</summary>
    public static int NonWhitePixels(SKBitmap bitmap) => bitmap.Pixels.Count(c => !IsWhite(c));

    /// <summary>Pixels whose colour differs between two images of one size.</summary>
    public static int DifferentPixels(SKBitmap a, SKBitmap b)
    {
        Assert.Equal(a.Width, b.Width);
        Assert.Equal(a.Height, b.Height);
        SKColor[] pa = a.Pixels, pb = b.Pixels;
        int count = 0;
        for (int k = 0; k < pa.Length; k++)
            if (pa[k] != pb[k]) count++;
        return count;
    }

    /// <summary>Asserts that no temporary file was left in <paramref name="folder"/>.</summary>
    public static void AssertNoTemporaryFiles(string folder) =>
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
}
