using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kan.Physics.Networks;
using Kan.Physics.Optimization;
using Kan.Physics.Serialization;
using Kan.Physics.Training;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// The state of a <see cref="PinnSolver"/> run at the start of an L-BFGS restart step (a grid update, a resampling,
/// or a new grid), where the optimiser's curvature history is discarded anyway: the network, the collocation points,
/// the history so far and the counters. Resuming from it reproduces the uninterrupted run bit for bit.
/// </summary>
public sealed class PinnCheckpoint
{
    private const string Magic = "KANPINNCKPT2", MagicV1 = "KANPINNCKPT1";

    /// <summary>Index of the grid stage in <see cref="PinnOptions.GridSchedule"/>.</summary>
    public required int Stage { get; init; }

    /// <summary>The L-BFGS step of that stage about to run.</summary>
    public required int Step { get; init; }

    /// <summary>The network, on that stage's grid, before the step's preparation (grid update, resampling).</summary>
    public required KanNetwork Network { get; init; }

    /// <summary>The collocation points in use (they differ from the problem's original ones after resampling).</summary>
    public required double[] CollocationPoints { get; init; }

    /// <summary>The per-step history recorded so far.</summary>
    public required IReadOnlyList<PinnRecord> History { get; init; }

    /// <summary>Objective evaluations so far.</summary>
    public required int Evaluations { get; init; }

    /// <summary>Outer steps of the completed stages (history step numbers continue from it).</summary>
    public required int StepOffset { get; init; }

    /// <summary>Wall seconds spent so far.</summary>
    public required double Seconds { get; init; }

    /// <summary>The residual-based attention multipliers, one per collocation point, or null when RBA is off or not yet started.</summary>
    public double[]? AttentionWeights { get; init; }

    /// <summary>The optimiser's coordinates of the PDE's unknown coefficients (see <see cref="Pdes.PdeParameter"/>), or null for a fully known PDE.</summary>
    public double[]? ParameterCoordinates { get; init; }

    /// <summary>What the stall detection still needs of the steps before this one, (step of the grid, best loss so far); empty when it is off.</summary>
    public IReadOnlyList<(int Step, double Best)> StallObservations { get; init; } = [];

    /// <summary>How the grids before this one ended.</summary>
    public IReadOnlyList<StageStop> Stages { get; init; } = [];

    /// <summary>The grid updates judged so far.</summary>
    public IReadOnlyList<GridUpdateCheck> GridUpdates { get; init; } = [];

    /// <summary>Writes the checkpoint: a JSON header (counters and history), the network (KANNET), the points, the RBA multipliers.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        var header = new Header(Stage, Step, Evaluations, StepOffset, Seconds,
            History.Select(r => new RecordDto(r.GridSize, r.Step, r.Loss, r.Terms.ToDictionary(p => p.Key, p => p.Value), r.Errors is { } e ? [e.Mse, e.RelativeL2, e.MaxAbs, e.RelativeH1Seminorm] : null, r.Evaluations, r.Seconds,
                r.Errors?.Fields?.Select(x => new FieldDto(x.Name, [x.Mse, x.RelativeL2, x.MaxAbs, x.RelativeH1Seminorm, x.Shift])).ToList(),
                r.Parameters.Count > 0 ? r.Parameters.ToDictionary(p => p.Key, p => p.Value) : null)).ToList(), ParameterCoordinates,
            StallObservations.Select(o => o.Step).ToArray(), StallObservations.Select(o => o.Best).ToArray(),
            GridUpdates.Select(u => new UpdateDto(u.Stage, u.Grid, u.Step, u.LossBefore, u.LossAfterUpdate, u.LossAfterSteps, u.RolledBack)).ToList(),
            Stages.Select(st => new StopDto(st.Stage, st.Grid, st.Step, st.StepsRun, st.StepsPlanned, st.Reason.ToString(), st.Loss, st.StalledFrom)).ToList());
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions);
        w.Write(json.Length);
        w.Write(json);
        using (var net = new MemoryStream())
        {
            KanNetworkSerializer.Save(Network, net);
            w.Write(net.Length);
            w.Write(net.GetBuffer(), 0, (int)net.Length);
        }
        w.Write(CollocationPoints.Length);
        foreach (double v in CollocationPoints) w.Write(v);
        w.Write(AttentionWeights?.Length ?? -1);
        foreach (double v in AttentionWeights ?? []) w.Write(v);
        w.Write(Magic);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/> (or by the version before RBA); anything else throws <see cref="InvalidDataException"/>.</summary>
    public static PinnCheckpoint Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            string magic = r.ReadString();
            if (magic != Magic && magic != MagicV1) throw new InvalidDataException("not a solver checkpoint (bad magic)");
            int jsonLength = r.ReadInt32();
            if (jsonLength is < 2 or > 1 << 28) throw new InvalidDataException($"bad header length {jsonLength}");
            var header = JsonSerializer.Deserialize<Header>(r.ReadBytes(jsonLength), JsonOptions) ?? throw new InvalidDataException("empty header");
            long netLength = r.ReadInt64();
            if (netLength is < 1 or > 1L << 31) throw new InvalidDataException($"bad network length {netLength}");
            var network = KanNetworkSerializer.Load(new MemoryStream(r.ReadBytes((int)netLength)));
            int count = r.ReadInt32();
            if (count is < 0 or > 1 << 28) throw new InvalidDataException($"bad point count {count}");
            var points = new double[count];
            for (int i = 0; i < count; i++) points[i] = r.ReadDouble();
            double[]? attention = null;
            if (magic == Magic)
            {
                int weights = r.ReadInt32();
                if (weights < -1 || weights > count) throw new InvalidDataException($"bad attention weight count {weights}");
                if (weights >= 0)
                {
                    attention = new double[weights];
                    for (int i = 0; i < weights; i++) attention[i] = r.ReadDouble();
                }
            }
            if (r.ReadString() != magic) throw new InvalidDataException("bad end marker (truncated?)");
            int[] stallSteps = header.StallSteps ?? [];
            double[] stallBest = header.StallBest ?? [];
            if (stallSteps.Length != stallBest.Length) throw new InvalidDataException($"the stall window has {stallSteps.Length} steps but {stallBest.Length} losses");
            return new PinnCheckpoint
            {
                Stage = header.Stage, Step = header.Step, Evaluations = header.Evaluations, StepOffset = header.StepOffset,
                Seconds = header.Seconds, Network = network, CollocationPoints = points, AttentionWeights = attention,
                ParameterCoordinates = header.ParameterCoordinates,
                History = header.History.Select(d => new PinnRecord(d.GridSize, d.Step, d.Loss, d.Terms,
                    d.Errors is { Length: 4 } e ? new ErrorMetrics(e[0], e[1], e[2], e[3]) { Fields = ReadFields(d.FieldErrors) } : null, d.Evaluations, d.Seconds)
                { Parameters = d.Parameters ?? [] }).ToList(),
                StallObservations = stallSteps.Zip(stallBest).ToArray(),
                GridUpdates = (header.GridUpdates ?? []).Select(u => new GridUpdateCheck(u.Stage, u.Grid, u.Step, u.LossBefore, u.LossAfterUpdate, u.LossAfterSteps, u.RolledBack)).ToArray(),
                Stages = (header.Stages ?? []).Select(st => new StageStop(st.Stage, st.Grid, st.Step, st.StepsRun, st.StepsPlanned, ReadReason(st.Reason), st.Loss) { StalledFrom = st.StalledFrom }).ToArray(),
            };
        }
        catch (EndOfStreamException e) { throw new InvalidDataException("the checkpoint is truncated", e); }
        catch (JsonException e) { throw new InvalidDataException($"the checkpoint header is not valid: {e.Message}", e); }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private sealed record Header(int Stage, int Step, int Evaluations, int StepOffset, double Seconds, List<RecordDto> History, double[]? ParameterCoordinates = null,
        int[]? StallSteps = null, double[]? StallBest = null, List<UpdateDto>? GridUpdates = null, List<StopDto>? Stages = null);

    private static StopReason ReadReason(string text)
        => Enum.TryParse<StopReason>(text, out var reason) && Enum.IsDefined(reason) ? reason : throw new InvalidDataException($"unknown stop reason '{text}' in the checkpoint");

    private sealed record UpdateDto(int Stage, int Grid, int Step, double LossBefore, double LossAfterUpdate, double LossAfterSteps, bool RolledBack);

    private sealed record StopDto(int Stage, int Grid, int Step, int StepsRun, int StepsPlanned, string Reason, double Loss, int StalledFrom);

    /// <summary>The per-field errors of a history row (absent in checkpoints written before they existed: then null).</summary>
    private static FieldError[]? ReadFields(List<FieldDto>? fields)
        => fields?.Select(x => x is { Name: { Length: > 0 } name, Values: { Length: 5 } v }
            ? new FieldError(name, v[0], v[1], v[2], v[3], v[4])
            : throw new InvalidDataException("a per-field error in the checkpoint history needs a name and 5 values")).ToArray();

    private sealed record RecordDto(int GridSize, int Step, double Loss, Dictionary<string, double> Terms, double[]? Errors, int Evaluations, double Seconds,
        List<FieldDto>? FieldErrors = null, Dictionary<string, double>? Parameters = null);

    private sealed record FieldDto(string Name, double[] Values);
}
