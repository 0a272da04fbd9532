using System.Diagnostics;
using AutoDiffGen.Data;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Distributed.Worker;

/// <summary>The multi-process checks, each run by every rank of one mpirun job.</summary>
internal static class Scenarios
{
    /// <summary>Every collective, each against a reference this rank computes from all ranks' (deterministic) inputs.</summary>
    internal static int Collectives()
    {
        using var pg = ProcessGroup.Init(TimeSpan.FromSeconds(30));
        var (rank, size) = (pg.Rank, pg.WorldSize);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            foreach (var op in Enum.GetValues<ReduceOp>())
            {
                // A view at a non-zero offset into a larger tensor: the collective works on the caller's own memory.
                var parent = Tensor.Zeros(new Shape(2, 3, 5, 7), dtype);
                var tensor = parent.Select(0, 1);
                tensor.CopyFromUntracked(Values(rank, dtype));
                pg.AllReduce(tensor, op);
                var expected = Reduce(op, size, dtype);
                Check.Equal(expected, ToDoubles(tensor), 0, $"AllReduce {op} {dtype}", rank);
                Check.Equal(expected, ToDoubles(parent.Select(0, 1)), 0, $"AllReduce {op} {dtype} wrote in place", rank);
                Check.Equal(new double[105], ToDoubles(parent.Select(0, 0)), 0, $"AllReduce {op} {dtype} left the rest alone", rank);
            }

            var async = Values(rank, dtype);
            var work = pg.AllReduceAsync(async, ReduceOp.Average);
            work.Wait();
            Check.True(work.IsCompleted, "AllReduceAsync: completed after Wait", rank);
            Check.Equal(Reduce(ReduceOp.Average, size, dtype), ToDoubles(async), 0, $"AllReduceAsync Average {dtype}", rank);

            for (var source = 0; source < size; source++)
            {
                var b = Values(rank, dtype);
                pg.Broadcast(b, source);
                Check.Equal(ToDoubles(Values(source, dtype)), ToDoubles(b), 0, $"Broadcast from {source} {dtype}", rank);
            }

            var gathered = pg.AllGather(Values(rank, dtype));
            Check.True(gathered.Shape == new Shape(size, 3, 5, 7), $"AllGather shape {gathered.Shape}", rank);
            var outputs = Enumerable.Range(0, size).Select(_ => Tensor.Zeros(new Shape(3, 5, 7), dtype)).ToArray();
            pg.AllGather(outputs, Values(rank, dtype));
            for (var k = 0; k < size; k++)
            {
                Check.Equal(ToDoubles(Values(k, dtype)), ToDoubles(gathered.Select(0, k)), 0, $"AllGather into one tensor, rank {k}'s part, {dtype}", rank);
                Check.Equal(ToDoubles(Values(k, dtype)), ToDoubles(outputs[k]), 0, $"AllGather into a list, rank {k}'s part, {dtype}", rank);
            }
        }

        pg.Barrier();

        var strided = Check.Throws<ArgumentException>(() => pg.AllReduce(Tensor.Zeros(3, 4).T), "non-contiguous AllReduce", rank);
        Check.True(strided.Message.Contains("not contiguous", StringComparison.Ordinal), strided.Message, rank);
        var integer = Check.Throws<ArgumentException>(() => pg.AllReduce(Tensor.Zeros(new Shape(3), DType.Int64)), "int64 AllReduce", rank);
        Check.True(integer.Message.Contains("float32 or float64", StringComparison.Ordinal), integer.Message, rank);

        // Debug mode: a shape that differs between ranks is an error on every rank, naming each rank's shape.
        pg.DebugChecks = true;
        var mismatch = Check.Throws<InvalidOperationException>(() => pg.AllReduce(Tensor.Zeros(rank == 0 ? 3 : 4)), "mismatched AllReduce", rank);
        Check.True(mismatch.Message.Contains("rank 0: AllReduce torch.float32 [3]", StringComparison.Ordinal) && mismatch.Message.Contains("rank 1: AllReduce torch.float32 [4]", StringComparison.Ordinal), mismatch.Message, rank);
        pg.AllReduce(Tensor.Zeros(3));
        pg.DebugChecks = false;

        Console.WriteLine($"PASS collectives rank {rank} of {size}");
        return 0;
    }

    /// <summary>
    /// Data-parallel training with per-rank batch B equals one process training with batch pB on the same samples:
    /// plain steps, steps with gradient accumulation under NoSync, and a module with an unused parameter.
    /// </summary>
    internal static int Train()
    {
        using var pg = ProcessGroup.Init(TimeSpan.FromSeconds(60));
        var (rank, size) = (pg.Rank, pg.WorldSize);
        const int B = 4, Steps = 6, Features = 5;
        var n = size * B * Steps;
        var g = new Generator(123);
        var x = Tensor.Randn(new Shape(n, Features), DType.Float64, g).ToArray<double>();
        var y = Tensor.Rand(new Shape(n), DType.Float64, g).ToArray<double>().Select(v => (long)(v * 3)).ToArray();

        // Each rank starts from different weights: the wrapper must broadcast rank 0's.
        var ddp = new DistributedDataParallel(Mlp(1000 + rank), pg, bucketCapMB: 100.0 / (1 << 20), firstBucketBytes: 64);
        Check.True(ddp.BucketParameterNames.Count > 1, $"expected several buckets, got {ddp.BucketParameterNames.Count}", rank);
        Check.True(ddp.BucketParameterNames[0][0] == "2.bias", $"the first bucket starts with the last layer's bias, got {ddp.BucketParameterNames[0][0]}", rank);
        var reference = Mlp(1000);
        Train(ddp, Shard, x, y, B, Steps, accumulate: false, ddp);
        Train(reference, (epoch, step, count) => Order(n, epoch).Skip(step * count).Take(count).ToArray(), x, y, size * B, Steps, accumulate: false, null);

        // Gradient accumulation: two backward passes per step, the first under NoSync.
        Train(ddp, Shard, x, y, B, Steps, accumulate: true, ddp);
        Train(reference, (epoch, step, count) => Order(n, epoch).Skip(step * count).Take(count).ToArray(), x, y, size * B, Steps, accumulate: true, null);

        // NOTE: the per-rank mean losses, averaged, equal the mean over all pB samples exactly in real arithmetic; in
        // float64 the sums run in another order (GEMM blocks, all-reduce), so weights of size ~1 after 9 SGD steps agree
        // to a few ulps of the summed gradients: 1e-12 leaves three orders of magnitude of room and still catches any
        // wrong scale (a missing average is off by ~1e-2).
        var expected = reference.Parameters().SelectMany(p => p.ToArray<double>()).ToArray();
        var actual = ddp.Module.Parameters().SelectMany(p => p.ToArray<double>()).ToArray();
        Check.Equal(expected, actual, 1e-12, $"weights after data-parallel training on {size} ranks against one process with batch {size * B}", rank);

        // The replicas stay identical: every rank's weights against rank 0's.
        var everyone = pg.AllGather(Tensor.FromArray(actual, actual.Length));
        Check.Equal(everyone.Select(0, 0).ToArray<double>(), actual, 0, "weights equal rank 0's", rank);

        Unused(pg);
        Console.WriteLine($"PASS train rank {rank} of {size}");
        return 0;

        int[] Shard(int epoch, int step, int count)
        {
            var sampler = new DistributedSampler(n, size, rank, shuffle: true, seed: 5);
            sampler.SetEpoch(epoch);
            return sampler.Indices().Skip(step * count).Take(count).ToArray();
        }
    }

    /// <summary>The first bucket's all-reduce starts while the backward is still computing earlier layers' gradients.</summary>
    internal static int Overlap()
    {
        using var pg = ProcessGroup.Init(TimeSpan.FromSeconds(30));
        var rank = pg.Rank;
        var layers = new List<Module>();
        for (var i = 0; i < 4; i++)
        {
            layers.Add(new Linear(64, 64, generator: new Generator(i)));
            layers.Add(new ReLU());
        }

        var model = new Sequential([.. layers]);

        // Registered before the wrapper's hooks, so it runs first on the first layer's weight, the last gradient to
        // be ready: by then the first bucket (the last layer) must already be on the wire.
        var firstWeight = model.Parameters().First();
        DistributedDataParallel? ddp = null;
        var launchesWhenLastGradientReady = -1;
        firstWeight.RegisterPostAccumulateGradHook(_ => launchesWhenLastGradientReady = ddp!.LastLaunches.Count);
        ddp = new DistributedDataParallel(model, pg, bucketCapMB: 1.0 / (1 << 20), firstBucketBytes: 1);
        Check.True(ddp.BucketParameterNames.Count == 8, $"one bucket per parameter, got {ddp.BucketParameterNames.Count}", rank);

        var input = Tensor.Randn(new Shape(16, 64), DType.Float32, new Generator(rank + 1));
        ddp.Call(input).Sum().Backward();

        Check.True(launchesWhenLastGradientReady >= 1, $"buckets started before the last gradient was ready: {launchesWhenLastGradientReady}", rank);
        var first = ddp.LastLaunches[0];
        Check.True(first.Bucket == 0 && first.GradientsStillPending > 0, $"bucket 0 started with {first.GradientsStillPending} gradients still to come", rank);
        Check.True(ddp.LastLaunches.Count == 8, $"every bucket started once, got {ddp.LastLaunches.Count}", rank);
        Console.WriteLine($"PASS overlap rank {rank}: bucket 0 started with {first.GradientsStillPending} of 8 gradients still to come, {launchesWhenLastGradientReady} buckets in flight when the last one was ready");
        return 0;
    }

    /// <summary>Rank 1 throws while rank 0 waits in an all-reduce: the job must end, naming rank 1.</summary>
    internal static int Throw()
    {
        var pg = ProcessGroup.Init(TimeSpan.FromSeconds(120));
        if (pg.Rank == 1)
        {
            throw new InvalidOperationException("deliberate failure in the throw scenario");
        }

        pg.AllReduce(Tensor.Zeros(8));
        return 0;
    }

    /// <summary>Rank 1 is killed (SIGKILL) while rank 0 waits in an all-reduce: the job must end, naming rank 1.</summary>
    internal static int Kill()
    {
        var pg = ProcessGroup.Init(TimeSpan.FromSeconds(120));
        if (pg.Rank == 1)
        {
            Thread.Sleep(200);
            Process.GetCurrentProcess().Kill();
        }

        pg.AllReduce(Tensor.Zeros(8));
        return 0;
    }

    /// <summary>Rank 1 never reaches the all-reduce: rank 0's watchdog aborts the job after its 2 s timeout, naming rank 0.</summary>
    internal static int Hang()
    {
        var pg = ProcessGroup.Init(TimeSpan.FromSeconds(2));
        if (pg.Rank == 1)
        {
            Thread.Sleep(TimeSpan.FromSeconds(120));
        }

        pg.AllReduce(Tensor.Zeros(8));
        return 0;
    }

    private static void Unused(ProcessGroup pg)
    {
        var rank = pg.Rank;
        var strict = new DistributedDataParallel(new TwoHeads(), pg);
        var input = Tensor.Ones(new Shape(2, 3), DType.Float64);
        var error = Check.Throws<InvalidOperationException>(() => strict.Call(input), "forward with an unused parameter", rank);
        Check.True(error.Message.Contains("unused.weight", StringComparison.Ordinal) && error.Message.Contains("findUnusedParameters", StringComparison.Ordinal), error.Message, rank);

        var lenient = new DistributedDataParallel(new TwoHeads(), pg, findUnusedParameters: true);
        lenient.Call(input * (rank + 1.0)).Sum().Backward();
        var heads = (TwoHeads)lenient.Module;
        Check.True(heads.Unused.Weight.Grad is null, "a parameter no rank used keeps a null gradient", rank);

        // d(sum(W x))/dW = x summed over the batch; averaged over ranks whose inputs are (r+1): the mean of 2(r+1).
        var mean = Enumerable.Range(0, pg.WorldSize).Average(r => 2.0 * (r + 1));
        Check.Equal(Enumerable.Repeat(mean, 6).ToArray(), heads.Used.Weight.Grad!.ToArray<double>(), 1e-15, "used parameter's averaged gradient", rank);
    }

    private static void Train(Module model, Func<int, int, int, int[]> batchRows, double[] x, long[] y, int batch, int steps, bool accumulate, DistributedDataParallel? ddp)
    {
        var epoch = accumulate ? 1 : 0;
        var optimizer = new SGD(model.Parameters(), lr: 0.1, momentum: 0.9);
        var criterion = new CrossEntropyLoss();
        var microSteps = accumulate ? 2 : 1;
        for (var step = 0; step < steps; step += microSteps)
        {
            optimizer.ZeroGrad();
            for (var micro = 0; micro < microSteps; micro++)
            {
                var rows = batchRows(epoch, step + micro, batch);
                var (xb, yb) = Gather(rows, x, y);
                using var noSync = accumulate && micro == 0 && ddp is not null ? ddp.NoSync() : null;
                criterion.Call(model.Call(xb), yb).Backward();
            }

            optimizer.Step();
        }
    }

    private static (Tensor X, Tensor Y) Gather(int[] rows, double[] x, long[] y)
    {
        var features = x.Length / y.Length;
        var xb = new double[rows.Length * features];
        var yb = new long[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            Array.Copy(x, rows[i] * features, xb, i * features, features);
            yb[i] = y[rows[i]];
        }

        return (Tensor.FromArray(xb, rows.Length, features), Tensor.FromArray(yb, rows.Length));
    }

    private static int[] Order(int n, int epoch) => new Generator(5 + epoch).Permutation(n);

    private static Sequential Mlp(long seed)
    {
        var g = new Generator(seed);
        return new Sequential(new Linear(5, 7, dtype: DType.Float64, generator: g), new Tanh(), new Linear(7, 3, dtype: DType.Float64, generator: g));
    }

    private static Tensor Values(int rank, DType dtype)
    {
        // Small dyadic values: sums, products, minima and maxima of a few ranks' are exact in float32, so the
        // reference needs no tolerance whatever order MPI combines them in.
        var values = new double[105];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((rank + 1) * 0.5) + ((i % 17) * 0.25) - 2;
        }

        return Tensor.FromArray(values, 3, 5, 7).To(dtype);
    }

    private static double[] Reduce(ReduceOp op, int size, DType dtype)
    {
        var result = new double[105];
        for (var i = 0; i < result.Length; i++)
        {
            var all = Enumerable.Range(0, size).Select(r => ((r + 1) * 0.5) + ((i % 17) * 0.25) - 2).ToArray();
            result[i] = op switch
            {
                ReduceOp.Sum => all.Sum(),
                ReduceOp.Average => dtype == DType.Float32 ? (float)all.Sum() * (float)(1.0 / size) : all.Sum() * (1.0 / size),
                ReduceOp.Product => all.Aggregate(1.0, (a, b) => a * b),
                ReduceOp.Min => all.Min(),
                _ => all.Max(),
            };
        }

        return result;
    }

    private static double[] ToDoubles(Tensor t) => t.To(DType.Float64).ToArray<double>();

    private sealed class TwoHeads : Module
    {
        public TwoHeads()
        {
            Used = RegisterModule("used", new Linear(3, 2, bias: false, dtype: DType.Float64, generator: new Generator(3)));
            Unused = RegisterModule("unused", new Linear(3, 2, bias: false, dtype: DType.Float64, generator: new Generator(4)));
        }

        public Linear Used { get; }

        public Linear Unused { get; }

        public override Tensor Forward(Tensor input) => Used.Call(input);
    }
}
