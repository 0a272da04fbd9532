using System.Diagnostics;
using System.Numerics.Tensors;
using AutoDiffGen.Nn;

namespace AutoDiffGen.Distributed;

/// <summary>
/// Data-parallel training across the processes of a <see cref="ProcessGroup"/> (PyTorch's
/// <c>torch.nn.parallel.DistributedDataParallel</c>): every rank holds a replica of <see cref="Module"/>, runs it on
/// its own shard of each batch, and after <c>loss.Backward()</c> every rank holds the gradients averaged over all
/// ranks, so identical optimizer steps keep the replicas identical.
/// </summary>
/// <remarks>
/// <para>On construction the parameters and buffers are broadcast from rank 0. The gradients are grouped into
/// buckets of about <c>bucketCapMB</c> in reverse registration order (the order the backward produces them), the first
/// bucket small (<see cref="DefaultFirstBucketBytes"/>) so that communication starts early. A hook on every parameter
/// (<see cref="Tensor.RegisterPostAccumulateGradHook"/>) copies its gradient into its bucket once the backward has
/// finished it; when a bucket's last gradient arrives its all-reduce is started (non-blocking), in bucket order on
/// every rank, while the backward goes on with earlier layers. When the last bucket has started, the hook waits for
/// them all and writes the averages back into each parameter's <see cref="Tensor.Grad"/>: when
/// <c>loss.Backward()</c> returns, the gradients are synchronised.</para>
/// <para>Each <see cref="Forward"/> finds the parameters its output depends on. A parameter that did not take part
/// would never receive a gradient, so its bucket would never be reduced: that is an error naming it, unless
/// <c>findUnusedParameters</c> is set, in which case it contributes zeros and keeps its gradient when no rank used it.</para>
/// <para>Inside <see cref="NoSync"/> gradients only accumulate locally (gradient accumulation); the first backward
/// after it reduces the accumulated gradients.</para>
/// </remarks>
public sealed class DistributedDataParallel : Module
{
    /// <summary>PyTorch's default bucket size, in MB (2²⁰ bytes).</summary>
    public const double DefaultBucketCapMB = 25;

    /// <summary>PyTorch's default size of the first bucket to be reduced, in bytes (1 MiB).</summary>
    public const long DefaultFirstBucketBytes = 1L << 20;

    private readonly ProcessGroup _group;
    private readonly bool _findUnusedParameters;
    private readonly bool _broadcastBuffers;
    private readonly GradientBucket[] _buckets;
    private readonly Dictionary<Tensor, (GradientBucket Bucket, int Slot)> _slots = new(ReferenceEqualityComparer.Instance);
    private readonly List<IDisposable> _hooks = [];
    private readonly List<BucketLaunch> _launches = [];
    private HashSet<Tensor>? _used;
    private int _syncSuspended;
    private bool _prepared;
    private int _nextBucket;
    private int _readyCount;

    /// <summary>Wraps <paramref name="module"/>, broadcasting its parameters and buffers from rank 0.</summary>
    /// <param name="module">The replica on this rank; every rank must pass the same architecture.</param>
    /// <param name="group">The processes to train across; <see cref="ProcessGroup.Init"/>'s group when omitted.</param>
    /// <param name="bucketCapMB">Bucket size in MB (2²⁰ bytes): fewer, larger all-reduces amortise latency; smaller ones start sooner.</param>
    /// <param name="findUnusedParameters">Allow parameters that some forward passes do not use (they contribute zeros).</param>
    /// <param name="broadcastBuffers">Copy rank 0's buffers (e.g. running statistics) to every rank at each forward.</param>
    /// <param name="firstBucketBytes">Size of the first bucket (the last layers' gradients), so that communication starts early.</param>
    public DistributedDataParallel(
        Module module,
        ProcessGroup? group = null,
        double bucketCapMB = DefaultBucketCapMB,
        bool findUnusedParameters = false,
        bool broadcastBuffers = true,
        long firstBucketBytes = DefaultFirstBucketBytes)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (!(bucketCapMB > 0) || firstBucketBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bucketCapMB), $"DistributedDataParallel: bucket sizes must be positive (bucketCapMB {bucketCapMB}, firstBucketBytes {firstBucketBytes}).");
        }

        _group = group ?? ProcessGroup.World ?? ProcessGroup.Init();
        _findUnusedParameters = findUnusedParameters;
        _broadcastBuffers = broadcastBuffers;
        Module = RegisterModule("module", module);

        var parameters = module.NamedParameters().Where(p => p.Parameter.RequiresGrad).ToArray();
        VerifySameParameters(parameters);
        foreach (var (_, parameter) in parameters)
        {
            _group.Broadcast(parameter, 0);
        }

        BroadcastBuffers();

        // Reverse registration order: the backward reaches the last layers first.
        var reversed = parameters.Reverse().ToArray();
        var assignment = ComputeBucketAssignment(
            reversed.Select(p => ((long)p.Parameter.NumElements * p.Parameter.DType.ElementSize(), p.Parameter.DType)).ToArray(),
            firstBucketBytes,
            (long)(bucketCapMB * (1 << 20)));
        _buckets = new GradientBucket[assignment.Count];
        for (var b = 0; b < assignment.Count; b++)
        {
            var members = assignment[b].Select(i => reversed[i]).ToArray();
            _buckets[b] = new GradientBucket(b, members.Select(m => m.Parameter).ToArray(), members.Select(m => m.Name).ToArray());
            for (var slot = 0; slot < members.Length; slot++)
            {
                _slots.Add(members[slot].Parameter, (_buckets[b], slot));
                _hooks.Add(members[slot].Parameter.RegisterPostAccumulateGradHook(OnGradientReady));
            }
        }

        BucketParameterNames = _buckets.Select(b => (IReadOnlyList<string>)b.Names).ToArray();
    }

    /// <summary>The wrapped replica (PyTorch's <c>ddp.module</c>): save and load its state dict, without the <c>module.</c> prefix.</summary>
    public Module Module { get; }

    /// <summary>The process group the gradients are averaged over.</summary>
    public ProcessGroup Group => _group;

    /// <summary>The parameters of each bucket, in the order the buckets are reduced (names relative to <see cref="Module"/>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> BucketParameterNames { get; }

    /// <summary>Time the last synchronised backward spent waiting for all-reduces after its last gradient was ready: communication not hidden behind the backward.</summary>
    public TimeSpan LastExposedCommunication { get; private set; }

    /// <summary>Per bucket of the last synchronised backward, in launch order: how many parameters' gradients were still to come when its all-reduce started.</summary>
    internal IReadOnlyList<BucketLaunch> LastLaunches => _launches;

    internal IReadOnlyList<GradientBucket> Buckets => _buckets;

    /// <summary>Runs the replica on this rank's inputs and prepares the next backward to synchronise the gradients.</summary>
    public override Tensor Forward(Tensor input)
    {
        CheckPreviousIterationFinished();
        if (_broadcastBuffers && _group.WorldSize > 1)
        {
            BroadcastBuffers();
        }

        var output = Module.Call(input);
        if (Autograd.IsGradEnabled && _syncSuspended == 0 && IsTraining)
        {
            PrepareForBackward(output);
        }

        return output;
    }

    /// <summary>
    /// Within the returned scope, backward passes accumulate gradients locally without communicating (PyTorch's
    /// <c>no_sync()</c>); the first synchronised backward after it all-reduces the accumulated gradients.
    /// </summary>
    public IDisposable NoSync()
    {
        _syncSuspended++;
        return new SyncScope(this);
    }

    /// <summary>
    /// Splits tensors (sizes in bytes, in the order their gradients are expected) into buckets, PyTorch's way: a
    /// bucket per dtype fills until it reaches its limit (<paramref name="firstBucketBytes"/> for the first,
    /// <paramref name="bucketBytes"/> after), so it may exceed the limit by its last tensor.
    /// </summary>
    internal static List<List<int>> ComputeBucketAssignment(IReadOnlyList<(long Bytes, DType DType)> tensors, long firstBucketBytes, long bucketBytes)
    {
        var result = new List<List<int>>();
        var open = new Dictionary<DType, (List<int> Members, long Bytes, long Limit)>();
        for (var i = 0; i < tensors.Count; i++)
        {
            var (bytes, dtype) = tensors[i];
            var bucket = open.TryGetValue(dtype, out var b) ? b : ([], 0, firstBucketBytes);
            bucket.Members.Add(i);
            bucket.Bytes += bytes;
            if (bucket.Bytes >= bucket.Limit)
            {
                result.Add(bucket.Members);
                bucket = ([], 0, bucketBytes);
            }

            open[dtype] = bucket;
        }

        result.AddRange(open.Values.Where(b => b.Members.Count > 0).Select(b => b.Members));

        // Reduced in the order their first gradient is expected.
        result.Sort((x, y) => x[0].CompareTo(y[0]));
        return result;
    }

    private void PrepareForBackward(Tensor output)
    {
        _used = ReachableParameters(output);
        var unused = _slots.Keys.Where(p => !_used.Contains(p)).ToList();
        if (unused.Count > 0 && !_findUnusedParameters)
        {
            throw new InvalidOperationException(
                $"DistributedDataParallel: parameter(s) {string.Join(", ", NamesOf(unused))} did not take part in producing the output, so they " +
                "would never receive a gradient and their bucket's all-reduce would never start. Pass findUnusedParameters: true, " +
                "or remove those parameters from the module (or set RequiresGrad = false on them) before wrapping it.");
        }

        foreach (var bucket in _buckets)
        {
            bucket.Pending = bucket.Parameters.Length;
            bucket.Work = null;
        }

        _launches.Clear();
        _nextBucket = 0;
        _readyCount = 0;
        _prepared = true;
        if (output.GradFn is null)
        {
            return;
        }

        // Unused parameters are ready now: they contribute their local gradient (zeros when none).
        foreach (var parameter in unused)
        {
            MarkReady(parameter);
        }
    }

    private void OnGradientReady(Tensor parameter)
    {
        if (!_prepared || _syncSuspended > 0)
        {
            return;
        }

        if (!_used!.Contains(parameter))
        {
            throw new InvalidOperationException(
                $"DistributedDataParallel: parameter {NamesOf([parameter]).Single()} received a gradient, but the module's output did not " +
                "depend on it (it was used outside Forward, or counted unused), so its gradient cannot be synchronised across ranks. " +
                "Use the module's parameters only inside its Forward.");
        }

        MarkReady(parameter);
    }

    private void MarkReady(Tensor parameter)
    {
        // The hook runs inside the caller's step scope: nothing here may be recycled when that scope ends.
        using var unscoped = TensorScope.Suspend();
        var (bucket, slot) = _slots[parameter];
        var (offset, length) = (bucket.Offsets[slot], parameter.NumElements);
        var grad = parameter.Grad?.ContiguousUntracked();
        if (bucket.DType == DType.Float32)
        {
            var destination = bucket.Buffer.Data<float>().Slice(offset, length);
            if (grad is null)
            {
                destination.Clear();
            }
            else
            {
                grad.Data<float>().CopyTo(destination);
            }
        }
        else
        {
            var destination = bucket.Buffer.Data<double>().Slice(offset, length);
            if (grad is null)
            {
                destination.Clear();
            }
            else
            {
                grad.Data<double>().CopyTo(destination);
            }
        }

        _readyCount++;
        if (--bucket.Pending == 0)
        {
            // Buckets start strictly in order, the same on every rank, as MPI matches collectives by order.
            while (_nextBucket < _buckets.Length && _buckets[_nextBucket].Pending == 0)
            {
                var next = _buckets[_nextBucket++];
                next.Work = _group.AllReduceAsync(next.Buffer, ReduceOp.Sum);
                _launches.Add(new BucketLaunch(next.Index, _slots.Count - _readyCount));
            }
        }
        else
        {
            // MPI progresses non-blocking collectives only inside MPI calls: give the ones in flight a turn.
            for (var b = 0; b < _nextBucket; b++)
            {
                if (_buckets[b].Work is { } work)
                {
                    _ = work.IsCompleted;
                }
            }
        }

        if (_nextBucket == _buckets.Length)
        {
            Finish();
        }
    }

    private void Finish()
    {
        var exposed = Stopwatch.StartNew();
        float[]? globallyUsed = _findUnusedParameters ? GloballyUsed() : null;
        var scale = 1.0 / _group.WorldSize;
        var index = 0;
        foreach (var bucket in _buckets)
        {
            bucket.Work!.Wait();
            for (var slot = 0; slot < bucket.Parameters.Length; slot++, index++)
            {
                var parameter = bucket.Parameters[slot];
                if (globallyUsed is not null && globallyUsed[index] == 0)
                {
                    // No rank used it: like PyTorch, leave its gradient as it was (often null).
                    continue;
                }

                WriteBack(parameter, bucket, slot, scale);
            }
        }

        LastExposedCommunication = exposed.Elapsed;
        _prepared = false;
    }

    private static void WriteBack(Tensor parameter, GradientBucket bucket, int slot, double scale)
    {
        var (offset, length) = (bucket.Offsets[slot], parameter.NumElements);
        var grad = parameter.Grad;
        if (grad is null || !grad.IsContiguous || grad.RequiresGrad || grad.IsDisposed)
        {
            grad = Tensor.Empty(parameter.Shape, parameter.DType);
            parameter.Grad = grad;
        }

        if (parameter.DType == DType.Float32)
        {
            TensorPrimitives.Multiply(bucket.Buffer.Data<float>().Slice(offset, length), (float)scale, grad.Data<float>());
        }
        else
        {
            TensorPrimitives.Multiply(bucket.Buffer.Data<double>().Slice(offset, length), scale, grad.Data<double>());
        }
    }

    /// <summary>With <c>findUnusedParameters</c>: how many ranks used each parameter (in bucket order), summed across ranks.</summary>
    private float[] GloballyUsed()
    {
        var flags = new float[_slots.Count];
        var index = 0;
        foreach (var bucket in _buckets)
        {
            foreach (var parameter in bucket.Parameters)
            {
                flags[index++] = _used!.Contains(parameter) ? 1 : 0;
            }
        }

        var tensor = Tensor.FromArray(flags, flags.Length);
        _group.AllReduce(tensor, ReduceOp.Sum);
        return tensor.ToArray<float>();
    }

    private void CheckPreviousIterationFinished()
    {
        if (!_prepared)
        {
            return;
        }

        if (_readyCount > 0)
        {
            var missing = _slots.Keys.Where(p => _buckets.Any(b => b.Pending > 0 && b.Parameters.Contains(p)) && !IsSlotFilled(p));
            throw new InvalidOperationException(
                "DistributedDataParallel: the previous backward did not finish synchronising the gradients: " +
                $"parameter(s) {string.Join(", ", NamesOf(missing))} received no gradient, so their buckets were never reduced and " +
                "the gradients on this rank are not averaged. Every parameter used in the forward must receive a gradient " +
                "(or pass findUnusedParameters: true).");
        }

        // A forward whose output was never differentiated (e.g. evaluation without NoGrad) started no collective.
        _prepared = false;
    }

    private bool IsSlotFilled(Tensor parameter) => _launches.Any(l => _buckets[l.Bucket].Parameters.Contains(parameter));

    /// <summary>The leaves that require grad and that <paramref name="output"/>'s graph reaches.</summary>
    private HashSet<Tensor> ReachableParameters(Tensor output)
    {
        var found = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        if (output.GradFn is not { } root)
        {
            if (_slots.ContainsKey(output))
            {
                found.Add(output);
            }

            return found;
        }

        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<Node>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            foreach (var input in stack.Pop().InputsOrThrow)
            {
                if (input.GradFn is { } producer)
                {
                    if (seen.Add(producer))
                    {
                        stack.Push(producer);
                    }
                }
                else if (input.RequiresGrad && _slots.ContainsKey(input))
                {
                    found.Add(input);
                }
            }
        }

        return found;
    }

    private IEnumerable<string> NamesOf(IEnumerable<Tensor> parameters)
        => parameters.Select(p => _slots[p]).Select(s => s.Bucket.Names[s.Slot]);

    private void BroadcastBuffers()
    {
        foreach (var (_, buffer) in Module.NamedBuffers())
        {
            if (buffer.DType is DType.Float32 or DType.Float64)
            {
                _group.Broadcast(buffer, 0);
            }
        }
    }

    /// <summary>Checks that every rank wraps parameters of the same count and shapes, naming the ranks that differ.</summary>
    private void VerifySameParameters((string Name, Tensor Parameter)[] parameters)
    {
        long hash = 17;
        long elements = 0;
        foreach (var (_, p) in parameters)
        {
            elements += p.NumElements;
            foreach (var d in p.Shape.Dims)
            {
                hash = ((hash * 31) + d) % (1L << 40);
            }

            hash = ((hash * 31) + (long)p.DType) % (1L << 40);
        }

        var all = _group.AllGather(Tensor.FromArray(new double[] { parameters.Length, elements, hash }, 3)).ToArray<double>();
        for (var r = 1; r < _group.WorldSize; r++)
        {
            if (all[3 * r] != all[0] || all[(3 * r) + 1] != all[1] || all[(3 * r) + 2] != all[2])
            {
                var ranks = Enumerable.Range(0, _group.WorldSize).Select(k => $"rank {k}: {all[3 * k]} parameters, {all[(3 * k) + 1]} elements");
                throw new InvalidOperationException(
                    $"DistributedDataParallel: the ranks wrap different models ({string.Join("; ", ranks)}" +
                    (all[0] == all[3 * r] && all[1] == all[(3 * r) + 1] ? ", with different shapes or dtypes" : string.Empty) +
                    "). Every rank must build the same architecture.");
            }
        }
    }

    private sealed class SyncScope(DistributedDataParallel owner) : IDisposable
    {
        private DistributedDataParallel? _owner = owner;

        public void Dispose()
        {
            if (_owner is { } o)
            {
                o._syncSuspended--;
                _owner = null;
            }
        }
    }
}

/// <summary>A bucket's all-reduce start: which bucket, and how many parameters' gradients the backward had still to produce.</summary>
internal readonly record struct BucketLaunch(int Bucket, int GradientsStillPending);
