using ScottPlot;
using SkiaSharp;

namespace Kan.Physics.Runs.Plotting;

/// <summary>
/// The font every Kan.Physics figure uses: DejaVu Sans, embedded in this assembly and registered with ScottPlot under
/// <see cref="FamilyName"/>.
/// </summary>
/// <remarks>
/// Skia finds system fonts by scanning font folders; on a machine with only the .NET SDK there are none, and ScottPlot then
/// draws every label with an empty typeface, silently. Loading the font from the assembly makes figures look the same
/// everywhere. The family name is our own, so the resolver never competes with (or is shadowed by) an installed DejaVu.
/// </remarks>
public static class PlotFont
{
    /// <summary>The family name under which the embedded font is registered with ScottPlot.</summary>
    public const string FamilyName = "Kan.Physics DejaVu Sans";

    private const string ResourceName = "Kan.Physics.Runs.Plotting.DejaVuSans.ttf";

    // Loaded and registered once, in the type initialiser, so concurrent first uses cannot race on ScottPlot's resolver list.
    private static readonly SKTypeface LoadedTypeface = Register();

    /// <summary>The embedded typeface (shared; do not dispose).</summary>
    public static SKTypeface Typeface => LoadedTypeface;

    /// <summary>
    /// Registers the font with ScottPlot (once) and makes it ScottPlot's default, so labels created afterwards use it.
    /// Called by every plot in this namespace; call it yourself before building your own ScottPlot figures.
    /// </summary>
    public static void EnsureRegistered() => _ = LoadedTypeface;

    /// <summary>
    /// Sets the embedded font on every text element of <paramref name="plot"/> that exists now: title, axis labels, tick
    /// labels (colour bars included) and legend. Text plottables added later pick it up as ScottPlot's default.
    /// </summary>
    public static void Apply(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        EnsureRegistered();
        plot.Axes.Title.Label.FontName = FamilyName;
        foreach (IAxis axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = FamilyName;
            axis.TickLabelStyle.FontName = FamilyName;
        }
        foreach (IPanel panel in plot.Axes.GetPanels())
        {
            if (panel is ScottPlot.Panels.ColorBar bar)
            {
                bar.LabelStyle.FontName = FamilyName;
                bar.Axis.Label.FontName = FamilyName;
                bar.Axis.TickLabelStyle.FontName = FamilyName;
            }
        }
        plot.Legend.FontName = FamilyName;
    }

    private static SKTypeface Register()
    {
        using Stream? stream = typeof(PlotFont).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null) throw new InvalidOperationException($"The embedded font resource '{ResourceName}' is missing from {typeof(PlotFont).Assembly.GetName().Name}.");
        SKTypeface typeface = SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"The embedded font resource '{ResourceName}' could not be read as a font.");
        // first in the list: ScottPlot asks resolvers in order and caches the first answer
        Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver(FamilyName, typeface));
        Fonts.Default = FamilyName;
        Fonts.Sans = FamilyName;
        return typeface;
    }
}
