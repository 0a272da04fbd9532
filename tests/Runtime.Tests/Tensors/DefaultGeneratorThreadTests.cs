using AutoDiffGen.Data;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;

namespace AutoDiffGen.Tests.Tensors;

/// <summary>Generator.Default is per thread: two models trained at once on two threads reproduce their solo runs.</summary>
public class DefaultGeneratorThreadTests
{
    [Fact]
    public void TwoModelsTrainedAtOnceOnTwoThreadsMatchTheirSoloRuns()
    {
        // Solo runs, each on a thread of its own.
        var soloA = OnNewThread(() => Train(seed: 1));
        var soloB = OnNewThread(() => Train(seed: 2));
        Assert.NotEqual(soloA, soloB);

        // Both at once, started together so that their draws from the default generator interleave.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var start = new Barrier(2);
            float[]? a = null, b = null;
            var ta = new Thread(() => { start.SignalAndWait(); a = Train(seed: 1); });
            var tb = new Thread(() => { start.SignalAndWait(); b = Train(seed: 2); });
            ta.Start();
            tb.Start();
            ta.Join();
            tb.Join();
            Assert.Equal(soloA, a);
            Assert.Equal(soloB, b);
        }
    }

    [Fact]
    public void EachThreadHasItsOwnDefaultGeneratorStartingFromTheLastManualSeed()
    {
        var mine = Generator.Default;
        var theirs = OnNewThread(() => Generator.Default);
        Assert.NotSame(mine, theirs);
        Assert.Same(mine, Generator.Default);

        // A new thread's first draw is the seed's first draw (ManualSeed sets where new threads start).
        var first = OnNewThread(() =>
        {
            Tensor.ManualSeed(77);
            return OnNewThread(() => Generator.Default.NextUInt64());
        });
        Assert.Equal(new Generator(77).NextUInt64(), first);
    }

    /// <summary>Initialises (Linear), trains with Dropout and a shuffling DataLoader, all from the default generator.</summary>
    private static float[] Train(long seed)
    {
        Tensor.ManualSeed(seed);
        var model = new Sequential(new Linear(8, 32), new ReLU(), new Dropout(0.2), new Linear(32, 4));
        var optimizer = new SGD(model.Parameters(), lr: 0.1);
        var x = Tensor.Randn(64, 8);
        var y = Tensor.Randint(0, 4, new Shape(64));
        var loader = new DataLoader(new TensorDataset(x, y), batchSize: 16, shuffle: true);
        for (var epoch = 0; epoch < 5; epoch++)
        {
            foreach (var batch in loader)
            {
                optimizer.ZeroGrad();
                new CrossEntropyLoss().Call(model.Call(batch[0]), batch[1]).Backward();
                optimizer.Step();
            }
        }

        return model.Parameters().SelectMany(p => p.ToArray<float>()).ToArray();
    }

    private static T OnNewThread<T>(Func<T> body)
    {
        T result = default!;
        var thread = new Thread(() => result = body());
        thread.Start();
        thread.Join();
        return result;
    }
}
