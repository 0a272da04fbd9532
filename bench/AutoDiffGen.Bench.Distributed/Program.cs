using System.Diagnostics;
using System.Globalization;
using AutoDiffGen;
using AutoDiffGen.Distributed;
using AutoDiffGen.Nn;

// Run by bench/distributed/run.sh under mpirun: `allreduce` times ProcessGroup.AllReduce exactly as allreduce.c
// times MPI_Allreduce; `overlap` measures how much of the gradient all-reduce the backward hides.
using var group = ProcessGroup.Init();
switch (args.FirstOrDefault())
{
    case "allreduce":
        AllReduce(group);
        break;
    case "overlap":
        Overlap(group, steps: args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50);
        break;
    default:
        Console.Error.WriteLine("usage: mpirun -np 2 dotnet AutoDiffGen.Bench.Distributed.dll allreduce|overlap [steps]");
        return 2;
}

return 0;

// Same sizes, repetitions and statistic as allreduce.c: sum of float32 in place, best of 5 rounds of n calls.
static void AllReduce(ProcessGroup group)
{
    for (var bytes = 4L << 10; bytes <= 64L << 20; bytes *= 4)
    {
        var count = (int)(bytes / sizeof(float));
        var tensor = Tensor.Ones(count);
        var calls = (int)Math.Clamp((256L << 20) / bytes, 5, 2000);
        group.AllReduce(tensor);
        var best = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            group.Barrier();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                group.AllReduce(tensor);
            }

            best = Math.Min(best, clock.Elapsed.TotalSeconds / calls);
        }

        // The slowest rank's time is the collective's.
        var slowest = Tensor.FromArray(new[] { best }, 1);
        group.AllReduce(slowest, ReduceOp.Max);
        best = slowest.ToArray<double>()[0];
        group.Print(string.Create(CultureInfo.InvariantCulture, $"allreduce {bytes} {best * 1e6:F2} us {bytes / best / 1e9:F3} GB/s"));
    }
}

// The MNIST MLP's step, data-parallel: the wait left after the backward (exposed) against a blocking all-reduce of
// all the gradients once the backward is over (what a design without overlap pays).
static void Overlap(ProcessGroup group, int steps)
{
    foreach (var (label, capMB, firstBytes) in new[]
    {
        ("default buckets (25 MB, first 1 MiB)", DistributedDataParallel.DefaultBucketCapMB, DistributedDataParallel.DefaultFirstBucketBytes),
        ("small buckets (0.1 MB, first 0.1 MB)", 0.1, 100L << 10),
    })
    {
        var init = new Generator(1);
        var mlp = new Sequential(new Linear(784, 256, generator: init), new ReLU(), new Linear(256, 128, generator: init), new ReLU(), new Linear(128, 10, generator: init));
        var ddp = new DistributedDataParallel(mlp, group, bucketCapMB: capMB, firstBucketBytes: firstBytes);
        var x = Tensor.Randn(new Shape(128, 784), DType.Float32, new Generator(group.Rank + 2));
        var labels = Tensor.FromArray(Enumerable.Range(0, 128).Select(i => (long)(i % 10)).ToArray(), 128);
        var criterion = new CrossEntropyLoss();
        var flat = Tensor.Zeros((int)mlp.NumParameters());
        double exposed = 0, blocking = 0, backward = 0;
        for (var step = -5; step < steps; step++)
        {
            using (TensorScope.Begin())
            {
                ddp.ZeroGrad();
                var loss = criterion.Call(ddp.Call(x), labels);
                group.Barrier();
                var clock = Stopwatch.StartNew();
                loss.Backward();
                var backwardTime = clock.Elapsed.TotalSeconds;
                group.Barrier();
                clock.Restart();
                group.AllReduce(flat);
                if (step >= 0)
                {
                    exposed += ddp.LastExposedCommunication.TotalSeconds;
                    blocking += clock.Elapsed.TotalSeconds;
                    backward += backwardTime;
                }
            }
        }

        group.Print(string.Create(
            CultureInfo.InvariantCulture,
            $"overlap {label}: {ddp.BucketParameterNames.Count} buckets, backward with all-reduce {backward / steps * 1e3:F3} ms, " +
            $"exposed wait {exposed / steps * 1e3:F3} ms, blocking all-reduce after backward {blocking / steps * 1e3:F3} ms, hidden {Math.Max(0, 1 - (exposed / blocking)):P0}"));
    }
}
