using ScottPlot;
using SkiaSharp;

namespace Kan.Physics.Runs.Plotting;

/// <summary>Checks of output arguments and the atomic PNG write shared by the plots.</summary>
/// <remarks>
/// Figures are written beside results that other processes (a viewer, a report builder) may be reading; writing a
/// temporary file in the same folder and renaming it means a reader sees the old figure or the new one, never half of one.
/// </remarks>
internal static class PngOutput
{
    /// <summary>Largest width or height accepted, in pixels: far beyond any figure, small enough not to exhaust memory.</summary>
    public const int MaxSide = 10_000;

    /// <summary>Smallest width or height accepted: below it ScottPlot has no room for axes and labels.</summary>
    public const int MinSide = 100;

    /// <summary>Throws unless <paramref name="path"/> names a file (not a folder) in an existing folder.</summary>
    public static string CheckPath(string path, string paramName = "path")
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The output path is empty.", paramName);
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"The output path '{path}' is not a valid file path: {e.Message}", paramName, e);
        }
        if (Directory.Exists(full)) throw new ArgumentException($"The output path '{path}' is a folder; give a file name.", paramName);
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
            throw new ArgumentException($"The folder of the output path '{path}' ('{folder}') does not exist.", paramName);
        return full;
    }

    /// <summary>Throws unless a figure side length is in [<see cref="MinSide"/>, <see cref="MaxSide"/>].</summary>
    public static void CheckSize(int value, string paramName)
    {
        if (value < MinSide || value > MaxSide)
            throw new ArgumentOutOfRangeException(paramName, value, $"Figure sides must be between {MinSide} and {MaxSide} pixels.");
    }

    /// <summary>Renders <paramref name="plot"/> at the given size and writes it to <paramref name="fullPath"/> as PNG.</summary>
    public static void Save(Plot plot, string fullPath, int width, int height)
    {
        PlotFont.Apply(plot);
        Write(fullPath, plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    /// <summary>Encodes <paramref name="image"/> as PNG and writes it to <paramref name="fullPath"/>.</summary>
    public static void Save(SKImage image, string fullPath)
    {
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("Skia could not encode the figure as PNG.");
        Write(fullPath, data.ToArray());
    }

    /// <summary>Writes the bytes to a temporary file beside the target, then renames it over the target.</summary>
    private static void Write(string fullPath, byte[] bytes)
    {
        string temp = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
