using Kan.Physics.Layers;
using Kan.Physics.Jets;
using Kan.Physics.Splines;

namespace Kan.Physics.Networks;

/// <summary>
/// Runs a network over a batch: splits it into partitions of contiguous samples (their number depends only on the
/// batch size, never on the thread count), runs the partitions in parallel, each block by block with its own scratch and
/// gradient accumulators, and reduces the partitions in a fixed order. Results are therefore identical for any number
/// of threads.
/// </summary>
internal sealed class NetworkEvaluator
{
    internal const int BlockSize = JetBlock.BlockSize;
    internal const int MaxPartitions = 32;
    private const int MinPartitionSamples = 256;

    /// <summary>Below this many (sample, edge) pairs a pass runs single-threaded.</summary>
    private const long ParallelThreshold = 8192;
    private readonly KanNetwork _net;
    private readonly long _edgeCount;
    private readonly PreparedLayer[] _prepared;
    private readonly Dictionary<(int Order, int Derivatives), List<Workspace>> _workspaces = new();

    internal sealed class Workspace
    {
        /// <summary>Node jets and their adjoints: Acts[0] the inputs, Acts[l+1] the nodes after layer l.</summary>
        public readonly JetBlock[] Acts, Adjs;
        /// <summary>Per layer with multiplication nodes, its outputs (sub-nodes) and their adjoints; null for other layers.</summary>
        public readonly JetBlock?[] Sub, SubAdj;
        public readonly LayerScratch[] Scratch;
        /// <summary>Planar blocks and scratch of the jet kernel (order 1 and 2); empty for order 0.</summary>
        public readonly PlanarJet[] PActs = [], PAdjs = [];
        public readonly PlanarScratch[] PScratch = [];
        public double Loss;
        /// <summary>Per layer, d loss / d (a, b, c, d) of each formula edge (see <see cref="SymbolicPass"/>).</summary>
        public double[][] SymbolicGradient = [];

        public Workspace(PreparedLayer[] layers, int dim, int order, int derivatives)
        {
            int L = layers.Length;
            Acts = new JetBlock[L + 1]; Adjs = new JetBlock[L + 1]; Scratch = new LayerScratch[L];
            Sub = new JetBlock?[L]; SubAdj = new JetBlock?[L];
            for (int l = 0; l <= L; l++)
            {
                int w = l == 0 ? layers[0].In : layers[l - 1].Layer.NodeCount;
                Acts[l] = new JetBlock(BlockSize, w, dim, order);
                Adjs[l] = new JetBlock(BlockSize, w, dim, order);
            }
            for (int l = 0; l < L; l++)
                if (layers[l].Layer.HasMultiplication)
                {
                    Sub[l] = new JetBlock(BlockSize, layers[l].Out, dim, order);
                    SubAdj[l] = new JetBlock(BlockSize, layers[l].Out, dim, order);
                }
            for (int l = 0; l < L; l++) Scratch[l] = new LayerScratch(layers[l], BlockSize, derivatives);
            // the input jet is the identity: dz_a/dz_i = delta_ai, second derivatives zero
            if (order >= 1)
                for (int s = 0; s < BlockSize; s++)
                    for (int a = 0; a < dim; a++) Acts[0].D1[(s * dim + a) * dim + a] = 1.0;
            if (order >= 1)
            {
                PActs = new PlanarJet[L + 1]; PAdjs = new PlanarJet[L + 1]; PScratch = new PlanarScratch[L];
                for (int l = 0; l <= L; l++)
                {
                    int w = l == 0 ? layers[0].In : layers[l - 1].Out;
                    PActs[l] = new PlanarJet(w, dim, order);
                    PAdjs[l] = new PlanarJet(w, dim, order);
                }
                for (int l = 0; l < L; l++) PScratch[l] = new PlanarScratch(layers[l], derivatives);
                for (int a = 0; a < dim; a++)
                    PActs[0].D1.Slice((a * dim + a) * BlockSize, BlockSize).Fill(1.0);
            }
        }
    }

    /// <summary>
    /// Jets of order 1 and 2 run on the planar kernel (<see cref="PlanarKernel"/>), written for 512-bit vectors: by
    /// default where those are accelerated. Tests set it either way to compare the kernels.
    /// </summary>
    internal bool UsePlanarKernel { get; set; } = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;

    public NetworkEvaluator(KanNetwork net)
    {
        _net = net;
        _prepared = net.Layers.Select(l => new PreparedLayer(l)).ToArray();
        _edgeCount = net.Layers.Sum(l => (long)l.EdgeCount);
    }

    internal static int PartitionCount(int n) => Math.Clamp((n + MinPartitionSamples - 1) / MinPartitionSamples, 1, MaxPartitions);

    private List<Workspace> Workspaces(int order, int derivatives, int count)
    {
        if (!_workspaces.TryGetValue((order, derivatives), out var list))
            _workspaces[(order, derivatives)] = list = new List<Workspace>();
        while (list.Count < count) list.Add(new Workspace(_prepared, _net.InputDimension, order, derivatives));
        return list;
    }

    /// <summary>
    /// One pass over the batch. With <paramref name="parameterGradient"/> non-empty or <paramref name="inputGradient"/>
    /// non-null the backward pass runs too. <paramref name="onBlock"/> sees each block's forward activations.
    /// </summary>
    public EvaluationResult Evaluate(double[] inputs, int n, IJetLoss? loss, int order, Span<double> parameterGradient,
        double[]? inputGradient, SparsityRegularization? regularization, Action<int, Workspace>? onBlock = null)
    {
        foreach (var p in _prepared) p.Refresh();
        // values only run on the order-0 kernel, which reads each edge as one polynomial per piece
        if (order == 0)
            foreach (var p in _prepared)
            {
                if (ValueKernel.IsNarrowVector(p)) p.RefreshNarrow();
                else if (!ValueKernel.IsNarrow(p)) p.RefreshRows();
            }
        if (order > 0 && _net.Layers.Any(l => l.Symbolic.ActiveCount > 0))
            throw new NotSupportedException("Formula (symbolic) edges support values only (jet order 0): remove them, or keep the spline edges, before evaluating derivatives with respect to the inputs.");
        bool backward = loss != null && (!parameterGradient.IsEmpty || inputGradient != null);
        int derivatives = order + (backward ? 1 : 0);
        int parts = PartitionCount(n);
        var ws = Workspaces(order, derivatives, parts);
        int L = _prepared.Length;

        double penalty = 0;
        double[][]? edgeAdjoint = null;
        bool reg = regularization is { IsActive: true } && loss != null;
        if (reg)
        {
            // pass 1: mean |phi_ij| over the batch, then the penalty and its gradient per edge
            Run(inputs, n, parts, ws, null, false, null, null, edgeAbs: true, null);
            edgeAdjoint = new double[L][];
            for (int l = 0; l < L; l++)
            {
                var means = new double[_prepared[l].Wb.Length];
                for (int p = 0; p < parts; p++)
                {
                    var acc = ws[p].Scratch[l].EdgeAbs;
                    for (int e = 0; e < means.Length; e++) means[e] += acc[e];
                }
                for (int e = 0; e < means.Length; e++) means[e] /= n;
                var grad = new double[means.Length];
                penalty += regularization!.LayerPenalty(means, grad);
                if (backward)
                {
                    for (int e = 0; e < grad.Length; e++) grad[e] /= n;
                    edgeAdjoint[l] = grad;
                }
            }
            if (!backward) edgeAdjoint = null;
        }

        Run(inputs, n, parts, ws, loss, backward, inputGradient, edgeAdjoint, edgeAbs: false, onBlock);

        double total = 0;
        for (int p = 0; p < parts; p++) total += ws[p].Loss;
        if (!parameterGradient.IsEmpty)
        {
            parameterGradient.Clear();
            int offset = 0;
            for (int l = 0; l < L; l++)
            {
                var prep = _prepared[l];
                var sc0 = ws[0].Scratch[l];
                double[] dW = sc0.DW, dWb = sc0.DWb;
                // the order-0 kernel's gradient is per piece polynomial: summed over the partitions, then mapped to the
                // folded weights once for the batch (a linear map)
                bool rows = order == 0 && !ValueKernel.IsNarrow(prep);
                double[] sum = rows ? sc0.DRows : dW;
                for (int p = 1; p < parts; p++)
                {
                    var sc = ws[p].Scratch[l];
                    VectorOps.Axpy(1.0, rows ? sc.DRows : sc.DW, sum);
                    VectorOps.Axpy(1.0, sc.DWb, dWb);
                }
                if (rows) prep.RowGradientToWeights(sc0.DRows, dW);
                int count = prep.Layer.ParameterCount, spline = prep.Layer.SplineParameterCount;
                prep.AccumulateParameterGradient(dW, dWb, parameterGradient.Slice(offset, spline));
                if (count > spline)
                {
                    var dst = parameterGradient.Slice(offset + spline, count - spline);
                    for (int p = 0; p < parts; p++)
                    {
                        var g = ws[p].SymbolicGradient[l];
                        for (int t = 0; t < dst.Length; t++) dst[t] += g[t];
                    }
                }
                offset += count;
            }
        }
        return new EvaluationResult(total, penalty);
    }

    private void Run(double[] inputs, int n, int parts, List<Workspace> ws, IJetLoss? loss, bool backward,
        double[]? inputGradient, double[][]? edgeAdjoint, bool edgeAbs, Action<int, Workspace>? onBlock)
    {
        int L = _prepared.Length, dim = _net.InputDimension;
        bool symbolic = _net.Layers.Any(l => l.Symbolic.ActiveCount > 0);
        bool valuesOnly = ws[0].Acts[0].Order == 0;
        // multiplication nodes run on the generic kernel (the planar one has no product step)
        bool planar = UsePlanarKernel && ws[0].PActs.Length > 0 && !symbolic && !_net.HasMultiplicationNodes;
        if (planar)
            foreach (var p in _prepared) p.RefreshPolynomials();
        void Partition(int p)
        {
            if (planar) { PlanarPartition(p); return; }
            var w = ws[p];
            w.Loss = 0;
            foreach (var sc in w.Scratch) sc.ClearAccumulators();
            if (symbolic) SymbolicPass.PrepareGradients(_net, w);
            long lo = (long)n * p / parts, hi = (long)n * (p + 1) / parts;
            for (int start = (int)lo; start < hi; start += BlockSize)
            {
                int cnt = (int)Math.Min(BlockSize, hi - start);
                var a0 = w.Acts[0];
                a0.Count = cnt;
                Array.Copy(inputs, (long)start * dim, a0.V, 0, (long)cnt * dim);
                for (int l = 0; l < L; l++)
                {
                    var sub = w.Sub[l] ?? w.Acts[l + 1];
                    if (valuesOnly) ValueKernel.Forward(_prepared[l], w.Acts[l], w.Scratch[l], sub, edgeAbs);
                    else LayerKernel.Forward(_prepared[l], w.Acts[l], w.Scratch[l], sub, edgeAbs);
                    if (symbolic) SymbolicPass.Forward(_net.Layers[l].Symbolic, w.Acts[l], sub);
                    if (w.Sub[l] != null) MultiplicationPass.Forward(_net.Layers[l], sub, w.Acts[l + 1]);
                }
                onBlock?.Invoke(start, w);
                if (loss == null) continue;
                var top = w.Adjs[L];
                top.Count = cnt;
                top.Clear();
                w.Loss += loss.Accumulate(start, w.Acts[L], top);
                if (!backward) continue;
                for (int l = L - 1; l >= 0; l--)
                {
                    var inAdj = l > 0 || inputGradient != null ? w.Adjs[l] : null;
                    var outAdj = w.Adjs[l + 1];
                    if (w.Sub[l] is { } sub)
                    {
                        MultiplicationPass.Backward(_net.Layers[l], sub, outAdj, w.SubAdj[l]!);
                        outAdj = w.SubAdj[l]!;
                    }
                    if (valuesOnly) ValueKernel.Backward(_prepared[l], w.Acts[l], w.Scratch[l], outAdj, inAdj, edgeAdjoint?[l]);
                    else LayerKernel.Backward(_prepared[l], w.Acts[l], w.Scratch[l], outAdj, inAdj, edgeAdjoint?[l]);
                    if (symbolic) SymbolicPass.Backward(_net.Layers[l].Symbolic, w.Acts[l], outAdj, inAdj, w.SymbolicGradient[l]);
                }
                if (inputGradient != null) Array.Copy(w.Adjs[0].V, 0, inputGradient, (long)start * dim, (long)cnt * dim);
            }
            if (valuesOnly && backward)
                for (int l = 0; l < L; l++) ValueKernel.FinishPartition(_prepared[l], w.Scratch[l]);
        }
        void PlanarPartition(int p)
        {
            var w = ws[p];
            w.Loss = 0;
            foreach (var sc in w.Scratch) sc.ClearAccumulators();
            foreach (var sc in w.PScratch) sc.DPoly.Clear();
            long lo = (long)n * p / parts, hi = (long)n * (p + 1) / parts;
            const int B = BlockSize;
            for (int start = (int)lo; start < hi; start += B)
            {
                int cnt = (int)Math.Min(B, hi - start), nv = (cnt + 7) & ~7;
                var x0 = w.PActs[0];
                var xv = x0.V;
                xv.Clear();
                for (int t = 0; t < cnt; t++)
                    for (int i = 0; i < dim; i++) xv[i * B + t] = inputs[(long)(start + t) * dim + i];
                for (int l = 0; l < L; l++)
                    PlanarKernel.Forward(_prepared[l], w.PActs[l], w.PScratch[l], w.PActs[l + 1], cnt, nv, edgeAbs ? w.Scratch[l].EdgeAbs : null);
                w.PActs[L].CopyTo(w.Acts[L], cnt);
                if (onBlock != null)
                {
                    for (int l = 0; l < L; l++) w.PActs[l].CopyTo(w.Acts[l], cnt);
                    onBlock(start, w);
                }
                if (loss == null) continue;
                var top = w.Adjs[L];
                top.Count = cnt;
                top.Clear();
                w.Loss += loss.Accumulate(start, w.Acts[L], top);
                if (!backward) continue;
                w.PAdjs[L].CopyFrom(top, cnt);
                for (int l = L - 1; l >= 0; l--)
                {
                    var inAdj = l > 0 || inputGradient != null ? w.PAdjs[l] : null;
                    PlanarKernel.Backward(_prepared[l], w.PActs[l], w.PScratch[l], w.PAdjs[l + 1], inAdj, cnt, nv,
                        w.Scratch[l].DWb, edgeAdjoint?[l]);
                }
                if (inputGradient != null)
                {
                    var gv = w.PAdjs[0].V;
                    for (int t = 0; t < cnt; t++)
                        for (int i = 0; i < dim; i++) inputGradient[(long)(start + t) * dim + i] = gv[i * B + t];
                }
            }
            if (backward)
                for (int l = 0; l < L; l++) _prepared[l].PolynomialGradientToWeights(w.PScratch[l].DPoly, w.Scratch[l].DW);
        }
        // small batches run their partitions on this thread: dispatching to the pool costs more than it saves.
        // The partitioning (hence every rounding) is the same either way.
        if (parts == 1 || (long)n * _edgeCount < ParallelThreshold)
            for (int p = 0; p < parts; p++) Partition(p);
        else
        {
            try { Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = KanNetwork.MaxDegreeOfParallelism }, Partition); }
            catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
            {
                // report the first failure as itself (e.g. a residual that is NaN at a point), not wrapped
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }
    }
}
