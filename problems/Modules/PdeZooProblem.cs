using System.Globalization;
using Kan.Physics.Networks;
using Kan.Physics.Problems.Zoo;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// The settings of <see cref="PdeZooProblem"/>. Every training setting is optional: unset (<c>default</c>) means the
/// library's own default (<see cref="PinnOptions"/>, <see cref="PinnProblem"/>, <see cref="KanOptions"/>), so the zoo
/// always measures whatever those defaults are, and a job file can sweep a candidate default without code changes.
/// </summary>
internal sealed record PdeZooOptions
{
    public string Case { get; init; } = ZooCatalog.Cases[0].Name;
    public int[] Hidden { get; init; } = [8, 8];
    public int? Grid { get; init; }
    public int[]? Grids { get; init; }
    public int? Doublings { get; init; }
    public int? Steps { get; init; }
    public bool? UpdateGrid { get; init; }
    public int? UpdateEvery { get; init; }
    public int? UpdateStop { get; init; }
    public double? GridEps { get; init; }
    public double? Alpha { get; init; }
    public bool? Normalize { get; init; }
    public bool? FitGrid { get; init; }
    public bool? Rollback { get; init; }
    public int? Stall { get; init; }
    public bool Scale { get; init; }
    public int? Points { get; init; }
    public int? Boundary { get; init; }
    public int? Initial { get; init; }
}

/// <summary>
/// The PDE zoo: 17 problems with exact solutions, each written as a user writes their own PDE from the README, solved
/// with the library's defaults and the network [D, 8, 8, F] (D coordinates, F fields) with the points of
/// <see cref="ZooPoints.For"/>. The settings override single defaults, so candidate defaults can be compared over
/// the whole zoo by a job file (<c>problems/jobs/pde-zoo.json</c>).
/// </summary>
internal sealed class PdeZooProblem : PdeModule<PdeZooOptions>
{
    /// <summary>The text an optional setting takes for "the library's default".</summary>
    public const string Unset = "default";

    public override string Name => "pde-zoo";
    public override string Description => $"PDE zoo: {ZooCatalog.Cases.Count} PDEs with exact solutions solved with the library's defaults, network [D,8,8,F]";

    public override SettingsSchema<PdeZooOptions> Settings { get; } = new SettingsSchema<PdeZooOptions>()
        .Choice("case", o => o.Case, (o, v) => o with { Case = v }, "the zoo case", [.. ZooCatalog.Cases.Select(c => c.Name)])
        .Ints("hidden", o => o.Hidden, (o, v) => o with { Hidden = v }, "hidden widths of the network [D, hidden..., F], comma-separated")
        .Custom("grid", o => o.Grid, (o, v) => o with { Grid = v }, "the network's initial grid size (default: KanOptions')", "integer >= 1 or default", v => OptionalInt(v, 1), Format)
        .Custom("grids", o => o.Grids, (o, v) => o with { Grids = v }, "grid schedule, comma-separated (default: PinnOptions.GridSchedule)", "positive integers, comma-separated, or default",
            v => IsUnset(v) ? null : SettingsSchema<PdeZooOptions>.ParsePositiveInts(v), v => v is null ? Unset : string.Join(",", v.Select(g => g.ToString(CultureInfo.InvariantCulture))))
        .Custom("doublings", o => o.Doublings, (o, v) => o with { Doublings = v }, "without grids: the network's grid, then doubled this many times (default: PinnOptions.GridDoublings)", "integer in [0, 10] or default", v => OptionalInt(v, 0) is { } n && n > 10 ? throw new FormatException($"must be an integer in [0, 10] or {Unset}") : OptionalInt(v, 0), Format)
        .Custom("steps", o => o.Steps, (o, v) => o with { Steps = v }, "outer steps per grid (default: PinnOptions.StepsPerGrid)", "integer >= 0 or default", v => OptionalInt(v, 0), Format)
        .Custom("update_grid", o => o.UpdateGrid, (o, v) => o with { UpdateGrid = v }, "1: grid updates on the collocation points (default: PinnOptions.UpdateGrid)", "0, 1 or default", OptionalBool, Format)
        .Custom("update_every", o => o.UpdateEvery, (o, v) => o with { UpdateEvery = v }, "steps between grid updates (default: PinnOptions.GridUpdateEvery)", "integer >= 1 or default", v => OptionalInt(v, 1), Format)
        .Custom("update_stop", o => o.UpdateStop, (o, v) => o with { UpdateStop = v }, "the step of a grid from which on no grid update is made (default: PinnOptions.StopGridUpdateStep)", "integer >= 0 or default", v => OptionalInt(v, 0), Format)
        .Custom("grid_eps", o => o.GridEps, (o, v) => o with { GridEps = v }, "grid updates: 1 uniform, 0 quantiles (default: PinnOptions.GridEps)", "number in [0, 1] or default", v => OptionalDouble(v, 0, 1), Format)
        .Custom("alpha", o => o.Alpha, (o, v) => o with { Alpha = v }, "weight of the PDE term (default: PinnProblem's interiorWeight)", "number >= 0 or default", v => OptionalDouble(v, 0, double.MaxValue), Format)
        .Custom("normalize", o => o.Normalize, (o, v) => o with { Normalize = v }, "1: PDE term divided by the source's mean square (default: PinnOptions.NormalizePde)", "0, 1 or default", OptionalBool, Format)
        .Custom("fit_grid", o => o.FitGrid, (o, v) => o with { FitGrid = v }, "1: first-layer grids stretched onto the coordinates' ranges before training (default: PinnOptions.FitGridToInputs)", "0, 1 or default", OptionalBool, Format)
        .Custom("rollback", o => o.Rollback, (o, v) => o with { Rollback = v }, "1: a grid update that raises the loss is undone (default: PinnOptions.GridUpdateRollback)", "0, 1 or default", OptionalBool, Format)
        .Custom("stall", o => o.Stall, (o, v) => o with { Stall = v }, "stall window in steps, 0 off (default: PinnOptions.StallWindow)", "integer >= 0 or default", v => OptionalInt(v, 0), Format)
        .Bool("scale", o => o.Scale, (o, v) => o with { Scale = v }, "1: the network sees the domain's bounding box mapped onto [-1, 1] (a ScaledEmbedding; not with periodic conditions)")
        .Custom("points", o => o.Points, (o, v) => o with { Points = v }, "interior (collocation) points (default: 256, 2048 or 4096 for 1, 2 or 3 coordinates)", "integer >= 1 or default", v => OptionalInt(v, 1), Format)
        .Custom("boundary", o => o.Boundary, (o, v) => o with { Boundary = v }, "boundary points (default: 256 or 1024 for 2 or 3 coordinates; 1-D: the two ends)", "integer >= 1 or default", v => OptionalInt(v, 1), Format)
        .Custom("initial", o => o.Initial, (o, v) => o with { Initial = v }, "initial-slice points (default: 128 or 512 for 2 or 3 coordinates)", "integer >= 1 or default", v => OptionalInt(v, 1), Format)
        .Rule("scale", o => !o.Scale || ZooCatalog.Find(o.Case).Periodic(ZooPoints.For(1), 0).Count == 0,
            o => $"case {o.Case} has periodic conditions, which act on the network itself and cannot be combined with an input embedding");

    protected override PdeSetup Create(PdeZooOptions s, int seed)
    {
        var zoo = ZooCatalog.Find(s.Case);
        var rule = ZooPoints.For(zoo.Dimension);
        var points = new ZooPoints(s.Points ?? rule.Interior, s.Boundary ?? rule.Boundary, s.Initial ?? rule.Initial);
        var (reference, shape) = zoo.Reference();
        var (lower, upper) = zoo.Domain.BoundingBox;
        InputTransform? input = s.Scale ? new ScaledEmbedding(lower, upper) : null;
        var interior = zoo.Interior(points.Interior, seed);
        var conditions = zoo.Conditions(points, seed);
        var periodic = zoo.Periodic(points, seed);
        var problem = s.Alpha is { } alpha
            ? new PinnProblem(zoo.Pde, interior, conditions, alpha, reference, periodic.Count > 0 ? periodic : null, input: input)
            : new PinnProblem(zoo.Pde, interior, conditions, reference: reference, periodic: periodic.Count > 0 ? periodic : null, input: input);

        var kan = new KanOptions { Seed = seed };
        if (s.Grid is { } grid) kan = kan with { GridSize = grid };
        var network = KanNetwork.Create([zoo.Dimension, .. s.Hidden, zoo.Pde.Fields], kan);

        var options = new PinnOptions { Seed = seed };
        if (s.Grids is { } grids) options = options with { GridSchedule = grids };
        if (s.Doublings is { } doublings) options = options with { GridDoublings = doublings };
        if (s.Steps is { } steps) options = options with { StepsPerGrid = steps };
        if (s.UpdateGrid is { } update) options = options with { UpdateGrid = update };
        if (s.UpdateEvery is { } every) options = options with { GridUpdateEvery = every };
        if (s.UpdateStop is { } stop) options = options with { StopGridUpdateStep = stop };
        if (s.GridEps is { } eps) options = options with { GridEps = eps };
        if (s.Normalize is { } normalize) options = options with { NormalizePde = normalize };
        if (s.FitGrid is { } fit) options = options with { FitGridToInputs = fit };
        if (s.Rollback is { } rollback) options = options with { GridUpdateRollback = rollback };
        if (s.Stall is { } stall) options = options with { StallWindow = stall };

        string[] space = ["x", "y", "z"];
        int spatial = zoo.Pde.SpatialDimension;
        string[] names = [.. space[..spatial], .. zoo.Pde.IsTimeDependent ? new[] { "t" } : []];
        return new PdeSetup(problem, network, options) { CoordinateNames = names, GridShape = shape };
    }

    private static bool IsUnset(string text) => string.Equals(text.Trim(), Unset, StringComparison.OrdinalIgnoreCase);

    private static int? OptionalInt(string text, int min)
        => IsUnset(text) ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min ? n
            : throw new FormatException($"must be an integer >= {min} or {Unset}");

    private static double? OptionalDouble(string text, double min, double max)
        => IsUnset(text) ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) && d >= min && d <= max ? d
            : throw new FormatException(max == double.MaxValue ? $"must be a number >= {min} or {Unset}" : $"must be a number in [{min}, {max}] or {Unset}");

    private static bool? OptionalBool(string text) => IsUnset(text) ? null : text.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new FormatException($"must be 0, 1 or {Unset}"),
    };

    private static string Format(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? Unset;
    private static string Format(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? Unset;
    private static string Format(bool? v) => v is { } b ? (b ? "1" : "0") : Unset;
}
