using AutoDiffGen.Data;
using AutoDiffGen.Nn;
using AutoDiffGen.Optim;
using AutoDiffGen.Serialization;

namespace AutoDiffGen.Tests.Child;

/// <summary>
/// A small training run that uses every source of run-to-run state: SGD with momentum, a StepLR schedule, Dropout and
/// Linear initialisation drawing from <see cref="Generator.Default"/>, and a shuffling DataLoader with its own generator.
/// Everything is rebuilt from seeds, so a run resumed from a checkpoint depends on nothing but that file.
/// </summary>
public static class TrainingRun
{
    /// <summary>
    /// Trains from the start, or from <paramref name="checkpoint"/> when <paramref name="resume"/> is set, until
    /// <paramref name="epochs"/> epochs are complete; with <paramref name="stopAfter"/>, saves the checkpoint after that
    /// many epochs and stops there. Returns the model's parameters.
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> Run(string checkpoint, bool resume, int epochs, int? stopAfter = null)
    {
        Tensor.ManualSeed(7);
        var model = new Sequential(new Linear(4, 16), new ReLU(), new Dropout(0.3), new Linear(16, 3));
        var optimizer = new SGD(model.Parameters(), lr: 0.2, momentum: 0.9);
        var scheduler = new StepLR(optimizer, stepSize: 2, gamma: 0.5);
        var shuffle = new Generator(5);
        var generators = new Dictionary<string, Generator> { ["shuffle"] = shuffle };

        var data = new Generator(123);
        var x = Tensor.Randn(new Shape(40, 4), generator: data);
        var y = Tensor.Randint(0, 3, new Shape(40), generator: data);
        var loader = new DataLoader(new TensorDataset(x, y), batchSize: 8, shuffle: true, generator: shuffle);

        var start = resume ? Checkpoint.Restore(checkpoint, model, optimizer, scheduler, generators) : 0;
        var loss = new CrossEntropyLoss();
        for (var epoch = start; epoch < epochs; epoch++)
        {
            foreach (var batch in loader)
            {
                optimizer.ZeroGrad();
                loss.Call(model.Call(batch[0]), batch[1]).Backward();
                optimizer.Step();
            }

            scheduler.Step();
            if (epoch + 1 == stopAfter)
            {
                Checkpoint.Save(checkpoint, model, optimizer, epoch + 1, scheduler: scheduler, generators: generators);
                break;
            }
        }

        return model.StateDict();
    }
}
