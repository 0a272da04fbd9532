using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using AutoDiffGen.Serialization;

namespace AutoDiffGen.Tests.Serialization;

public class CheckpointResumeTests : IDisposable
{
    private const int Steps = 12;
    private const int StopAfter = 5;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Optimizers => new() { "sgd", "sgd-nesterov", "adam", "adam-amsgrad", "adamw", "rmsprop", "adagrad" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void ResumingFromACheckpointContinuesExactlyAsIfNeverStopped(string optimizerName)
    {
        // Uninterrupted run.
        var (model, optimizer) = Create(optimizerName, seed: 1);
        for (var step = 0; step < Steps; step++)
        {
            TrainStep(model, optimizer, step);
        }

        // Interrupted run: save after StopAfter steps, then resume in a fresh model and optimizer initialised differently.
        var (first, firstOptimizer) = Create(optimizerName, seed: 1);
        for (var step = 0; step < StopAfter; step++)
        {
            TrainStep(first, firstOptimizer, step);
        }

        var path = _dir.File("resume.safetensors");
        Checkpoint.Save(path, first, firstOptimizer, epoch: StopAfter);

        var (resumed, resumedOptimizer) = Create(optimizerName, seed: 99);
        var start = Checkpoint.Restore(path, resumed, resumedOptimizer);
        Assert.Equal(StopAfter, start);
        for (var step = start; step < Steps; step++)
        {
            TrainStep(resumed, resumedOptimizer, step);
        }

        // Bit for bit: the checkpoint carries every value the update depends on.
        var expected = model.StateDict();
        var actual = resumed.StateDict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, tensor) in expected)
        {
            Assert.Equal(tensor.ToArray<float>(), actual[key].ToArray<float>());
        }
    }

    [Fact]
    public void RestoringIntoAModelOfAnotherShapeNamesTheKey()
    {
        var (model, optimizer) = Create("sgd", seed: 1);
        var path = _dir.File("mlp.safetensors");
        Checkpoint.Save(path, model, optimizer, epoch: 1);

        var other = new Sequential(new Linear(4, 5), new ReLU(), new Linear(5, 3));

        var error = Assert.Throws<InvalidOperationException>(() => Checkpoint.Restore(path, other));
        Assert.Contains("0.weight", error.Message);
    }

    [Theory]
    [InlineData("sgd", "adam", "SGD", "Adam")]
    [InlineData("adam", "sgd", "Adam", "SGD")]
    [InlineData("adam", "adamw", "Adam", "AdamW")]
    [InlineData("rmsprop", "adagrad", "RMSprop", "Adagrad")]
    public void RestoringIntoAnotherOptimizerTypeIsAnErrorNamingBoth(string saved, string restored, string savedName, string restoredName)
    {
        var (model, optimizer) = Create(saved, seed: 1);
        TrainStep(model, optimizer, 0);
        var path = _dir.File("typed.safetensors");
        Checkpoint.Save(path, model, optimizer, epoch: 1);

        var (other, otherOptimizer) = Create(restored, seed: 1);
        var before = other.StateDict().ToDictionary(p => p.Key, p => p.Value.ToArray<float>());
        var error = Assert.Throws<InvalidOperationException>(() => Checkpoint.Restore(path, other, otherOptimizer));
        Assert.Contains(savedName, error.Message);
        Assert.Contains(restoredName, error.Message);

        // Nothing changed: the model is as it was.
        Assert.All(other.StateDict(), p => Assert.Equal(before[p.Key], p.Value.ToArray<float>()));
    }

    [Fact]
    public void LoadingAnotherOptimizersStateDictIsAnErrorEvenWithoutACheckpoint()
    {
        var (model, sgd) = Create("sgd", seed: 1);
        TrainStep(model, sgd, 0);
        var adam = new Adam(model.Parameters(), lr: 0.01);

        var error = Assert.Throws<InvalidOperationException>(() => adam.LoadStateDict(sgd.StateDict()));
        Assert.Contains("Adam.LoadStateDict", error.Message);
        Assert.Contains("another optimizer type", error.Message);
    }

    [Fact]
    public void RestoringAnOptimizerFromAModelOnlyCheckpointIsAnError()
    {
        var (model, optimizer) = Create("adam", seed: 1);
        var path = _dir.File("weights.safetensors");
        Checkpoint.Save(path, model, optimizer: null, epoch: 0);

        Assert.Contains("no optimizer state", Assert.Throws<InvalidOperationException>(() => Checkpoint.Restore(path, model, optimizer)).Message);
    }

    private static (Module Model, Optimizer Optimizer) Create(string optimizerName, long seed)
    {
        var init = new Generator(seed);
        var model = new Sequential(new Linear(4, 8, generator: init), new ReLU(), new Linear(8, 3, generator: init));
        Optimizer optimizer = optimizerName switch
        {
            "sgd" => new SGD(model.Parameters(), lr: 0.1, momentum: 0.9, weightDecay: 1e-3),
            "sgd-nesterov" => new SGD(model.Parameters(), lr: 0.05, momentum: 0.8, nesterov: true),
            "adam" => new Adam(model.Parameters(), lr: 0.01),
            "adam-amsgrad" => new Adam(model.Parameters(), lr: 0.01, amsgrad: true),
            "adamw" => new AdamW(model.Parameters(), lr: 0.01),
            "rmsprop" => new RMSprop(model.Parameters(), lr: 0.01, momentum: 0.5),
            "adagrad" => new Adagrad(model.Parameters(), lr: 0.1),
            _ => throw new ArgumentOutOfRangeException(nameof(optimizerName)),
        };
        return (model, optimizer);
    }

    /// <summary>One step on a batch that depends only on the step number, so both runs see the same data.</summary>
    private static void TrainStep(Module model, Optimizer optimizer, int step)
    {
        var data = new Generator(1000 + step);
        var x = Tensor.Randn(new Shape(6, 4), generator: data);
        var y = Tensor.Randint(0, 3, new Shape(6), generator: data);
        var loss = new CrossEntropyLoss().Call(model.Call(x), y);
        optimizer.ZeroGrad();
        loss.Backward();
        optimizer.Step();
    }
}
