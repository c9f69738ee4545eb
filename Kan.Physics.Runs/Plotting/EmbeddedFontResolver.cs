using ScottPlot;
using SkiaSharp;

namespace Kan.Physics.Runs.Plotting;

/// <summary>
/// Answers ScottPlot's font look-ups for one family name with one typeface loaded from memory.
/// </summary>
/// <remarks>
/// Every weight and slant maps to the regular face: only the regular file is embedded (to keep the assembly small), and a
/// regular title is better than the empty typeface ScottPlot would fall back to on a machine without fonts.
/// </remarks>
internal sealed class EmbeddedFontResolver(string familyName, SKTypeface typeface) : IFontResolver
{
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) => Match(fontName);

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Match(fontName);

    private SKTypeface? Match(string fontName) => string.Equals(fontName, familyName, StringComparison.OrdinalIgnoreCase) ? typeface : null;
}
